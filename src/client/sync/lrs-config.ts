/**
 * Which LRS the outbox sends to. By default it is the Fathom server the headset
 * was paired with (endpoint and Basic credentials from the pairing). A school
 * may point a device at any other xAPI 1.0.3 / 2.0 LRS with Basic auth:
 *
 *   https://fathom.example/?lrs=https://lrs.school.example/xapi/&lrs-key=KEY&lrs-secret=SECRET
 *   (or &lrs-auth=Basic%20base64(KEY:SECRET); optional &lrs-version=2.0.0)
 *
 * The override is kept on the device (localStorage `fathom.lrs`) and the
 * parameters are removed from the address bar at once. `?lrs=fathom` goes
 * back to the paired server. The student's identity (the xAPI actor) still
 * comes from pairing. Only standard xAPI is used: POST /statements and the
 * State resource.
 */
import type { SyncTarget } from './outbox.js'

export const LRS_OVERRIDE_KEY = 'fathom.lrs'

export interface LrsOverride {
  readonly endpoint: string
  readonly auth: string
  readonly version?: string
}

/** The subset of Storage used (localStorage), injectable for tests. */
export interface KeyValueStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

function defaultStorage(): KeyValueStorage | undefined {
  try {
    return typeof localStorage !== 'undefined' ? localStorage : undefined
  } catch {
    return undefined
  }
}

/** Normalises an endpoint to an absolute URL ending in `/`. */
export function normaliseEndpoint(endpoint: string, base?: string): string {
  const url = new URL(endpoint, base)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('The LRS endpoint must be an http(s) URL')
  const text = url.toString()
  return text.endsWith('/') ? text : `${text}/`
}

/** `Basic base64(key:secret)`, UTF-8 safe. */
export function basicAuth(key: string, secret: string): string {
  const bytes = new TextEncoder().encode(`${key}:${secret}`)
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return `Basic ${btoa(binary)}`
}

export function loadLrsOverride(storage: KeyValueStorage | undefined = defaultStorage()): LrsOverride | null {
  try {
    const raw = storage?.getItem(LRS_OVERRIDE_KEY)
    if (!raw) return null
    const value = JSON.parse(raw) as Partial<LrsOverride>
    if (typeof value.endpoint !== 'string' || typeof value.auth !== 'string') return null
    return { endpoint: value.endpoint, auth: value.auth, ...(typeof value.version === 'string' ? { version: value.version } : {}) }
  } catch {
    return null
  }
}

export function saveLrsOverride(override: LrsOverride, storage: KeyValueStorage | undefined = defaultStorage()): void {
  storage?.setItem(LRS_OVERRIDE_KEY, JSON.stringify({ ...override, endpoint: normaliseEndpoint(override.endpoint) }))
}

export function clearLrsOverride(storage: KeyValueStorage | undefined = defaultStorage()): void {
  storage?.removeItem(LRS_OVERRIDE_KEY)
}

/** The target for a pairing: the stored override if any, else the paired server. */
export function resolveSyncTarget(pairing: { readonly endpoint: string; readonly auth: string }, storage: KeyValueStorage | undefined = defaultStorage()): SyncTarget {
  const override = loadLrsOverride(storage)
  if (override) return { endpoint: override.endpoint, auth: override.auth, ...(override.version ? { version: override.version } : {}) }
  return { endpoint: pairing.endpoint, auth: pairing.auth }
}

const PARAMS = ['lrs', 'lrs-key', 'lrs-secret', 'lrs-auth', 'lrs-version'] as const

/**
 * Reads the `lrs*` URL parameters (see above), stores or clears the override,
 * and returns the URL without them (or null when there were none).
 */
export function applyLrsParameters(href: string, storage: KeyValueStorage | undefined = defaultStorage()): string | null {
  const url = new URL(href)
  const lrs = url.searchParams.get('lrs')
  if (lrs === null) return null
  if (lrs === 'fathom' || lrs === 'default' || lrs === '') clearLrsOverride(storage)
  else {
    const key = url.searchParams.get('lrs-key')
    const secret = url.searchParams.get('lrs-secret')
    const auth = url.searchParams.get('lrs-auth') ?? (key !== null && secret !== null ? basicAuth(key, secret) : null)
    const version = url.searchParams.get('lrs-version')
    if (auth !== null) saveLrsOverride({ endpoint: normaliseEndpoint(lrs, url.origin), auth, ...(version ? { version } : {}) }, storage)
  }
  for (const name of PARAMS) url.searchParams.delete(name)
  return url.toString()
}
