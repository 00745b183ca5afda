/**
 * Hand-written xAPI statement validation (1.0.3 and 2.0.0). Strict: unknown
 * properties are rejected, never removed. Each check reports the first problem
 * as `path: message`, where path names the failing property.
 */

export type XapiVersion = '1.0' | '2.0'

class Invalid extends Error {
  constructor(readonly path: string, message: string) {
    super(`${path}: ${message}`)
  }
}

type Json = Record<string, unknown>

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const IRI = /^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]+$/i
const LANGUAGE_TAG = /^[a-z]{1,8}(-[a-z0-9]{1,8})*$/i
const MBOX = /^mailto:[^@\s]+@[^@\s]+$/
const SHA1 = /^[0-9a-f]{40}$/i
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}(:?\d{2})?)$/i
const DURATION = /^P(?=\d|T\d)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$/
const VERSION = /^(1\.0(\.\d+)?|2\.0(\.\d+)?)$/
const INTERACTION_TYPES = new Set(['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other'])
const VOIDED = 'http://adlnet.gov/expapi/verbs/voided'

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value)
}

/** Parses an xAPI timestamp to epoch milliseconds, or NaN when it is not one. */
export function instantOf(value: string): number {
  const match = TIMESTAMP.exec(value)
  if (!match) return Number.NaN
  const zone = match[2] ?? ''
  // Normalise a basic-format offset (+0100, +01) to extended (+01:00) for Date.parse.
  let normalized = value
  if (zone !== 'Z' && zone !== 'z') {
    const digits = zone.slice(1).replace(':', '')
    const extended = `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2) || '00'}`
    normalized = value.slice(0, value.length - zone.length) + extended
  }
  return Date.parse(normalized)
}

function object(value: unknown, path: string): Json {
  if (!isObject(value)) throw new Invalid(path, 'must be an object')
  return value
}

function keys(value: Json, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw new Invalid(`${path}.${key}`, 'is not an allowed property')
  }
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new Invalid(path, 'must be a string')
  return value
}

function iri(value: unknown, path: string): string {
  const text = string(value, path)
  if (!IRI.test(text)) throw new Invalid(path, 'must be an absolute IRI')
  return text
}

function uuid(value: unknown, path: string): void {
  if (!isUuid(value)) throw new Invalid(path, 'must be a UUID')
}

function bool(value: unknown, path: string): void {
  if (typeof value !== 'boolean') throw new Invalid(path, 'must be a boolean')
}

function number(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Invalid(path, 'must be a number')
  return value
}

function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new Invalid(path, 'must be an array')
  return value
}

function timestamp(value: unknown, path: string): void {
  const text = string(value, path)
  if (Number.isNaN(instantOf(text))) throw new Invalid(path, 'must be an ISO 8601 timestamp with a time zone')
  // The zone is always last (checked above); -00:00 is "unknown offset" in RFC 3339.
  if (/-00(:?00)?$/.test(text)) throw new Invalid(path, 'must not use the offset -00:00')
}

function languageMap(value: unknown, path: string): void {
  const map = object(value, path)
  for (const [tag, text] of Object.entries(map)) {
    if (!LANGUAGE_TAG.test(tag)) throw new Invalid(`${path}.${tag}`, 'must be keyed by a language tag')
    string(text, `${path}.${tag}`)
  }
}

function extensions(value: unknown, path: string): void {
  const map = object(value, path)
  for (const key of Object.keys(map)) iri(key, `${path}.${key}`)
}

const IFIS = ['mbox', 'mbox_sha1sum', 'openid', 'account'] as const

function ifis(value: Json, path: string): number {
  let count = 0
  for (const ifi of IFIS) {
    const v = value[ifi]
    if (v === undefined) continue
    count++
    const p = `${path}.${ifi}`
    if (ifi === 'mbox') {
      if (!MBOX.test(string(v, p))) throw new Invalid(p, 'must be a mailto: IRI')
    } else if (ifi === 'mbox_sha1sum') {
      if (!SHA1.test(string(v, p))) throw new Invalid(p, 'must be a hex SHA-1')
    } else if (ifi === 'openid') {
      iri(v, p)
    } else {
      const account = object(v, p)
      keys(account, ['homePage', 'name'], p)
      iri(account.homePage, `${p}.homePage`)
      string(account.name, `${p}.name`)
    }
  }
  return count
}

