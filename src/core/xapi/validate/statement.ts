/**
 * The statement walker: checks every property of an incoming statement against
 * xAPI 1.0.3 (adlnet/xAPI-Spec, Part Two "Data") or IEEE 9274.1.1 (xAPI 2.0),
 * and builds a fresh, normalised copy as it goes. It stops at the first
 * problem and reports the property path. Section numbers below are those of
 * the 1.0.3 Data part unless marked otherwise.
 */
import {
  isDuration,
  isIri,
  isIrl,
  isLanguageTag,
  isMailtoIri,
  isMediaType,
  isSha1Hex,
  isSha2Hex,
  isStatementVersion,
  isUri,
  isUuid,
  mediaTypeEssence,
  parseTimestamp,
} from './formats.js'

export type XapiVersion = '1.0' | '2.0'

/** A rejected statement: the failing property's path and a message that starts with it. */
export interface ValidationError {
  readonly property: string
  readonly message: string
}

type Json = Record<string, unknown>

export const VOIDED_VERB = 'http://adlnet.gov/expapi/verbs/voided'
export const SIGNATURE_USAGE_TYPE = 'http://adlnet.gov/expapi/attachments/signature'

export const INTERACTION_TYPES = [
  'true-false',
  'choice',
  'fill-in',
  'long-fill-in',
  'matching',
  'performance',
  'sequencing',
  'likert',
  'numeric',
  'other',
] as const

/** §2.4.4.1 "Interaction Components": the component lists each interactionType supports. */
const COMPONENT_LISTS: Readonly<Record<string, readonly string[]>> = {
  'true-false': [],
  choice: ['choices'],
  'fill-in': [],
  'long-fill-in': [],
  matching: ['source', 'target'],
  performance: ['steps'],
  sequencing: ['choices'],
  likert: ['scale'],
  numeric: [],
  other: [],
}
const ALL_COMPONENT_LISTS = ['choices', 'scale', 'source', 'target', 'steps'] as const

/** Thrown inside the walker only; the public functions turn it into a result. */
export class Invalid {
  constructor(
    readonly property: string,
    readonly reason: string,
  ) {}
}

