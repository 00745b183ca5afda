/** Retry delays: exponential, full jitter, between a floor and a ceiling. */
export interface BackoffPolicy {
  /** @default 1000 */
  readonly minMs: number
  /** @default 300000 (5 min) */
  readonly maxMs: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = { minMs: 1000, maxMs: 300_000 }

/**
 * Delay before retry number `failures` (1 = the first retry): a uniform draw
 * ("full jitter") below `min · 2^(failures-1)`, capped at `max`, never under `min`.
 * A server's Retry-After is honoured as a lower bound.
 */
export function retryDelayMs(failures: number, random: () => number, policy: BackoffPolicy = DEFAULT_BACKOFF, retryAfterMs?: number): number {
  const ceiling = Math.min(policy.maxMs, policy.minMs * 2 ** Math.max(0, failures - 1))
  const jittered = Math.max(policy.minMs, Math.floor(random() * ceiling))
  return retryAfterMs === undefined ? jittered : Math.max(jittered, Math.min(retryAfterMs, 3_600_000))
}

/** Parses a Retry-After header (seconds or an HTTP date) into milliseconds from `nowMs`. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null || value.trim() === '') return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const at = Date.parse(trimmed)
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs)
}