function agent(value: unknown, path: string): void {
  const a = object(value, path)
  keys(a, ['objectType', 'name', ...IFIS], path)
  if (a.objectType !== undefined && a.objectType !== 'Agent') throw new Invalid(`${path}.objectType`, 'must be "Agent"')
  if (a.name !== undefined) string(a.name, `${path}.name`)
  if (ifis(a, path) !== 1) throw new Invalid(path, 'an Agent must have exactly one of mbox, mbox_sha1sum, openid, account')
}

function group(value: unknown, path: string): void {
  const g = object(value, path)
  keys(g, ['objectType', 'name', 'member', ...IFIS], path)
  if (g.objectType !== 'Group') throw new Invalid(`${path}.objectType`, 'must be "Group"')
  if (g.name !== undefined) string(g.name, `${path}.name`)
  const count = ifis(g, path)
  if (count > 1) throw new Invalid(path, 'a Group must have at most one inverse functional identifier')
  if (g.member !== undefined) array(g.member, `${path}.member`).forEach((m, i) => agent(m, `${path}.member[${i}]`))
  if (count === 0 && (!Array.isArray(g.member) || g.member.length === 0)) throw new Invalid(`${path}.member`, 'an anonymous Group must list its members')
}

function actor(value: unknown, path: string): void {
  if (isObject(value) && value.objectType === 'Group') group(value, path)
  else agent(value, path)
}

function verb(value: unknown, path: string): string {
  const v = object(value, path)
  keys(v, ['id', 'display'], path)
  const id = iri(v.id, `${path}.id`)
  if (v.display !== undefined) languageMap(v.display, `${path}.display`)
  return id
}

function components(value: unknown, path: string): void {
  array(value, path).forEach((c, i) => {
    const p = `${path}[${i}]`
    const component = object(c, p)
    keys(component, ['id', 'description'], p)
    string(component.id, `${p}.id`)
    if (component.description !== undefined) languageMap(component.description, `${p}.description`)
  })
}

function definition(value: unknown, path: string): void {
  const d = object(value, path)
  keys(d, ['name', 'description', 'type', 'moreInfo', 'interactionType', 'correctResponsesPattern', 'choices', 'scale', 'source', 'target', 'steps', 'extensions'], path)
  if (d.name !== undefined) languageMap(d.name, `${path}.name`)
  if (d.description !== undefined) languageMap(d.description, `${path}.description`)
  if (d.type !== undefined) iri(d.type, `${path}.type`)
  if (d.moreInfo !== undefined) iri(d.moreInfo, `${path}.moreInfo`)
  if (d.interactionType !== undefined && !INTERACTION_TYPES.has(string(d.interactionType, `${path}.interactionType`))) {
    throw new Invalid(`${path}.interactionType`, 'is not an xAPI interaction type')
  }
  if (d.correctResponsesPattern !== undefined) {
    array(d.correctResponsesPattern, `${path}.correctResponsesPattern`).forEach((s, i) => string(s, `${path}.correctResponsesPattern[${i}]`))
  }
  for (const list of ['choices', 'scale', 'source', 'target', 'steps'] as const) {
    if (d[list] !== undefined) {
      if (d.interactionType === undefined) throw new Invalid(`${path}.${list}`, 'needs an interactionType')
      components(d[list], `${path}.${list}`)
    }
  }
  if (d.extensions !== undefined) extensions(d.extensions, `${path}.extensions`)
}

function activity(value: unknown, path: string): void {
  const a = object(value, path)
  keys(a, ['objectType', 'id', 'definition'], path)
  if (a.objectType !== undefined && a.objectType !== 'Activity') throw new Invalid(`${path}.objectType`, 'must be "Activity"')
  iri(a.id, `${path}.id`)
  if (a.definition !== undefined) definition(a.definition, `${path}.definition`)
}

function statementRef(value: unknown, path: string): void {
  const r = object(value, path)
  keys(r, ['objectType', 'id'], path)
  if (r.objectType !== 'StatementRef') throw new Invalid(`${path}.objectType`, 'must be "StatementRef"')
  uuid(r.id, `${path}.id`)
}

