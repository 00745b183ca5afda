/**
 * String formats used by xAPI statements, checked as the specification asks
 * (xAPI 1.0.3 Part Two, §2.2 "Formatting Requirements" and §4 "Special Data
 * Types and Rules"; IEEE 9274.1.1 keeps the same types). Every check is a
 * single pass over the string: no backtracking-heavy patterns.
 */

/**
 * UUID in standard string form, 8-4-4-4-12 hex digits (§2.4.1, §4.4). Hex is
 * case-insensitive on input (RFC 4122 §3). Any version and variant is accepted:
 * §4.4 only *recommends* the RFC 4122 variant.
 */
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/

export function isUuid(value: string): boolean {
  return UUID.test(value)
}

/** RFC 3986/3987 scheme, followed by ':' (§2.2.s4.b1.b8: no IRI or IRL without a scheme). */
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/
/** Characters never allowed in an IRI (RFC 3987 §2.2): controls, space, and `<>"{}|\^\``. */
const IRI_FORBIDDEN = /[\u0000-\u0020\u007f-\u009f<>"{}|\\^`]/
/** A `%` must start a percent-encoded octet. */
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/

/**
 * Best-effort absolute IRI check (§2.2.s4.b6 allows best effort): a scheme,
 * something after it, no forbidden characters, well-formed percent-encoding.
 */
export function isIri(value: string): boolean {
  const scheme = SCHEME.exec(value)
  if (scheme === null || value.length === scheme[0].length) return false
  return !IRI_FORBIDDEN.test(value) && !BAD_PERCENT.test(value)
}

/**
 * IRL: an IRI that is a locator. The specification gives no stricter syntax,
 * so an IRL is checked as an absolute IRI.
 */
export function isIrl(value: string): boolean {
  return isIri(value)
}

/** URI (openid): an absolute IRI restricted to ASCII. */
export function isUri(value: string): boolean {
  return isIri(value) && /^[\u0000-\u007f]*$/.test(value)
}

/** `mailto:` followed by one address `local@domain` (§2.4.2.3: "mailto:email address"). */
const MAILTO = /^mailto:[^@\s<>"(),;:\\[\]]+@[^@\s<>"(),;:\\[\]]+$/

export function isMailtoIri(value: string): boolean {
  return MAILTO.test(value) && isIri(value)
}

/** Hex SHA-1: 40 hex digits (§2.4.2.3 mbox_sha1sum). */
export function isSha1Hex(value: string): boolean {
  return /^[0-9a-fA-F]{40}$/.test(value)
}

/** Hex SHA-2 of one of the standard sizes: SHA-224, -256, -384 or -512 (§2.4.11 sha2). */
export function isSha2Hex(value: string): boolean {
  return /^[0-9a-fA-F]+$/.test(value) && [56, 64, 96, 128].includes(value.length)
}

/**
 * Internet media type (RFC 2046 / RFC 6838): `type/subtype` tokens, then
 * optional `; name=value` parameters where a value is a token or a quoted string.
 */
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+"
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:[ \\t]*;[ \\t]*${TOKEN}=(?:${TOKEN}|"(?:[^"\\\\]|\\\\.)*"))*$`)

export function isMediaType(value: string): boolean {
  return MEDIA_TYPE.test(value)
}

/** The `type/subtype` of a media type, lowercased (media types are case-insensitive). */
export function mediaTypeEssence(value: string): string {
  return (value.split(';')[0] ?? '').trim().toLowerCase()
}

/**
 * RFC 5646 language tag, by its ABNF (§2.1): langtag, private use, or one of
 * the grandfathered tags. Case-insensitive. §2.2.s4.b2 requires at least the
 * sequence of token lengths to match the RFC; this checks the full shape.
 */
const LANGTAG = new RegExp(
  '^(?:' +
    // langtag
    '(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})' + // language [-extlang]
    '(?:-[a-z]{4})?' + // script
    '(?:-(?:[a-z]{2}|[0-9]{3}))?' + // region
    '(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*' + // variants
    '(?:-[0-9a-wyz](?:-[a-z0-9]{2,8})+)*' + // extensions
    '(?:-x(?:-[a-z0-9]{1,8})+)?' + // private use
    '|x(?:-[a-z0-9]{1,8})+' + // private use only
    ')$',
  'i',
)
const GRANDFATHERED = new Set([
  'en-gb-oed', 'i-ami', 'i-bnn', 'i-default', 'i-enochian', 'i-hak', 'i-klingon', 'i-lux', 'i-mingo',
  'i-navajo', 'i-pwn', 'i-tao', 'i-tay', 'i-tsu', 'sgn-be-fr', 'sgn-be-nl', 'sgn-ch-de',
  'art-lojban', 'cel-gaulish', 'no-bok', 'no-nyn', 'zh-guoyu', 'zh-hakka', 'zh-min', 'zh-min-nan', 'zh-xiang',
])

