/**
 * Statement comparison and the `format` views of GET /statements.
 *
 * Comparison follows xAPI 1.0.3 Data §2.3.1 "Statement Immutability" and its
 * "Statement Comparison Requirements" (2.3.1.s9): differences that the listed
 * exceptions could cause MUST be ignored, every other difference counts.
 * The exceptions, and what that means here:
 *
 * - b1: properties the LRS may assign — `id`, `authority`, `stored`,
 *   `timestamp`, `version`. `authority`, `stored` and `version` are ignored;
 *   `id` and `timestamp` are ignored when either side lacks them (the LRS
 *   would have filled them in), otherwise compared (ids case-insensitively,
 *   timestamps as instants).
 * - b2: Activity Definitions are not part of the statement — `definition` of
 *   every Activity is ignored.
 * - b3: a Verb's `display` is not part of the statement — ignored.
 * - b4: timestamps may be re-serialised (other zone) — compared as instants,
 *   at millisecond precision (§4.5.s1.b7 allows truncation to milliseconds).
 * - b5: Group `member` lists are unordered — compared as multisets.
 * - b6: Attachments are not part of statements — `attachments` is ignored.
 * - b7: case-insensitive values — the domain of an `mbox`, hex in
 *   `mbox_sha1sum` and UUIDs (statement id, registration, StatementRef ids)
 *   compare without case. IRIs compare as strings (Data §3.1.s2.b1 allows
 *   simple string comparison).
 * - b8: `result.duration` is compared as a string, except that precision
 *   beyond 0.01 s is not compared (§4.6.s1.b5).
 *
 * Object key order never matters. `contextActivities` values are compared as
 * arrays whether they arrived as arrays or single Activities.
 */
import type { Statement } from './types.js'
import type { ValidatedStatement } from './validate.js'
import { timestampInstant } from './validate/formats.js'

type Json = Record<string, unknown>
type StatementLike = Statement | ValidatedStatement

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function put(target: Json, key: string, value: unknown): void {
  // Only `__proto__` is an accessor on Object.prototype; any other key assigned is
  // a plain own property, and assignment is several times cheaper than defineProperty.
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  else target[key] = value
}

/** Structural equality of JSON values; object key order is irrelevant. */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    return a.every((x, i) => jsonEqual(x, b[i]))
  }
  if (isObject(a)) {
    if (!isObject(b)) return false
    const ka = Object.keys(a).filter((k) => a[k] !== undefined)
    const kb = Object.keys(b).filter((k) => b[k] !== undefined)
    if (ka.length !== kb.length) return false
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]))
  }
  return false
}

