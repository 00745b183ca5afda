import type { Statement } from '../../core/index.js'
import { Recorder, type StatementSink } from '../capture/recorder.js'
import { systemClock, type Clock } from '../capture/timers.js'
import type { FathomDatabase } from '../storage/db.js'
import { StatementRepository } from '../storage/statement-repository.js'
import type { BackoffPolicy } from './backoff.js'
import { Outbox, type LockManagerLike, type SyncStatus, type SyncTarget } from './outbox.js'

export interface StatementPipelineOptions {
  readonly db: FathomDatabase
  readonly target: SyncTarget
  readonly fetch: typeof fetch
  readonly clock?: Clock
  readonly locks?: LockManagerLike
  readonly onStatus?: (status: SyncStatus) => void
  /** Per-request timeout of the outbox (default 15 s; tests lower it). */
  readonly timeoutMs?: number
  /** Backoff bounds (default 1 s to 5 min; tests lower them). */
  readonly backoff?: BackoffPolicy
  /** A flush to IndexedDB wrote `count` statements. */
  readonly onFlushed?: (count: number) => void
  /** A flush to IndexedDB failed (e.g. storage full); the statements stay in memory and are retried. */
  readonly onStorageError?: (error: unknown) => void
  /** Wraps the repository as the recorder's sink (tests make it throw). */
  readonly sink?: (repository: StatementRepository) => StatementSink
}

/** Recorder → IndexedDB → outbox → LRS, wired together. Framework-free. */
export interface StatementPipeline {
  /** Queues a statement in memory; returns at once. */
  record(statement: Statement): void
  /** Statements recorded and not yet delivered (in memory or stored). */
  pending(): Promise<number>
  /** Writes the memory queue to IndexedDB now. */
  flushToStorage(): Promise<void>
  /** Writes the memory queue, then sends everything it can now. */
  flush(): Promise<void>
  readonly recorder: Recorder
  readonly outbox: Outbox
  readonly repository: StatementRepository
}

export function createStatementPipeline(options: StatementPipelineOptions): StatementPipeline {
  const clock = options.clock ?? systemClock
  const repository = new StatementRepository(options.db, () => clock.now())
  const outbox = new Outbox({
    store: repository,
    target: options.target,
    fetch: options.fetch,
    clock,
    ...(options.locks ? { locks: options.locks } : {}),
    ...(options.onStatus ? { onStatus: options.onStatus } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.backoff ? { backoff: options.backoff } : {}),
  })
  // Only the outbox reads from storage, so nothing is sent before it is on disk.
  const recorder = new Recorder(options.sink ? options.sink(repository) : repository, {
    clock,
    onFlushed: (count) => {
      options.onFlushed?.(count)
      outbox.kick()
    },
    ...(options.onStorageError ? { onError: options.onStorageError } : {}),
  })
  return {
    record: (statement) => recorder.record(statement),
    pending: async () => recorder.queued + (await repository.countPending()),
    flushToStorage: () => recorder.flush(),
    flush: async () => {
      await recorder.flush()
      await outbox.syncNow()
    },
    recorder,
    outbox,
    repository,
  }
}
