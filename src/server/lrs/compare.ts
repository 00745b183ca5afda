import { instantOf, isObject } from './validate.js'

/** Properties the LRS owns, left out when deciding whether two statements are the same. */
const IGNORED = new Set(['stored', 'authority', 'version'])

function canonical(value: unknown, path: readonly string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => canonical(v, path))
  if (!isObject(value)) return value
  const out: Record<string, unknown> = {}
  const top = path.length === 0
  for (const key of Object.keys(value).sort()) {
    if (top && IGNORED.has(key)) continue
    const v = value[key]
    if (key === 'timestamp' && typeof v === 'string') {
      const t = instantOf(v)
      out[key] = Number.isNaN(t) ? v : t
      continue
    }
    out[key] = canonical(v, [...path, key])
  }
  // Defaults that mean the same thing when written out or left off.
  const last = path[path.length - 1]
  if ((last === 'actor' || last === 'instructor' || last === 'member') && out.objectType === undefined) out.objectType = 'Agent'
  if (last === 'object' && out.objectType === undefined) out.objectType = 'Activity'
  return out
}

/**
 * Whether an incoming statement has the same content as a stored one, by the
 * spec's rules: stored, authority and version are ignored; timestamps compare
 * as instants. When the incoming statement has no timestamp, the stored one's
 * (which the LRS filled in) is not compared.
 */
export function sameStatement(stored: unknown, incoming: unknown): boolean {
  let a = stored
  const b = incoming
  if (isObject(a) && isObject(b) && b.timestamp === undefined) {
    const { timestamp: _ignored, ...rest } = a
    void _ignored
    a = rest
  }
  return JSON.stringify(canonical(a, [])) === JSON.stringify(canonical(b, []))
}
