import type { StoredStatement } from '../storage/db.js'
import { systemClock, type Clock } from '../capture/timers.js'
import { DEFAULT_BACKOFF, parseRetryAfter, retryDelayMs, type BackoffPolicy } from './backoff.js'

/** The part of the statement repository the outbox needs. */
export interface OutboxStore {
  oldestPending(limit: number): Promise<StoredStatement[]>
  countPending(): Promise<number>
  markDelivered(items: readonly StoredStatement[]): Promise<void>
  markConflict(item: StoredStatement, problem: string): Promise<void>
  markQuarantined(item: StoredStatement, problem: string): Promise<void>
}

/** Where statements go: any xAPI LRS. */
export interface SyncTarget {
  /** The xAPI endpoint, ending in `/`. */
  readonly endpoint: string
  /** The Authorization header value. */
  readonly auth: string
  /** X-Experience-API-Version sent (1.0.3 by default; `2.0.0` for a 2.0-only LRS). */
  readonly version?: string
}

/** The subset of the Web Locks API used, so only one tab sends. */
export interface LockManagerLike {
  request<T>(name: string, options: { ifAvailable: true }, callback: (lock: unknown) => Promise<T> | T): Promise<T>
}

export type SyncState = 'idle' | 'sending' | 'waiting-to-retry' | 'paused'

/** Why the outbox is not simply idle: drives what the student is told. */
export type ProblemKind = 'repair' | 'offline' | 'timeout' | 'server' | 'busy' | 'storage' | 'other'

export interface SyncStatus {
  readonly state: SyncState
  /** Statements stored on the device and not yet delivered. */
  readonly pendingStored: number
  /** Epoch ms of the last batch the LRS accepted, or null. */
  readonly lastSyncAt: number | null
  /** What the student (or teacher) should know, or null when all is well. */
  readonly problem: string | null
  readonly problemKind: ProblemKind | null
  /** Statements kept back for good (conflict or rejected), with their reasons. */
  readonly setAside: number
  readonly nextAttemptAt: number | null
}

export interface OutboxOptions {
  readonly store: OutboxStore
  readonly target: SyncTarget
  readonly fetch: typeof fetch
  /** @default systemClock */
  readonly clock?: Clock
  /** @default Math.random */
  readonly random?: () => number
  /** Web Locks, when the platform has them; without, this outbox just sends. */
  readonly locks?: LockManagerLike
  /** @default 100 */
  readonly batchSize?: number
  /** @default 15000 */
  readonly timeoutMs?: number
  /** @default DEFAULT_BACKOFF (1 s to 5 min) */
  readonly backoff?: BackoffPolicy
  readonly onStatus?: (status: SyncStatus) => void
}

export const OUTBOX_LOCK = 'fathom-outbox'
const OTHER_TAB_RECHECK_MS = 5000
/** Batches read from IndexedDB at once. */
const READ_AHEAD = 5

type SendOutcome = { kind: 'ok' } | { kind: 'retry'; retryAfterMs?: number; problem: string; problemKind: ProblemKind } | { kind: 'paused'; problem: string }

/**
 * Sends stored statements to the LRS, oldest first, in batches. Decides per
 * response: delivered, conflict (kept aside), rejected (quarantined after
 * bisecting the batch), re-pair (paused), too large (split), or retry later.
 */
export class Outbox {
  private status: SyncStatus = { state: 'idle', pendingStored: 0, lastSyncAt: null, problem: null, problemKind: null, setAside: 0, nextAttemptAt: null }
  private timer: unknown = null
  private failures = 0
  private running: Promise<void> | null = null
  private again = false
  private stopped = false
  private readonly clock: Clock
  private readonly random: () => number
  private readonly batchSize: number
  private readonly timeoutMs: number
  private readonly backoff: BackoffPolicy
  private target: SyncTarget

  constructor(private readonly options: OutboxOptions) {
    this.clock = options.clock ?? systemClock
    this.random = options.random ?? Math.random
    this.batchSize = Math.min(100, options.batchSize ?? 100)
    this.timeoutMs = options.timeoutMs ?? 15_000
    this.backoff = options.backoff ?? DEFAULT_BACKOFF
    this.target = options.target
  }