/** A canonical, order-free string of a JSON value (used to compare unordered lists). */
function fingerprint(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(fingerprint).join(',')}]`
  if (isObject(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort()
    return `{${keys.map((k) => `${JSON.stringify(k)}:${fingerprint(value[k])}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'undefined'
}

function lowerMboxDomain(mbox: string): string {
  const at = mbox.lastIndexOf('@')
  return at < 0 ? mbox : mbox.slice(0, at + 1) + mbox.slice(at + 1).toLowerCase()
}

function truncateDuration(duration: string): string {
  // Keep at most two fraction digits on the seconds component.
  return duration.replace(/([.,]\d{2})\d+S$/, '$1S')
}

/** Agent or Group, normalised for comparison. */
function normaliseActor(actor: unknown): unknown {
  if (!isObject(actor)) return actor
  const out: Json = {}
  for (const key of Object.keys(actor)) {
    const v = actor[key]
    if (v === undefined) continue
    if (key === 'mbox' && typeof v === 'string') put(out, key, lowerMboxDomain(v))
    else if (key === 'mbox_sha1sum' && typeof v === 'string') put(out, key, v.toLowerCase())
    else if (key === 'member' && Array.isArray(v)) {
      // Unordered (§2.3.1.b5): compare as a sorted list of fingerprints.
      put(out, key, v.map((m) => fingerprint(normaliseActor(m))).sort())
    } else put(out, key, v)
  }
  // An Agent without objectType is the same as one with objectType "Agent".
  if (out.objectType === undefined && out.member === undefined) put(out, 'objectType', 'Agent')
  return out
}

function normaliseActivity(activity: unknown): unknown {
  if (!isObject(activity)) return activity
  // Definitions are not part of the statement (§2.3.1.b2); objectType defaults to Activity.
  return { objectType: 'Activity', id: activity.id }
}

function normaliseContext(context: unknown): unknown {
  if (!isObject(context)) return context
  const out: Json = {}
  for (const key of Object.keys(context)) {
    const v = context[key]
    if (v === undefined) continue
    switch (key) {
      case 'registration':
        put(out, key, typeof v === 'string' ? v.toLowerCase() : v)
        break
      case 'instructor':
      case 'team':
        put(out, key, normaliseActor(v))
        break
      case 'statement':
        put(out, key, isObject(v) && typeof v.id === 'string' ? { ...v, id: v.id.toLowerCase() } : v)
        break
      case 'contextActivities': {
        if (!isObject(v)) {
          put(out, key, v)
          break
        }
        const ca: Json = {}
        for (const kind of Object.keys(v)) {
          const list = v[kind]
          if (list === undefined) continue
          put(ca, kind, (Array.isArray(list) ? list : [list]).map(normaliseActivity))
        }
        put(out, key, ca)
        break
      }
      case 'contextAgents':
      case 'contextGroups':
        put(
          out,
          key,
          Array.isArray(v)
            ? v.map((e) => (isObject(e) ? { ...e, ...(e.agent ? { agent: normaliseActor(e.agent) } : {}), ...(e.group ? { group: normaliseActor(e.group) } : {}) } : e))
            : v,
        )
        break
      default:
        put(out, key, v)
    }
  }
  return out
}

function normaliseObject(object: unknown): unknown {
  if (!isObject(object)) return object
  switch (object.objectType) {
    case undefined:
    case 'Activity':
      return normaliseActivity(object)
    case 'Agent':
    case 'Group':
      return normaliseActor(object)
    case 'StatementRef':
      return { objectType: 'StatementRef', id: typeof object.id === 'string' ? object.id.toLowerCase() : object.id }
    case 'SubStatement':
      return normaliseStatement(object)
    default:
      return object
  }
}

/** Normalises a statement or SubStatement; timestamps and ids are handled by the caller. */
function normaliseStatement(statement: Json): Json {
  const out: Json = {}
  for (const key of Object.keys(statement)) {
    const v = statement[key]
    if (v === undefined) continue
    switch (key) {
      case 'id':
      case 'timestamp':
      case 'stored':
      case 'authority':
      case 'version':
      case 'attachments':
        break // compared separately, or an exception to immutability
      case 'actor':
        put(out, key, normaliseActor(v))
        break
      case 'verb':
        put(out, key, isObject(v) ? { id: v.id } : v) // display is not part of the statement (§2.3.1.b3)
        break
      case 'object':
        put(out, key, normaliseObject(v))
        break
      case 'result':
        put(out, key, isObject(v) && typeof v.duration === 'string' ? { ...v, duration: truncateDuration(v.duration) } : v)
        break
      case 'context':
        put(out, key, normaliseContext(v))
        break
      default:
        put(out, key, v)
    }
  }
  // SubStatement timestamps are part of the content: compare them as instants.
  if (statement.objectType === 'SubStatement' && typeof statement.timestamp === 'string') {
    put(out, 'timestamp', timestampInstant(statement.timestamp) ?? statement.timestamp)
  }
  return out
}

function sameInstant(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return true // the LRS fills a missing timestamp (§2.3.1.b1)
  const ia = timestampInstant(a)
  const ib = timestampInstant(b)
  return ia !== null && ib !== null ? ia === ib : a === b
}

/**
 * Whether two statements are the same by the Statement Comparison
 * Requirements (xAPI 1.0.3 Data §2.3.1.s9): used for idempotent PUT/POST
 * (same id, same content: no change; different content: 409) and for
 * checking a signed statement against its JWS payload.
 */
export function statementsEquivalent(a: StatementLike, b: StatementLike): boolean {
  if (a.id !== undefined && b.id !== undefined && a.id.toLowerCase() !== b.id.toLowerCase()) return false
  if (!sameInstant(a.timestamp, b.timestamp)) return false
  const na = normaliseStatement(a as unknown as Json)
  const nb = normaliseStatement(b as unknown as Json)
  return jsonEqual(na, nb)
}

// ---------------------------------------------------------------------------
// format=canonical and format=ids (Communication §2.1.3)
// ---------------------------------------------------------------------------

/**
 * Picks the one language to keep from a language map, the way `Accept-Language`
 * chooses (RFC 2616 §14.4), applied to this map alone (Communication
 * §2.1.3.s4.b5): the first preference (in the order given, highest quality
 * first) that equals a key or is a prefix of one followed by `-`; `*` matches
 * anything. With no match, the map's first key is kept, so the map still holds
 * exactly one language (s4.b1).
 */
export function pickLanguage(map: Readonly<Record<string, string>>, languages: readonly string[]): string | undefined {
  const keys = Object.keys(map)
  if (keys.length === 0) return undefined
  for (const wanted of languages) {
    const w = wanted.trim().toLowerCase()
    if (w === '') continue
    if (w === '*') return keys[0]
    const exact = keys.find((k) => k.toLowerCase() === w)
    if (exact !== undefined) return exact
    const prefixed = keys.find((k) => k.toLowerCase().startsWith(`${w}-`))
    if (prefixed !== undefined) return prefixed
  }
  return keys[0]
}

function oneLanguage(map: unknown, languages: readonly string[]): unknown {
  if (!isObject(map)) return map
  const key = pickLanguage(map as Record<string, string>, languages)
  if (key === undefined) return map
  const out: Json = {}
  put(out, key, map[key])
  return out
}

const COMPONENT_LISTS = ['choices', 'scale', 'source', 'target', 'steps'] as const

function canonicalActivity(activity: unknown, languages: readonly string[]): unknown {
  if (!isObject(activity) || !isObject(activity.definition)) return activity
  const d = activity.definition
  const def: Json = { ...d }
  if (d.name !== undefined) def.name = oneLanguage(d.name, languages)
  if (d.description !== undefined) def.description = oneLanguage(d.description, languages)
  for (const list of COMPONENT_LISTS) {
    const components = d[list]
    if (Array.isArray(components)) {
      def[list] = components.map((c) => (isObject(c) && c.description !== undefined ? { ...c, description: oneLanguage(c.description, languages) } : c))
    }
  }
  return { ...activity, definition: def }
}

function mapStatement(
  statement: Json,
  fns: {
    actor: (a: unknown) => unknown
    activity: (a: unknown) => unknown
    verb: (v: unknown) => unknown
  },
): Json {
  const object = (o: unknown): unknown => {
    if (!isObject(o)) return o
    switch (o.objectType) {
      case undefined:
      case 'Activity':
        return fns.activity(o)
      case 'Agent':
      case 'Group':
        return fns.actor(o)
      case 'SubStatement':
        return mapStatement(o, fns)
      default:
        return o
    }
  }
  const context = (c: unknown): unknown => {
    if (!isObject(c)) return c
    const out: Json = { ...c }
    if (c.instructor !== undefined) out.instructor = fns.actor(c.instructor)
    if (c.team !== undefined) out.team = fns.actor(c.team)
    if (isObject(c.contextActivities)) {
      const ca: Json = {}
      for (const kind of Object.keys(c.contextActivities)) {
        const list = c.contextActivities[kind]
        if (list !== undefined) put(ca, kind, (Array.isArray(list) ? list : [list]).map(fns.activity))
      }
      out.contextActivities = ca
    }
    for (const key of ['contextAgents', 'contextGroups'] as const) {
      const list = c[key]
      if (Array.isArray(list)) {
        out[key] = list.map((e) =>
          isObject(e) ? { ...e, ...(e.agent !== undefined ? { agent: fns.actor(e.agent) } : {}), ...(e.group !== undefined ? { group: fns.actor(e.group) } : {}) } : e,
        )
      }
    }
    return out
  }
  const out: Json = {}
  for (const key of Object.keys(statement)) {
    const v = statement[key]
    if (v === undefined) continue
    if (key === 'actor' || key === 'authority') put(out, key, fns.actor(v))
    else if (key === 'verb') put(out, key, fns.verb(v))
    else if (key === 'object') put(out, key, object(v))
    else if (key === 'context') put(out, key, context(v))
    else put(out, key, v)
  }
  return out
}

/**
 * `format=canonical` (Communication §2.1.3): every language map of every
 * Activity (name, description, interaction components) and the Verb's
 * display keeps one language, chosen per map by `languages` — the client's
 * `Accept-Language` preferences, highest first. Agents and Groups are
 * returned as in `exact`. Where the LRS keeps canonical Activity definitions,
 * substitute them before calling; this function only filters languages.
 */
export function canonicalize<S extends StatementLike>(statement: S, languages: readonly string[]): S {
  return mapStatement(statement as unknown as Json, {
    actor: (a) => a,
    activity: (a) => canonicalActivity(a, languages),
    verb: (v) => (isObject(v) && v.display !== undefined ? { ...v, display: oneLanguage(v.display, languages) } : v),
  }) as unknown as S
}

const IFI_KEYS = ['mbox', 'mbox_sha1sum', 'openid', 'account'] as const

function idsActor(actor: unknown): unknown {
  if (!isObject(actor)) return actor
  const out: Json = {}
  if (actor.objectType !== undefined) out.objectType = actor.objectType
  const ifi = IFI_KEYS.find((k) => actor[k] !== undefined)
  if (ifi !== undefined) {
    out[ifi] = actor[ifi]
  } else if (Array.isArray(actor.member)) {
    // An anonymous Group is identified by its members (Communication §2.1.3 format=ids).
    out.member = actor.member.map(idsActor)
  }
  return out
}

/**
 * `format=ids` (Communication §2.1.3): Agents, Activities, Verbs and Groups
 * carry only what identifies them — an Agent or identified Group its IFI
 * (plus `objectType` when present), an anonymous Group its members' IFIs, an
 * Activity its `id` (plus `objectType` when present), a Verb its `id` (no
 * `display`, Data §2.4.3.s6.b2). Everything else is kept.
 */
export function idsFormat<S extends StatementLike>(statement: S): S {
  return mapStatement(statement as unknown as Json, {
    actor: idsActor,
    activity: (a) => (isObject(a) ? { ...(a.objectType !== undefined ? { objectType: a.objectType } : {}), id: a.id } : a),
    verb: (v) => (isObject(v) ? { id: v.id } : v),
  }) as unknown as S
}