function statementObject(value: unknown, path: string, version: XapiVersion, inSubStatement: boolean): void {
  const o = object(value, path)
  switch (o.objectType ?? 'Activity') {
    case 'Activity':
      return activity(o, path)
    case 'Agent':
      return agent(o, path)
    case 'Group':
      return group(o, path)
    case 'StatementRef':
      return statementRef(o, path)
    case 'SubStatement':
      if (inSubStatement) throw new Invalid(`${path}.objectType`, 'a SubStatement cannot contain a SubStatement')
      return subStatement(o, path, version)
    default:
      throw new Invalid(`${path}.objectType`, 'must be Activity, Agent, Group, StatementRef or SubStatement')
  }
}

function score(value: unknown, path: string): void {
  const s = object(value, path)
  keys(s, ['scaled', 'raw', 'min', 'max'], path)
  if (s.scaled !== undefined) {
    const scaled = number(s.scaled, `${path}.scaled`)
    if (scaled < -1 || scaled > 1) throw new Invalid(`${path}.scaled`, 'must be between -1 and 1')
  }
  const min = s.min === undefined ? undefined : number(s.min, `${path}.min`)
  const max = s.max === undefined ? undefined : number(s.max, `${path}.max`)
  const raw = s.raw === undefined ? undefined : number(s.raw, `${path}.raw`)
  if (min !== undefined && max !== undefined && min > max) throw new Invalid(`${path}.min`, 'must not be greater than max')
  if (raw !== undefined && min !== undefined && raw < min) throw new Invalid(`${path}.raw`, 'must not be less than min')
  if (raw !== undefined && max !== undefined && raw > max) throw new Invalid(`${path}.raw`, 'must not be greater than max')
}

function result(value: unknown, path: string): void {
  const r = object(value, path)
  keys(r, ['score', 'success', 'completion', 'response', 'duration', 'extensions'], path)
  if (r.score !== undefined) score(r.score, `${path}.score`)
  if (r.success !== undefined) bool(r.success, `${path}.success`)
  if (r.completion !== undefined) bool(r.completion, `${path}.completion`)
  if (r.response !== undefined) string(r.response, `${path}.response`)
  if (r.duration !== undefined && !DURATION.test(string(r.duration, `${path}.duration`))) {
    throw new Invalid(`${path}.duration`, 'must be an ISO 8601 duration')
  }
  if (r.extensions !== undefined) extensions(r.extensions, `${path}.extensions`)
}

function activityList(value: unknown, path: string): void {
  if (Array.isArray(value)) value.forEach((a, i) => activity(a, `${path}[${i}]`))
  else activity(value, path)
}

function context(value: unknown, path: string, version: XapiVersion, objectIsActivity: boolean): void {
  const c = object(value, path)
  const allowed = ['registration', 'instructor', 'team', 'contextActivities', 'revision', 'platform', 'language', 'statement', 'extensions']
  if (version === '2.0') allowed.push('contextAgents', 'contextGroups')
  keys(c, allowed, path)
  if (c.registration !== undefined) uuid(c.registration, `${path}.registration`)
  if (c.instructor !== undefined) actor(c.instructor, `${path}.instructor`)
  if (c.team !== undefined) group(c.team, `${path}.team`)
  if (c.contextActivities !== undefined) {
    const ca = object(c.contextActivities, `${path}.contextActivities`)
    keys(ca, ['parent', 'grouping', 'category', 'other'], `${path}.contextActivities`)
    for (const [k, v] of Object.entries(ca)) activityList(v, `${path}.contextActivities.${k}`)
  }
  for (const k of ['revision', 'platform'] as const) {
    if (c[k] === undefined) continue
    string(c[k], `${path}.${k}`)
    if (!objectIsActivity) throw new Invalid(`${path}.${k}`, 'is only allowed when the object is an Activity')
  }
  if (c.language !== undefined && !LANGUAGE_TAG.test(string(c.language, `${path}.language`))) {
    throw new Invalid(`${path}.language`, 'must be a language tag')
  }
  if (c.statement !== undefined) statementRef(c.statement, `${path}.statement`)
  if (c.extensions !== undefined) extensions(c.extensions, `${path}.extensions`)
  if (c.contextAgents !== undefined) {
    array(c.contextAgents, `${path}.contextAgents`).forEach((entry, i) => {
      const p = `${path}.contextAgents[${i}]`
      const e = object(entry, p)
      keys(e, ['objectType', 'agent', 'relevantTypes'], p)
      if (e.objectType !== 'contextAgent') throw new Invalid(`${p}.objectType`, 'must be "contextAgent"')
      agent(e.agent, `${p}.agent`)
      if (e.relevantTypes !== undefined) array(e.relevantTypes, `${p}.relevantTypes`).forEach((t, j) => iri(t, `${p}.relevantTypes[${j}]`))
    })
  }
  if (c.contextGroups !== undefined) {
    array(c.contextGroups, `${path}.contextGroups`).forEach((entry, i) => {
      const p = `${path}.contextGroups[${i}]`
      const e = object(entry, p)
      keys(e, ['objectType', 'group', 'relevantTypes'], p)
      if (e.objectType !== 'contextGroup') throw new Invalid(`${p}.objectType`, 'must be "contextGroup"')
      group(e.group, `${p}.group`)
      if (e.relevantTypes !== undefined) array(e.relevantTypes, `${p}.relevantTypes`).forEach((t, j) => iri(t, `${p}.relevantTypes[${j}]`))
    })
  }
}