  get current(): SyncStatus {
    return this.status
  }

  /** Asks for a send soon (after a flush, on `online`), unless paused or already waiting to retry. */
  kick(): void {
    if (this.stopped || this.status.state === 'paused' || this.status.state === 'waiting-to-retry') return
    this.schedule(0)
  }

  /** Sends now, ignoring any backoff wait (not a pause). Resolves when a full pass is done. */
  async syncNow(): Promise<void> {
    if (this.stopped || this.status.state === 'paused') return
    this.cancelTimer()
    if (this.status.state === 'waiting-to-retry') this.setStatus({ state: 'idle', nextAttemptAt: null })
    await this.run()
  }

  /**
   * The network is back (`online`): when waiting only because the server could
   * not be reached, try now instead of at the end of the backoff. A wait the
   * server asked for (429/5xx, Retry-After) is kept.
   */
  networkBack(): void {
    if (this.stopped || this.status.state !== 'waiting-to-retry') return
    if (this.status.problemKind !== 'offline' && this.status.problemKind !== 'timeout') return
    void this.syncNow()
  }

  /** Resumes after re-pairing (new credentials). */
  resume(target: SyncTarget = this.target): void {
    this.target = target
    this.failures = 0
    this.setStatus({ state: 'idle', problem: null, problemKind: null, nextAttemptAt: null })
    this.kick()
  }

  /** Where statements go now. */
  get currentTarget(): SyncTarget {
    return this.target
  }

  stop(): void {
    this.stopped = true
    this.cancelTimer()
  }

