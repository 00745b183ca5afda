import type { Statement } from '../../core/index.js'
import { systemClock, type Clock } from './timers.js'

/** Where flushed statements go: one call per flush, written in one transaction. */
export interface StatementSink {
  addAll(statements: readonly Statement[]): Promise<void>
}

export interface RecorderOptions {
  /**
   * Longest a statement waits in memory before a flush.
   * @default 1000
   */
  readonly maxDelayMs?: number
  /**
   * Queue length that triggers a flush without waiting for the delay.
   * @default 50
   */
  readonly maxQueued?: number
  /** @default systemClock */
  readonly clock?: Clock
  /** Called after every flush that wrote something (e.g. to wake the outbox). */
  readonly onFlushed?: (count: number) => void
  /** Called when a flush fails; the statements stay queued and are retried. */
  readonly onError?: (error: unknown) => void
}

/**
 * Records statements from inside a frame: `record` only pushes to an array.
 * Writes to IndexedDB happen later, batched, from a timer, never in the caller.
 */
export class Recorder {
  private queue: Statement[] = []
  private timer: unknown = null
  private writing: Promise<void> | null = null
  /** Statements taken off the queue by a write that has not finished yet. */
  private inWrite = 0
  private readonly maxDelayMs: number
  private readonly maxQueued: number
  private readonly clock: Clock

  constructor(
    private readonly sink: StatementSink,
    private readonly options: RecorderOptions = {},
  ) {
    this.maxDelayMs = options.maxDelayMs ?? 1000
    this.maxQueued = options.maxQueued ?? 50
    this.clock = options.clock ?? systemClock
  }

  /** Statements recorded but not yet written to storage (queued or being written). */
  get queued(): number {
    return this.queue.length + this.inWrite
  }

  /** Queues a statement. No I/O, no promise: safe inside `useFrame` or an XR input handler. */
  record(statement: Statement): void {
    this.queue.push(statement)
    if (this.queue.length >= this.maxQueued) this.schedule(0)
    else if (this.timer === null) this.schedule(this.maxDelayMs)
  }

  /** Writes everything queued now, in one transaction (pagehide, hidden, XR session end). */
  flush(): Promise<void> {
    if (this.timer !== null) {
      this.clock.clearTimeout(this.timer)
      this.timer = null
    }
    // Chain behind a write in progress so batches land in order.
    const run = (this.writing ?? Promise.resolve()).catch(() => undefined).then(() => this.writeQueued())
    this.writing = run
    const settle = () => {
      if (this.writing === run) this.writing = null
    }
    run.then(settle, settle)
    return run
  }

  private schedule(ms: number): void {
    if (this.timer !== null) {
      if (ms > 0) return
      this.clock.clearTimeout(this.timer)
    }
    this.timer = this.clock.setTimeout(() => {
      this.timer = null
      this.flush().catch(() => undefined)
    }, ms)
  }

  private async writeQueued(): Promise<void> {
    if (this.queue.length === 0) return
    const batch = this.queue
    this.queue = []
    this.inWrite = batch.length
    try {
      await this.sink.addAll(batch)
    } catch (error) {
      this.inWrite = 0
      // Put them back in front, keep their order, and try again later.
      this.queue = [...batch, ...this.queue]
      this.options.onError?.(error)
      this.schedule(this.maxDelayMs)
      throw error
    }
    this.inWrite = 0
    this.options.onFlushed?.(batch.length)
  }
}