function attachments(value: unknown, path: string): void {
  array(value, path).forEach((entry, i) => {
    const p = `${path}[${i}]`
    const a = object(entry, p)
    keys(a, ['usageType', 'display', 'description', 'contentType', 'length', 'sha2', 'fileUrl'], p)
    iri(a.usageType, `${p}.usageType`)
    languageMap(a.display, `${p}.display`)
    if (a.description !== undefined) languageMap(a.description, `${p}.description`)
    string(a.contentType, `${p}.contentType`)
    const length = number(a.length, `${p}.length`)
    if (!Number.isInteger(length) || length < 0) throw new Invalid(`${p}.length`, 'must be a non-negative integer')
    string(a.sha2, `${p}.sha2`)
    if (a.fileUrl === undefined) throw new Invalid(`${p}.fileUrl`, 'is required: this LRS does not accept attachment content (multipart/mixed) yet')
    iri(a.fileUrl, `${p}.fileUrl`)
  })
}

function core(s: Json, path: string, version: XapiVersion, inSubStatement: boolean): void {
  if (s.actor === undefined) throw new Invalid(`${path}.actor`, 'is required')
  actor(s.actor, `${path}.actor`)
  if (s.verb === undefined) throw new Invalid(`${path}.verb`, 'is required')
  const verbId = verb(s.verb, `${path}.verb`)
  if (s.object === undefined) throw new Invalid(`${path}.object`, 'is required')
  statementObject(s.object, `${path}.object`, version, inSubStatement)
  const objectIsActivity = isObject(s.object) && (s.object.objectType === undefined || s.object.objectType === 'Activity')
  if (verbId === VOIDED && !inSubStatement && (!isObject(s.object) || s.object.objectType !== 'StatementRef')) {
    throw new Invalid(`${path}.object`, 'a voiding statement must have a StatementRef object')
  }
  if (s.result !== undefined) result(s.result, `${path}.result`)
  if (s.context !== undefined) context(s.context, `${path}.context`, version, objectIsActivity)
  if (s.timestamp !== undefined) timestamp(s.timestamp, `${path}.timestamp`)
  if (s.attachments !== undefined) attachments(s.attachments, `${path}.attachments`)
}

function subStatement(s: Json, path: string, version: XapiVersion): void {
  keys(s, ['objectType', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'attachments'], path)
  core(s, path, version, true)
}

const STATEMENT_KEYS = ['id', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'stored', 'authority', 'version', 'attachments'] as const

/** Returns null when the statement is valid, else a message naming the failing property. */
export function validateStatement(value: unknown, version: XapiVersion, path = 'statement'): string | null {
  try {
    const s = object(value, path)
    keys(s, STATEMENT_KEYS, path)
    if (s.id !== undefined) uuid(s.id, `${path}.id`)
    core(s, path, version, false)
    if (s.stored !== undefined) timestamp(s.stored, `${path}.stored`)
    if (s.authority !== undefined) actor(s.authority, `${path}.authority`)
    if (s.version !== undefined && !VERSION.test(string(s.version, `${path}.version`))) {
      throw new Invalid(`${path}.version`, 'must be 1.0.x or 2.0.x')
    }
    return null
  } catch (error) {
    if (error instanceof Invalid) return error.message
    throw error
  }
}