export function isLanguageTag(value: string): boolean {
  return LANGTAG.test(value) || GRANDFATHERED.has(value.toLowerCase())
}

/**
 * ISO 8601 duration, the format of ISO 8601:2004 §4.4.3.2 (§4.6): `PnYnMnDTnHnMnS`
 * or `PnW` (weeks do not combine with other units), at least one component,
 * `T` only before a time component, a decimal fraction only on the last one.
 * The alternative format (`PYYYY-MM-DDThh:mm:ss`, §4.4.3.3) is rejected.
 */
const DURATION =
  /^P(?:\d+(?:[.,]\d+)?W|(?=\d|T\d)(?:\d+(?:[.,]\d+)?Y)?(?:\d+(?:[.,]\d+)?M)?(?:\d+(?:[.,]\d+)?D)?(?:T(?=\d)(?:\d+(?:[.,]\d+)?H)?(?:\d+(?:[.,]\d+)?M)?(?:\d+(?:[.,]\d+)?S)?)?)$/

export function isDuration(value: string): boolean {
  if (!DURATION.test(value)) return false
  // A fraction may only sit on the lowest-order (last) component.
  const fraction = /[.,]\d+[YMWDHS]/.exec(value)
  return fraction === null || fraction.index + fraction[0].length === value.length
}

/** A parsed ISO 8601 date-time. `offsetMinutes` is null when no zone was given. */
export interface ParsedTimestamp {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second: number
  /** Fraction of a second as its digits, e.g. `'601'`. */
  readonly fraction: string
  readonly offsetMinutes: number | null
}

/**
 * ISO 8601 combined date and time, extended (`2015-11-18T12:17:00.601+00:00`)
 * or basic (`20151118T121700Z`) format, with `T` or (as RFC 3339 allows) a
 * space between date and time. Seconds may be omitted (reduced precision).
 */
const EXTENDED =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/
const BASIC = /^(\d{4})(\d{2})(\d{2})[Tt](\d{2})(\d{2})(?:(\d{2})(?:[.,](\d+))?)?(?:([Zz])|([+-])(\d{2})(\d{2})?)?$/

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

export type TimestampProblem = 'format' | 'negative-zero-offset' | 'no-time-zone'

/** Parses a timestamp, or says why it is not one. */
export function parseTimestamp(value: string): ParsedTimestamp | TimestampProblem {
  const m = EXTENDED.exec(value) ?? BASIC.exec(value)
  if (m === null) return 'format'
  const num = (i: number) => (m[i] === undefined ? 0 : Number(m[i]))
  const year = num(1)
  const month = num(2)
  const day = num(3)
  const hour = num(4)
  const minute = num(5)
  const second = num(6)
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return 'format'
  // 24:00 and leap seconds other than :60 are rejected; :60 (RFC 3339 leap second) is kept.
  if (hour > 23 || minute > 59 || second > 60) return 'format'
  let offsetMinutes: number | null = null
  if (m[8] !== undefined) offsetMinutes = 0
  else if (m[9] !== undefined) {
    const oh = num(10)
    const om = num(11)
    if (oh > 23 || om > 59) return 'format'
    // ISO 8601:2004 §3.4.2: zero is written with '+'; `-00:00` (an RFC 3339
    // convention for "unknown offset") is not ISO 8601.
    if (m[9] === '-' && oh === 0 && om === 0) return 'negative-zero-offset'
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om)
  }
  return { year, month, day, hour, minute, second, fraction: m[7] ?? '', offsetMinutes }
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const mp = (month + 9) % 12
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/**
 * The instant a timestamp names, in whole milliseconds since the epoch
 * (truncated: §4.5.s1.b7 lets an LRS truncate to milliseconds). A timestamp
 * without a zone is read as UTC. Returns null for a string that is not a timestamp.
 */
export function timestampInstant(value: string): number | null {
  const p = parseTimestamp(value)
  if (typeof p === 'string') return null
  const ms = Number((p.fraction + '000').slice(0, 3))
  const days = daysFromCivil(p.year, p.month, p.day)
  const seconds = ((days * 24 + p.hour) * 60 + p.minute - (p.offsetMinutes ?? 0)) * 60 + p.second
  return seconds * 1000 + ms
}

/** Statement `version` accepted under each served xAPI version (§2.4.10, Communication §3.3). */
export function isStatementVersion(value: string, served: '1.0' | '2.0'): boolean {
  return served === '1.0' ? /^1\.0\.(?:0|[1-9]\d*)$/.test(value) : /^(?:1|2)\.0\.(?:0|[1-9]\d*)$/.test(value)
}
