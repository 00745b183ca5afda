/**
 * Resume anywhere: each student's progress in each expedition is one xAPI State
 * document (activityId `${FATHOM_ACTIVITIES}/<expedition>`, agent = the pairing's
 * actor, stateId `progress`), so a student who changes headset, or moves to a
 * desktop, picks up where they were. Only the standard State resource is used.
 *
 * Concurrency: every save reads the document and its ETag, applies `update`,
 * and writes with `If-Match` (or `If-None-Match: *` when there is none yet).
 * On 412 another device wrote in between: read again, re-apply `update`, write
 * again. `stationsDone` is always merged as a union, so no device's finished
 * stations are ever lost.
 *
 * Offline: `save` resolves once the change is either on the LRS or queued on the
 * device (localStorage, latest value per expedition); the queue is sent when the
 * network returns (`online`, and a backoff timer), merged with whatever the LRS
 * holds then. `load` answers from the LRS, merged with anything still queued, or
 * from the device when the LRS cannot be reached.
 */
import { FATHOM_ACTIVITIES, type Agent } from '../../core/index.js'
import { retryDelayMs } from './backoff.js'
import type { KeyValueStorage } from './lrs-config.js'

export interface ExpeditionProgress {
  readonly stationsDone: readonly string[]
  readonly current: { readonly station: string; readonly tier: 'core' | 'transfer'; readonly state: unknown } | null
  readonly updatedAt: string
}

export interface ProgressDocument {
  load(expedition: string): Promise<ExpeditionProgress | null>
  save(expedition: string, update: (previous: ExpeditionProgress | null) => ExpeditionProgress): Promise<void>
}

export interface ProgressDocumentOptions {
  /** xAPI endpoint, ending in `/` (from the pairing, or the configured LRS). */
  readonly endpoint: string
  /** Authorization header value (`Basic …`). */
  readonly auth: string
  readonly actor: Agent
  readonly fetch?: typeof fetch
  /** @default '1.0.3' */
  readonly version?: string
  /** @default 'progress' */
  readonly stateId?: string
  /** Where queued saves survive a reload; default localStorage when there is one. */
  readonly storage?: KeyValueStorage | null
}

export const PROGRESS_STATE_ID = 'progress'
const MAX_ATTEMPTS = 8

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message)
    this.name = 'HttpError'
  }
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])]
}

function isProgress(value: unknown): value is ExpeditionProgress {
  const v = value as Partial<ExpeditionProgress> | null
  return typeof v === 'object' && v !== null && Array.isArray(v.stationsDone) && typeof v.updatedAt === 'string' && (v.current === null || typeof v.current === 'object')
}

/**
 * Merges two versions of the same progress: stations done is the union; the
 * current task is the one updated last (ties go to `b`).
 */
export function mergeProgress(a: ExpeditionProgress | null, b: ExpeditionProgress | null): ExpeditionProgress | null {
  if (!a) return b
  if (!b) return a
  const bNewer = Date.parse(b.updatedAt) >= Date.parse(a.updatedAt)
  return {
    stationsDone: union(a.stationsDone, b.stationsDone),
    current: bNewer ? b.current : a.current,
    updatedAt: bNewer ? b.updatedAt : a.updatedAt,
  }
}

/** `update` applied to what the LRS holds, never dropping a station the LRS already lists. */
function applyOnto(previous: ExpeditionProgress | null, update: (previous: ExpeditionProgress | null) => ExpeditionProgress): ExpeditionProgress {
  const next = update(previous)
  return previous ? { ...next, stationsDone: union(previous.stationsDone, next.stationsDone) } : { ...next, stationsDone: [...next.stationsDone] }
}

function defaultStorage(): KeyValueStorage | null {
  try {
    return typeof localStorage !== 'undefined' ? localStorage : null
  } catch {
    return null
  }
}

interface Queued {
  /** Everything not yet on the LRS, composed (lost on reload; then `value` is merged instead). */
  update: (previous: ExpeditionProgress | null) => ExpeditionProgress
  /** The queued result as last computed, kept on the device. */
  value: ExpeditionProgress
}

