/**
 * Storage health: ask the browser to keep our data (persistent storage), watch
 * how full the origin's quota is, and recognise the errors a full disk raises.
 */

/** Usage above this share of the quota counts as "nearly full". */
export const NEARLY_FULL = 0.9

export interface StorageHealth {
  /** True when the browser granted persistent storage (not evicted under pressure). */
  readonly persisted: boolean | null
  readonly usage: number | null
  readonly quota: number | null
  /** True after a write failed for lack of space, until a later write succeeds. */
  readonly full: boolean
  /** Usage is above NEARLY_FULL of the quota. */
  readonly nearlyFull: boolean
}

/** The part of `navigator.storage` used (StorageManager), injectable for tests. */
export interface StorageManagerLike {
  persist?(): Promise<boolean>
  persisted?(): Promise<boolean>
  estimate?(): Promise<{ usage?: number; quota?: number }>
}

/**
 * True for the errors a full disk or quota raises: QuotaExceededError (DOMException
 * code 22), and the AbortError Chromium raises when a transaction is aborted near
 * quota (its message mentions the quota), including when it comes wrapped as a
 * transaction's `error` or an Error's `cause`.
 */
export function isQuotaError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const { name, message, code } = e as { name?: unknown; message?: unknown; code?: unknown }
    if (name === 'QuotaExceededError' || code === 22) return true
    if (name === 'AbortError' && typeof message === 'string' && /quota|space|disk/i.test(message)) return true
    e = (e as { cause?: unknown; error?: unknown }).cause ?? (e as { error?: unknown }).error
  }
  return false
}

/** True for an AbortError of a transaction that gives no reason (Chromium near quota raises these too). */
export function isBareAbort(error: unknown): boolean {
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown }
  return name === 'AbortError' && (typeof message !== 'string' || message === '' || /abort/i.test(message))
}

/** Asks for persistent storage once; never throws. */
export async function requestPersistence(storage: StorageManagerLike | undefined = globalStorage()): Promise<boolean | null> {
  try {
    if (!storage?.persist) return null
    if (storage.persisted && (await storage.persisted())) return true
    return await storage.persist()
  } catch {
    return null
  }
}

/** Reads usage and quota; nulls when the browser cannot say. */
export async function estimateStorage(storage: StorageManagerLike | undefined = globalStorage()): Promise<{ usage: number | null; quota: number | null }> {
  try {
    if (!storage?.estimate) return { usage: null, quota: null }
    const { usage, quota } = await storage.estimate()
    return { usage: usage ?? null, quota: quota ?? null }
  } catch {
    return { usage: null, quota: null }
  }
}

export function nearlyFull(usage: number | null, quota: number | null): boolean {
  return usage !== null && quota !== null && quota > 0 && usage / quota >= NEARLY_FULL
}

function globalStorage(): StorageManagerLike | undefined {
  return typeof navigator !== 'undefined' ? (navigator.storage as StorageManagerLike | undefined) : undefined
}