function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`
  return path === '' ? key : `${path}.${key}`
}

function fail(path: string, reason: string): never {
  throw new Invalid(path, reason)
}

function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Sets a property without ever touching a prototype (a `__proto__` key stays a plain key). */
function put(target: Json, key: string, value: unknown): void {
  // Only `__proto__` is an accessor on Object.prototype; any other key assigned is
  // a plain own property, and assignment is several times cheaper than defineProperty.
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  else target[key] = value
}

/** What each object kind may contain. */
interface Shape {
  readonly allowed: readonly string[]
  /** Properties only xAPI 2.0 defines. */
  readonly only20?: readonly string[]
}

class Walker {
  constructor(readonly version: XapiVersion) {}

  /**
   * Checks that `value` is an object whose keys are all allowed (§2.2.s4.b1.b5,
   * b7 and s4.b8; 2.0 makes additional properties a "shall reject"), and that
   * no value is null (§2.2.s4.b1.b1). Keys whose value is `undefined` are
   * treated as absent.
   */
  object(value: unknown, path: string, what: string, shape: Shape): Json {
    if (!isPlainObject(value)) fail(path, `must be ${what} (a JSON object)`)
    for (const key of Object.keys(value)) {
      const v = value[key]
      if (v === undefined) continue
      if (!shape.allowed.includes(key)) {
        if (shape.only20?.includes(key) && this.version === '1.0') {
          fail(at(path, key), 'is not allowed in xAPI 1.0.x (it was added in xAPI 2.0)')
        }
        const hint = shape.allowed.find((k) => k.toLowerCase() === key.toLowerCase())
        fail(at(path, key), hint ? `is not an allowed property (property names are case-sensitive: "${hint}")` : `is not an allowed property of ${what}`)
      }
      if (v === null) fail(at(path, key), 'must not be null')
    }
    return value
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string') fail(path, 'must be a string')
    return value
  }

  number(value: unknown, path: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, 'must be a number')
    return value
  }

  boolean(value: unknown, path: string): boolean {
    if (typeof value !== 'boolean') fail(path, 'must be a boolean (true or false)')
    return value
  }

  array(value: unknown, path: string): readonly unknown[] {
    if (!Array.isArray(value)) fail(path, 'must be an array')
    return value
  }

  iri(value: unknown, path: string): string {
    const s = this.string(value, path)
    if (!isIri(s)) fail(path, 'must be an absolute IRI (with a scheme, e.g. "https://…")')
    return s
  }

  irl(value: unknown, path: string): string {
    const s = this.string(value, path)
    if (!isIrl(s)) fail(path, 'must be an absolute IRL (with a scheme, e.g. "https://…")')
    return s
  }

  uuid(value: unknown, path: string): string {
    const s = this.string(value, path)
    if (!isUuid(s)) fail(path, 'must be a UUID in standard string form (8-4-4-4-12 hex digits)')
    return s
  }

  timestamp(value: unknown, path: string): string {
    const s = this.string(value, path)
    const parsed = parseTimestamp(s)
    if (parsed === 'negative-zero-offset') fail(path, 'must not use the offset -00:00 (ISO 8601 writes a zero offset as +00:00 or Z)')
    if (parsed === 'format') fail(path, 'must be an ISO 8601 timestamp, e.g. "2024-05-01T12:00:00.000Z"')
    if (typeof parsed !== 'string' && parsed.offsetMinutes === null && this.version === '2.0') {
      fail(path, 'must include a time zone offset (Z or ±hh:mm) in xAPI 2.0')
    }
    return s
  }

  /** §4.2 Language Maps: RFC 5646 tags as keys (§2.2.s4.b2), strings as values. */
  languageMap(value: unknown, path: string): Json {
    if (!isPlainObject(value)) fail(path, 'must be a language map (a JSON object)')
    const out: Json = {}
    for (const key of Object.keys(value)) {
      const v = value[key]
      if (v === undefined) continue
      if (!isLanguageTag(key)) fail(at(path, key), 'is not a valid RFC 5646 language tag')
      put(out, key, this.string(v, at(path, key)))
    }
    return out
  }

  /** §4.1 Extensions: IRI keys (§4.1.s3.b1); any JSON value, null included (§2.2.s4.b1.b1). */
  extensions(value: unknown, path: string): Json {
    if (!isPlainObject(value)) fail(path, 'must be an extensions map (a JSON object)')
    const out: Json = {}
    for (const key of Object.keys(value)) {
      const v = value[key]
      if (v === undefined) continue
      if (!isIri(key)) fail(at(path, key), 'extension keys must be absolute IRIs')
      put(out, key, cloneJson(v, at(path, key)))
    }
    return out
  }

  /** §2.4.2.3 Inverse Functional Identifiers present on an Agent or Group, validated. */
  ifis(obj: Json, path: string, out: Json): string[] {
    const found: string[] = []
    if (obj.mbox !== undefined) {
      const s = this.string(obj.mbox, at(path, 'mbox'))
      if (!isMailtoIri(s)) fail(at(path, 'mbox'), 'must be a mailto IRI ("mailto:name@example.com")')
      put(out, 'mbox', s)
      found.push('mbox')
    }
    if (obj.mbox_sha1sum !== undefined) {
      const s = this.string(obj.mbox_sha1sum, at(path, 'mbox_sha1sum'))
      if (!isSha1Hex(s)) fail(at(path, 'mbox_sha1sum'), 'must be a hex-encoded SHA-1 hash (40 hex digits)')
      put(out, 'mbox_sha1sum', s)
      found.push('mbox_sha1sum')
    }
    if (obj.openid !== undefined) {
      const s = this.string(obj.openid, at(path, 'openid'))
      if (!isUri(s)) fail(at(path, 'openid'), 'must be an absolute URI')
      put(out, 'openid', s)
      found.push('openid')
    }
    if (obj.account !== undefined) {
      put(out, 'account', this.account(obj.account, at(path, 'account')))
      found.push('account')
    }
    return found
  }

  /** §2.4.2.4 Account Object: homePage (IRL) and name (string), both required. */
  account(value: unknown, path: string): Json {
    const obj = this.object(value, path, 'an account object', { allowed: ['homePage', 'name'] })
    if (obj.homePage === undefined) fail(at(path, 'homePage'), 'is required')
    if (obj.name === undefined) fail(at(path, 'name'), 'is required')
    const out: Json = {}
    for (const key of Object.keys(obj)) {
      if (key === 'homePage') put(out, key, this.irl(obj.homePage, at(path, 'homePage')))
      else if (key === 'name') put(out, key, this.string(obj.name, at(path, 'name')))
    }
    return out
  }

  /**
   * §2.4.2.1 Agent: exactly one IFI (s2.b1, b2); objectType `Agent` when present.
   * `requireObjectType` is set where §2.4.4.2 demands it (Agent as a statement's object).
   */
  agent(value: unknown, path: string, requireObjectType = false): Json {
    const obj = this.object(value, path, 'an Agent', {
      allowed: ['objectType', 'name', 'mbox', 'mbox_sha1sum', 'openid', 'account'],
    })
    if (obj.objectType !== undefined && obj.objectType !== 'Agent') {
      if (obj.objectType === 'Group') fail(at(path, 'objectType'), 'must be "Agent": Groups are not allowed here')
      fail(at(path, 'objectType'), 'must be "Agent"')
    }
    if (requireObjectType && obj.objectType === undefined) fail(at(path, 'objectType'), 'is required when an Agent is the object')
    const out: Json = {}
    if (obj.objectType !== undefined) put(out, 'objectType', 'Agent')
    if (obj.name !== undefined) put(out, 'name', this.string(obj.name, at(path, 'name')))
    const ifis = this.ifis(obj, path, out)
    if (ifis.length === 0) fail(path, 'an Agent must have exactly one inverse functional identifier (mbox, mbox_sha1sum, openid or account)')
    if (ifis.length > 1) fail(path, `an Agent must have exactly one inverse functional identifier, found ${ifis.join(' and ')}`)
    return reorder(obj, out)
  }

  /**
   * §2.4.2.2 Group: objectType `Group` required. Anonymous (no IFI): `member`
   * required (s4.b1). Identified: exactly one IFI (s5.b1). Members are Agents,
   * never Groups (s4.b2, s5.b2).
   */
  group(value: unknown, path: string): Json {
    const obj = this.object(value, path, 'a Group', {
      allowed: ['objectType', 'name', 'member', 'mbox', 'mbox_sha1sum', 'openid', 'account'],
    })
    if (obj.objectType !== 'Group') fail(at(path, 'objectType'), 'must be "Group"')
    const out: Json = { objectType: 'Group' }
    if (obj.name !== undefined) put(out, 'name', this.string(obj.name, at(path, 'name')))
    const ifis = this.ifis(obj, path, out)
    if (ifis.length > 1) fail(path, `an identified Group must have exactly one inverse functional identifier, found ${ifis.join(' and ')}`)
    if (obj.member !== undefined) {
      const members = this.array(obj.member, at(path, 'member'))
      put(
        out,
        'member',
        members.map((m, i) => {
          const p = at(at(path, 'member'), i)
          if (isPlainObject(m) && m.objectType === 'Group') fail(at(p, 'objectType'), 'a Group member must be an Agent, not a Group')
          return this.agent(m, p)
        }),
      )
    }
    if (ifis.length === 0) {
      if (obj.member === undefined) fail(at(path, 'member'), 'is required for an anonymous Group (a Group without an inverse functional identifier)')
      if ((out.member as unknown[]).length === 0) fail(at(path, 'member'), 'an anonymous Group must list at least one member')
    }
    return reorder(obj, out)
  }

  /** An Agent or a Group, told apart by objectType (§2.4.2). */
  actor(value: unknown, path: string): Json {
    if (isPlainObject(value) && value.objectType === 'Group') return this.group(value, path)
    if (isPlainObject(value) && value.objectType !== undefined && value.objectType !== 'Agent') {
      fail(at(path, 'objectType'), 'must be "Agent" or "Group"')
    }
    return this.agent(value, path)
  }

  /** §2.4.3 Verb: id (IRI, required), display (language map). */
  verb(value: unknown, path: string): Json {
    const obj = this.object(value, path, 'a Verb', { allowed: ['id', 'display'] })
    if (obj.id === undefined) fail(at(path, 'id'), 'is required')
    const out: Json = {}
    for (const key of Object.keys(obj)) {
      if (key === 'id') put(out, key, this.iri(obj.id, at(path, 'id')))
      else if (key === 'display' && obj.display !== undefined) put(out, key, this.languageMap(obj.display, at(path, 'display')))
    }
    return out
  }

  /** §2.4.4.1 Activity: objectType `Activity` when present, id (IRI, required), definition. */
  activity(value: unknown, path: string): Json {
    const obj = this.object(value, path, 'an Activity', { allowed: ['objectType', 'id', 'definition'] })
    if (obj.objectType !== undefined && obj.objectType !== 'Activity') fail(at(path, 'objectType'), 'must be "Activity"')
    if (obj.id === undefined) fail(at(path, 'id'), 'is required')
    const out: Json = {}
    for (const key of Object.keys(obj)) {
      if (key === 'objectType' && obj.objectType !== undefined) put(out, key, 'Activity')
      else if (key === 'id') put(out, key, this.iri(obj.id, at(path, 'id')))
      else if (key === 'definition' && obj.definition !== undefined) put(out, key, this.definition(obj.definition, at(path, 'definition')))
    }
    return out
  }

  /** §2.4.4.1 Activity Definition, including Interaction Activities (s8–s16). */
  definition(value: unknown, path: string): Json {
    const obj = this.object(value, path, 'an Activity Definition', {
      allowed: ['name', 'description', 'type', 'moreInfo', 'interactionType', 'correctResponsesPattern', ...ALL_COMPONENT_LISTS, 'extensions'],
    })
    const interactionType = obj.interactionType
    if (interactionType !== undefined) {
      if (typeof interactionType !== 'string' || !(INTERACTION_TYPES as readonly string[]).includes(interactionType)) {
        fail(at(path, 'interactionType'), `must be one of ${INTERACTION_TYPES.join(', ')}`)
      }
    }
    const out: Json = {}
    for (const key of Object.keys(obj)) {
      const v = obj[key]
      if (v === undefined) continue
      const p = at(path, key)
      switch (key) {
        case 'name':
        case 'description':
          put(out, key, this.languageMap(v, p))
          break
        case 'type':
          put(out, key, this.iri(v, p))
          break
        case 'moreInfo':
          put(out, key, this.irl(v, p))
          break
        case 'interactionType':
          put(out, key, v)
          break
        case 'correctResponsesPattern':
          // s13.b1: interaction properties need a valid interactionType.
          if (interactionType === undefined) fail(p, 'requires an interactionType')
          put(out, key, this.array(v, p).map((s, i) => this.string(s, at(p, i))))
          break
        case 'extensions':
          put(out, key, this.extensions(v, p))
          break
        default: {
          // An interaction component list (choices, scale, source, target, steps).
          if (interactionType === undefined) fail(p, 'requires an interactionType')
          const supported = COMPONENT_LISTS[interactionType as string] ?? []
          if (!supported.includes(key)) {
            fail(p, `is not a component list of interactionType "${interactionType as string}"` + (supported.length ? ` (allowed: ${supported.join(', ')})` : ' (it has none)'))
          }
          put(out, key, this.components(v, p))
        }
      }
    }
    return out
  }

  /** §2.4.4.1.s15 Interaction components: id (string, required, distinct in the list), description. */
  components(value: unknown, path: string): Json[] {
    const seen = new Set<string>()
    return this.array(value, path).map((c, i) => {
      const p = at(path, i)
      const obj = this.object(c, p, 'an interaction component', { allowed: ['id', 'description'] })
      if (obj.id === undefined) fail(at(p, 'id'), 'is required')
      const id = this.string(obj.id, at(p, 'id'))
      if (id === '') fail(at(p, 'id'), 'must not be empty')
      if (seen.has(id)) fail(at(p, 'id'), `duplicates the id "${id}" earlier in the list (ids must be distinct, §2.4.4.1.s16)`)
      seen.add(id)
      const out: Json = {}
      for (const key of Object.keys(obj)) {
        if (key === 'id') put(out, key, id)
        else if (key === 'description' && obj.description !== undefined) put(out, key, this.languageMap(obj.description, at(p, 'description')))
      }
      return out
    })
  }

  /** §2.4.4.3 Statement Reference: objectType `StatementRef` and a UUID id, both required. */
  statementRef(value: unknown, path: string): Json {
    const obj = this.object(value, path, 'a Statement Reference', { allowed: ['objectType', 'id'] })
    if (obj.objectType !== 'StatementRef') fail(at(path, 'objectType'), 'must be "StatementRef"')
    if (obj.id === undefined) fail(at(path, 'id'), 'is required')
    const out: Json = {}
    for (const key of Object.keys(obj)) {
      if (key === 'objectType') put(out, key, 'StatementRef')
      else if (key === 'id') put(out, key, this.uuid(obj.id, at(path, 'id')))
    }
    return out
  }

  /** §2.4.4 Object: Activity (default), Agent, Group, StatementRef or SubStatement. */
  statementObject(value: unknown, path: string, inSubStatement: boolean): Json {
    if (!isPlainObject(value)) fail(path, 'must be an Activity, Agent, Group, StatementRef or SubStatement (a JSON object)')
    switch (value.objectType) {
      case undefined:
      case 'Activity':
        return this.activity(value, path)
      case 'Agent':
        return this.agent(value, path, true)
      case 'Group':
        return this.group(value, path)
      case 'StatementRef':
        return this.statementRef(value, path)
      case 'SubStatement':
        // §2.4.4.3.s8.b4: a SubStatement cannot contain a SubStatement.
        if (inSubStatement) fail(at(path, 'objectType'), 'a SubStatement must not contain another SubStatement')
        return this.statement(value, path, true)
      default:
        fail(at(path, 'objectType'), 'must be one of Activity, Agent, Group, StatementRef, SubStatement')
    }
  }

  /** §2.4.5 Result, with §2.4.5.1 Score. */
  result(value: unknown, path: string): Json {
    const obj = this.object(value, path, 'a Result', {
      allowed: ['score', 'success', 'completion', 'response', 'duration', 'extensions'],
    })
    const out: Json = {}
    for (const key of Object.keys(obj)) {
      const v = obj[key]
      if (v === undefined) continue
      const p = at(path, key)
      if (key === 'score') put(out, key, this.score(v, p))
      else if (key === 'success' || key === 'completion') put(out, key, this.boolean(v, p))
      else if (key === 'response') put(out, key, this.string(v, p))
      else if (key === 'duration') {
        const s = this.string(v, p)
        if (!isDuration(s)) fail(p, 'must be an ISO 8601 duration, e.g. "PT1M30.5S" (§4.6)')
        put(out, key, s)
      } else if (key === 'extensions') put(out, key, this.extensions(v, p))
    }
    return out
  }

  score(value: unknown, path: string): Json {
    const obj = this.object(value, path, 'a Score', { allowed: ['scaled', 'raw', 'min', 'max'] })
    const out: Json = {}
    for (const key of Object.keys(obj)) {
      if (obj[key] !== undefined) put(out, key, this.number(obj[key], at(path, key)))
    }
    const { scaled, raw, min, max } = out as { scaled?: number; raw?: number; min?: number; max?: number }
    if (scaled !== undefined && (scaled < -1 || scaled > 1)) fail(at(path, 'scaled'), 'must be between -1 and 1 inclusive')
    if (min !== undefined && max !== undefined && !(min < max)) fail(at(path, 'min'), 'must be less than max')
    if (raw !== undefined && min !== undefined && raw < min) fail(at(path, 'raw'), 'must not be less than min')
    if (raw !== undefined && max !== undefined && raw > max) fail(at(path, 'raw'), 'must not be greater than max')
    return out
  }

  /** §2.4.6 Context; 2.0 adds contextAgents and contextGroups (IEEE 9274.1.1). */
  context(value: unknown, path: string, objectIsActivity: boolean): Json {
    const obj = this.object(value, path, 'a Context', {
      allowed: [
        'registration', 'instructor', 'team', 'contextActivities', 'revision', 'platform', 'language', 'statement', 'extensions',
        ...(this.version === '2.0' ? ['contextAgents', 'contextGroups'] : []),
      ],
      only20: ['contextAgents', 'contextGroups'],
    })
    const out: Json = {}
    for (const key of Object.keys(obj)) {
      const v = obj[key]
      if (v === undefined) continue
      const p = at(path, key)
      switch (key) {
        case 'registration':
          put(out, key, this.uuid(v, p))
          break
        case 'instructor':
          put(out, key, this.actor(v, p))
          break
        case 'team':
          put(out, key, this.group(v, p))
          break
        case 'contextActivities':
          put(out, key, this.contextActivities(v, p))
          break
        case 'revision':
        case 'platform':
          // §2.4.6.s4.b1, b2: only when the statement's object is an Activity.
          if (!objectIsActivity) fail(p, 'must only be used when the object is an Activity')
          put(out, key, this.string(v, p))
          break
        case 'language': {
          const s = this.string(v, p)
          if (!isLanguageTag(s)) fail(p, 'must be an RFC 5646 language tag')
          put(out, key, s)
          break
        }
        case 'statement':
          put(out, key, this.statementRef(v, p))
          break
        case 'extensions':
          put(out, key, this.extensions(v, p))
          break
        case 'contextAgents':
          put(out, key, this.array(v, p).map((e, i) => this.contextRelevant(e, at(p, i), 'contextAgent', 'agent')))
          break
        case 'contextGroups':
          put(out, key, this.array(v, p).map((e, i) => this.contextRelevant(e, at(p, i), 'contextGroup', 'group')))
          break
      }
    }
    return out
  }

  /**
   * xAPI 2.0 contextAgent / contextGroup: objectType (required, exactly
   * "contextAgent" / "contextGroup"), agent (Agent) / group (Group), and
   * optional relevantTypes, a non-empty array of IRIs.
   */
  contextRelevant(value: unknown, path: string, objectType: string, member: 'agent' | 'group'): Json {
    const obj = this.object(value, path, `a ${objectType} object`, { allowed: ['objectType', member, 'relevantTypes'] })
    if (obj.objectType !== objectType) fail(at(path, 'objectType'), `must be "${objectType}"`)
    if (obj[member] === undefined) fail(at(path, member), 'is required')
    const out: Json = {}
    for (const key of Object.keys(obj)) {
      const v = obj[key]
      if (v === undefined) continue
      const p = at(path, key)
      if (key === 'objectType') put(out, key, objectType)
      else if (key === 'agent') put(out, key, this.agent(v, p))
      else if (key === 'group') put(out, key, this.group(v, p))
      else if (key === 'relevantTypes') {
        const list = this.array(v, p)
        if (list.length === 0) fail(p, 'must not be empty when present')
        put(out, key, list.map((t, i) => this.iri(t, at(p, i))))
      }
    }
    return out
  }

  /**
   * §2.4.6.2 contextActivities: keys parent, grouping, category, other (s4.b1);
   * each an Activity or an array of Activities (s4.b2), returned as an array
   * (s4.b3, b4).
   */
  contextActivities(value: unknown, path: string): Json {
    const obj = this.object(value, path, 'a contextActivities object', { allowed: ['parent', 'grouping', 'category', 'other'] })
    const out: Json = {}
    for (const key of Object.keys(obj)) {
      const v = obj[key]
      if (v === undefined) continue
      const p = at(path, key)
      put(out, key, Array.isArray(v) ? v.map((a, i) => this.activity(a, at(p, i))) : [this.activity(v, p)])
    }
    return out
  }

  /** §2.4.11 Attachment; §2.6 signature attachments must be application/octet-stream. */
  attachment(value: unknown, path: string): Json {
    const obj = this.object(value, path, 'an Attachment', {
      allowed: ['usageType', 'display', 'description', 'contentType', 'length', 'sha2', 'fileUrl'],
    })
    for (const key of ['usageType', 'display', 'contentType', 'length', 'sha2']) {
      if (obj[key] === undefined) fail(at(path, key), 'is required')
    }
    const out: Json = {}
    for (const key of Object.keys(obj)) {
      const v = obj[key]
      if (v === undefined) continue
      const p = at(path, key)
      switch (key) {
        case 'usageType':
          put(out, key, this.iri(v, p))
          break
        case 'display':
        case 'description':
          put(out, key, this.languageMap(v, p))
          break
        case 'contentType': {
          const s = this.string(v, p)
          if (!isMediaType(s)) fail(p, 'must be an Internet Media Type, e.g. "image/png"')
          put(out, key, s)
          break
        }
        case 'length': {
          const n = this.number(v, p)
          if (!Number.isInteger(n) || n < 0) fail(p, 'must be a non-negative integer (octets)')
          put(out, key, n)
          break
        }
        case 'sha2': {
          const s = this.string(v, p)
          if (!isSha2Hex(s)) fail(p, 'must be a hex-encoded SHA-2 hash (SHA-224, -256, -384 or -512)')
          put(out, key, s)
          break
        }
        case 'fileUrl':
          put(out, key, this.irl(v, p))
          break
      }
    }
    if (out.usageType === SIGNATURE_USAGE_TYPE && mediaTypeEssence(out.contentType as string) !== 'application/octet-stream') {
      fail(at(path, 'contentType'), `must be "application/octet-stream" for a signature attachment (usageType ${SIGNATURE_USAGE_TYPE})`)
    }
    return out
  }

  /**
   * §2.4 Statement properties, or a SubStatement (§2.4.4.3.s8: validated as a
   * Statement, without id, stored, version or authority).
   */
  statement(value: unknown, path: string, sub = false): Json {
    const shape: Shape = sub
      ? { allowed: ['objectType', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'attachments'] }
      : { allowed: ['id', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'stored', 'authority', 'version', 'attachments'] }
    if (sub && isPlainObject(value)) {
      for (const key of ['id', 'stored', 'version', 'authority']) {
        if (value[key] !== undefined) fail(at(path, key), 'is not allowed in a SubStatement')
      }
    }
    const obj = this.object(value, path, sub ? 'a SubStatement' : 'a Statement', shape)
    // §2.2.s2.b3: actor, verb and object are required.
    for (const key of ['actor', 'verb', 'object']) {
      if (obj[key] === undefined) fail(at(path, key), 'is required')
    }
    const object = this.statementObject(obj.object, at(path, 'object'), sub)
    const objectIsActivity = object.objectType === undefined || object.objectType === 'Activity'
    const out: Json = {}
    for (const key of Object.keys(obj)) {
      const v = obj[key]
      if (v === undefined) continue
      const p = at(path, key)
      switch (key) {
        case 'objectType':
          put(out, key, 'SubStatement')
          break
        case 'id':
          put(out, key, this.uuid(v, p))
          break
        case 'actor':
        case 'authority':
          put(out, key, this.actor(v, p))
          break
        case 'verb':
          put(out, key, this.verb(v, p))
          break
        case 'object':
          put(out, key, object)
          break
        case 'result':
          put(out, key, this.result(v, p))
          break
        case 'context':
          put(out, key, this.context(v, p, objectIsActivity))
          break
        case 'timestamp':
        case 'stored':
          put(out, key, this.timestamp(v, p))
          break
        case 'version': {
          const s = this.string(v, p)
          if (!isStatementVersion(s, this.version)) {
            fail(p, this.version === '1.0' ? 'must be a 1.0.x version, e.g. "1.0.0"' : 'must be a 1.0.x or 2.0.x version, e.g. "2.0.0"')
          }
          put(out, key, s)
          break
        }
        case 'attachments':
          put(out, key, this.array(v, p).map((a, i) => this.attachment(a, at(p, i))))
          break
      }
    }
    // §2.3.2.s2.b1, b2: a voiding statement's object is a StatementRef.
    if ((out.verb as Json).id === VOIDED_VERB && object.objectType !== 'StatementRef') {
      fail(at(at(path, 'object'), 'objectType'), 'must be "StatementRef" in a voiding statement (verb voided)')
    }
    return out
  }
}

/** Keeps the input's key order for the properties copied into `out`. */
function reorder(input: Json, out: Json): Json {
  const ordered: Json = {}
  for (const key of Object.keys(input)) if (key in out) put(ordered, key, out[key])
  return ordered
}

/**
 * A deep copy of an arbitrary JSON value (extension values), made without
 * recursion so that deeply nested input cannot exhaust the stack. Rejects
 * values JSON cannot hold and cyclic structures.
 */
export function cloneJson(value: unknown, path: string): unknown {
  const primitive = (v: unknown): boolean =>
    v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))
  if (primitive(value)) return value
  if (typeof value !== 'object') fail(path, 'must be a JSON value')
  const root: unknown = Array.isArray(value) ? [] : {}
  // Each frame copies one container; `onPath` holds the containers being copied (cycle check).
  const onPath = new Set<object>()
  interface Frame {
    readonly source: Json | unknown[]
    readonly target: Json | unknown[]
    readonly keys: readonly string[]
    index: number
  }
  const frame = (source: Json | unknown[], target: Json | unknown[]): Frame => {
    onPath.add(source)
    return { source, target, keys: Array.isArray(source) ? [] : Object.keys(source), index: 0 }
  }
  const stack: Frame[] = [frame(value as Json, root as Json)]
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as Frame
    const length = Array.isArray(top.source) ? top.source.length : top.keys.length
    if (top.index >= length) {
      onPath.delete(top.source)
      stack.pop()
      continue
    }
    const key: string | number = Array.isArray(top.source) ? top.index : (top.keys[top.index] as string)
    top.index += 1
    const child: unknown = Array.isArray(top.source) ? top.source[key as number] : (top.source as Json)[key as string]
    if (child === undefined && !Array.isArray(top.source)) continue
    let copy: unknown
    if (primitive(child)) copy = child
    else if (typeof child === 'object' && child !== null) {
      if (onPath.has(child)) fail(path, 'must not contain a cycle')
      copy = Array.isArray(child) ? [] : {}
      stack.push(frame(child as Json, copy as Json))
    } else fail(path, 'must be a JSON value')
    if (Array.isArray(top.target)) top.target.push(copy)
    else put(top.target, key as string, copy)
  }
  return root
}

/** Validates one statement; throws {@link Invalid}. */
export function walkStatement(input: unknown, version: XapiVersion, path: string): Json {
  return new Walker(version).statement(input, path)
}