  private schedule(ms: number): void {
    this.cancelTimer()
    this.timer = this.clock.setTimeout(() => {
      this.timer = null
      void this.run()
    }, ms)
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer)
    this.timer = null
  }

  private run(): Promise<void> {
    if (this.running) {
      this.again = true
      return this.running
    }
    const pass = async () => {
      do {
        this.again = false
        await this.withLock()
      } while (this.again && this.status.state === 'idle' && !this.stopped)
    }
    this.running = pass()
      .catch((error: unknown) => {
        // The device's own storage failed (full disk, a closed database): nothing is
        // lost (what is pending stays pending), so look again later.
        this.failures += 1
        const delay = retryDelayMs(this.failures, this.random, this.backoff)
        this.setStatus({ state: 'waiting-to-retry', problem: `Sync paused by a storage error: ${String(error)}`, problemKind: 'storage', nextAttemptAt: this.clock.now() + delay })
        if (!this.stopped) this.schedule(delay)
      })
      .finally(() => {
        this.running = null
      })
    return this.running
  }

  private async withLock(): Promise<void> {
    const locks = this.options.locks
    if (!locks) return this.drain()
    const got = await locks.request(OUTBOX_LOCK, { ifAvailable: true }, async (lock) => {
      if (lock === null) return false
      await this.drain()
      return true
    })
    // Another tab is sending: look again later, in case it closes.
    if (!got) {
      this.setStatus({ pendingStored: await this.options.store.countPending() })
      if (!this.stopped) this.schedule(OTHER_TAB_RECHECK_MS)
    }
  }

  private async drain(): Promise<void> {
    const { store } = this.options
    // Counted once, then kept by arithmetic: one IndexedDB round trip less per batch.
    let pending = await store.countPending()
    this.setStatus({ state: 'sending', pendingStored: pending })
    for (;;) {
      // Read a few batches at once, and let the "delivered" marks run while the next
      // batch is on the wire: fewer main-thread hops per batch (one POST at a time still).
      const window = pending === 0 ? [] : await store.oldestPending(this.batchSize * READ_AHEAD)
      if (window.length === 0) break
      const marks: Promise<void>[] = []
      for (let i = 0; i < window.length; i += this.batchSize) {
        const batch = window.slice(i, i + this.batchSize)
        const outcome = await this.send(batch, marks)
        if (outcome.kind !== 'ok') await Promise.all(marks)
        if (outcome.kind === 'paused') {
          this.setStatus({ state: 'paused', problem: outcome.problem, problemKind: 'repair', pendingStored: await store.countPending() })
          return
        }
        if (outcome.kind === 'retry') {
          this.failures += 1
          const delay = retryDelayMs(this.failures, this.random, this.backoff, outcome.retryAfterMs)
          const nextAttemptAt = this.clock.now() + delay
          this.setStatus({ state: 'waiting-to-retry', problem: outcome.problem, problemKind: outcome.problemKind, nextAttemptAt, pendingStored: await store.countPending() })
          this.schedule(delay)
          return
        }
        this.failures = 0
        pending = Math.max(0, pending - batch.length)
        this.setStatus({ problem: null, problemKind: null, pendingStored: pending })
      }
      await Promise.all(marks)
      // Recount (another tab's recorder adds to the same store).
      pending = await store.countPending()
      this.setStatus({ pendingStored: pending })
    }
    this.setStatus({ state: 'idle', nextAttemptAt: null, pendingStored: pending })
  }

  /**
   * Sends one batch; on 400/409/413 bisects to find the statements at fault.
   * A 2xx's "delivered" mark is pushed onto `marks` (awaited by the caller) instead of awaited here.
   */
  private async send(batch: readonly StoredStatement[], marks: Promise<void>[]): Promise<SendOutcome> {
    const { store } = this.options
    let response: Response
    try {
      response = await this.post(batch)
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'AbortError'
      return timedOut
        ? { kind: 'retry', problem: 'The portfolio server did not answer in time', problemKind: 'timeout' }
        : { kind: 'retry', problem: 'Cannot reach the portfolio server', problemKind: 'offline' }
    }
    const status = response.status
    if (status >= 200 && status < 300) {
      const mark = store.markDelivered(batch)
      mark.catch(() => undefined) // surfaced by the caller's Promise.all
      marks.push(mark)
      this.setStatus({ lastSyncAt: this.clock.now() })
      return { kind: 'ok' }
    }
    if (status === 401 || status === 403) {
      return { kind: 'paused', problem: 'The server no longer accepts this headset: re-pair this headset' }
    }
    if (status === 400 || status === 409 || status === 413) {
      if (batch.length > 1) {
        const middle = Math.ceil(batch.length / 2)
        const first = await this.send(batch.slice(0, middle), marks)
        if (first.kind !== 'ok') return first
        return this.send(batch.slice(middle), marks)
      }
      const item = batch[0]!
      const message = await messageOf(response)
      if (status === 409) await store.markConflict(item, message || 'Conflict: the LRS holds a different statement with this id')
      else await store.markQuarantined(item, message || (status === 413 ? 'Statement too large for the LRS' : 'Rejected by the LRS'))
      this.setStatus({ setAside: this.status.setAside + 1 })
      return { kind: 'ok' }
    }
    const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'), this.clock.now())
    const problem = status === 429 ? 'The portfolio server is busy; retrying' : `The portfolio server answered ${status}; retrying`
    const problemKind: ProblemKind = status === 429 ? 'busy' : 'server'
    return retryAfterMs === undefined ? { kind: 'retry', problem, problemKind } : { kind: 'retry', problem, problemKind, retryAfterMs }
  }

  private async post(batch: readonly StoredStatement[]): Promise<Response> {
    const controller = new AbortController()
    const timer = this.clock.setTimeout(() => controller.abort(), this.timeoutMs)
    try {
      return await this.options.fetch(`${this.target.endpoint}statements`, {
        method: 'POST',
        headers: {
          Authorization: this.target.auth,
          'Content-Type': 'application/json',
          'X-Experience-API-Version': this.target.version ?? '1.0.3',
        },
        body: JSON.stringify(batch.map((item) => item.statement)),
        signal: controller.signal,
      })
    } finally {
      this.clock.clearTimeout(timer)
    }
  }

  private setStatus(change: Partial<SyncStatus>): void {
    this.status = { ...this.status, ...change }
    this.options.onStatus?.(this.status)
  }
}

async function messageOf(response: Response): Promise<string> {
  try {
    const text = await response.text()
    try {
      const body = JSON.parse(text) as { message?: unknown; error?: unknown }
      if (typeof body.message === 'string') return body.message
      if (typeof body.error === 'string') return body.error
    } catch {
      // not JSON: use the text as it is
    }
    return text.slice(0, 500)
  } catch {
    return ''
  }
}