export function createProgressDocument(options: ProgressDocumentOptions): ProgressDocument {
  const fetchFn = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init))
  const endpoint = options.endpoint.endsWith('/') ? options.endpoint : `${options.endpoint}/`
  const stateId = options.stateId ?? PROGRESS_STATE_ID
  const storage = options.storage === undefined ? defaultStorage() : options.storage
  const agent = JSON.stringify(options.actor)
  const baseHeaders = { Authorization: options.auth, 'X-Experience-API-Version': options.version ?? '1.0.3' }
  const queued = new Map<string, Queued>()
  const cache = new Map<string, ExpeditionProgress | null>()
  const chains = new Map<string, Promise<unknown>>()
  let failures = 0
  let retryTimer: ReturnType<typeof setTimeout> | null = null

  const slot = (expedition: string) => `fathom.progress-queue.${endpoint}.${agent}.${expedition}`
  const url = (expedition: string) =>
    `${endpoint}activities/state?${new URLSearchParams({ activityId: `${FATHOM_ACTIVITIES}/${expedition}`, agent, stateId }).toString()}`

  const storedQueue = (expedition: string): ExpeditionProgress | null => {
    try {
      const text = storage?.getItem(slot(expedition))
      const value: unknown = text ? JSON.parse(text) : null
      return isProgress(value) ? value : null
    } catch {
      return null
    }
  }
  const pendingFor = (expedition: string): Queued | undefined => {
    const inMemory = queued.get(expedition)
    if (inMemory) return inMemory
    const value = storedQueue(expedition)
    return value ? { value, update: (previous) => mergeProgress(previous, value)! } : undefined
  }
  const keep = (expedition: string, entry: Queued | undefined) => {
    if (entry) queued.set(expedition, entry)
    else queued.delete(expedition)
    try {
      if (entry) storage?.setItem(slot(expedition), JSON.stringify(entry.value))
      else storage?.removeItem(slot(expedition))
    } catch {
      // Device storage full: the queue stays in memory.
    }
  }

  /** Serialises the work on one expedition's document in this tab. */
  const serial = <T>(expedition: string, work: () => Promise<T>): Promise<T> => {
    const run = (chains.get(expedition) ?? Promise.resolve()).catch(() => undefined).then(work)
    chains.set(expedition, run)
    return run
  }

  async function read(expedition: string): Promise<{ doc: ExpeditionProgress | null; etag: string | null }> {
    const response = await fetchFn(url(expedition), { method: 'GET', headers: baseHeaders, cache: 'no-store' })
    if (response.status === 404) {
      await response.body?.cancel()
      return { doc: null, etag: null }
    }
    if (!response.ok) throw new HttpError(response.status, `GET progress: ${response.status} ${await response.text().catch(() => '')}`)
    const body: unknown = await response.json().catch(() => null)
    return { doc: isProgress(body) ? body : null, etag: response.headers.get('ETag') }
  }

  /** Writes with preconditions; false on 412 (someone else wrote first). */
  async function write(expedition: string, value: ExpeditionProgress, etag: string | null): Promise<boolean> {
    const response = await fetchFn(url(expedition), {
      method: 'PUT',
      headers: { ...baseHeaders, 'Content-Type': 'application/json', ...(etag ? { 'If-Match': etag } : { 'If-None-Match': '*' }) },
      body: JSON.stringify(value),
    })
    await response.body?.cancel().catch(() => undefined)
    if (response.status === 412) return false
    // 409: the document exists but was unknown to us (e.g. written without an ETag in between): read again.
    if (response.status === 409) return false
    if (!response.ok) throw new HttpError(response.status, `PUT progress: ${response.status}`)
    return true
  }

  /** Read, apply, write with If-Match; on 412 again, until it lands. */
  async function commit(expedition: string, update: Queued['update']): Promise<ExpeditionProgress> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const { doc, etag } = await read(expedition)
      const next = applyOnto(doc, update)
      if (await write(expedition, next, etag)) return next
    }
    throw new HttpError(412, 'progress: too many concurrent writes; will try again')
  }

  function scheduleRetry(): void {
    if (retryTimer !== null) return
    failures += 1
    const delay = retryDelayMs(failures, Math.random)
    retryTimer = setTimeout(() => {
      retryTimer = null
      void sendQueued()
    }, delay)
    ;(retryTimer as { unref?: () => void }).unref?.()
  }

  /** Sends every queued save (after a reload too: the stored values are found by their keys). */
  async function sendQueued(): Promise<void> {
    const expeditions = new Set(queued.keys())
    try {
      const enumerable = storage as Partial<Storage> | null
      for (let i = 0; i < (enumerable?.length ?? 0); i++) {
        const key = enumerable?.key?.(i)
        const prefix = slot('')
        if (key && key.startsWith(prefix)) expeditions.add(key.slice(prefix.length))
      }
    } catch {
      // No enumerable storage: the in-memory queue is all there is.
    }
    for (const expedition of expeditions) {
      await serial(expedition, async () => {
        const pending = pendingFor(expedition)
        if (!pending) return
        try {
          const landed = await commit(expedition, pending.update)
          // Saves on this expedition are serialised, so nothing was queued meanwhile.
          keep(expedition, undefined)
          cache.set(expedition, landed)
          failures = 0
        } catch {
          scheduleRetry()
        }
      })
    }
  }

  if (typeof window !== 'undefined') window.addEventListener('online', () => void sendQueued())

  return {
    load(expedition) {
      return serial(expedition, async () => {
        const pending = pendingFor(expedition)
        try {
          const { doc } = await read(expedition)
          cache.set(expedition, doc)
          if (pending) {
            // Something is still queued from this device: show it, and try to send it now.
            setTimeout(() => void sendQueued(), 0)
            return applyOnto(doc, pending.update)
          }
          return doc
        } catch {
          const known = cache.get(expedition) ?? null
          return pending ? mergeProgress(known, pending.value) : known
        }
      })
    },
    save(expedition, update) {
      return serial(expedition, async () => {
        const earlier = pendingFor(expedition)
        const composed: Queued['update'] = earlier ? (previous) => update(applyOnto(previous, earlier.update)) : update
        try {
          const landed = await commit(expedition, composed)
          keep(expedition, undefined)
          cache.set(expedition, landed)
          failures = 0
        } catch {
          // Offline, server trouble or a credential problem: keep the latest value and send it later.
          const value = applyOnto(cache.get(expedition) ?? earlier?.value ?? null, composed)
          keep(expedition, { update: composed, value })
          cache.set(expedition, value)
          scheduleRetry()
        }
      })
    },
  }
}
