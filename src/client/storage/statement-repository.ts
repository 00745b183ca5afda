import type { Statement } from '../../core/index.js'
import { unwrap } from 'idb'
import type { FathomDatabase, StoredStatement } from './db.js'

/** Delivered statements are kept this long (for the student's own history), then pruned. */
export const DELIVERED_RETENTION_MS = 30 * 24 * 60 * 60 * 1000

/**
 * The device's statement queue in IndexedDB. Every write is one readwrite
 * transaction with strict durability; nothing but the transaction's own
 * requests is awaited inside it.
 */
export class StatementRepository {
  constructor(
    private readonly db: FathomDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  /** Stores statements as pending, in one transaction. Ids already stored are left as they are. */
  async addAll(statements: readonly Statement[]): Promise<void> {
    if (statements.length === 0) return
    const tx = this.db.transaction('statements', 'readwrite', { durability: 'strict' })
    const storedAt = this.now()
    // One `add` per statement, nothing read first: an id already stored (or twice in
    // this flush) fails its own request with ConstraintError, which is swallowed so
    // the rest of the transaction commits and the stored statement is left as it is.
    const store = unwrap(tx.store) as IDBObjectStore
    for (const statement of statements) {
      const request = store.add({ id: statement.id, statement, status: 'pending', storedAt })
      request.onerror = (event) => {
        if (request.error?.name === 'ConstraintError') {
          event.preventDefault()
          event.stopPropagation()
        }
      }
    }
    await tx.done
  }

  /** Ids of statements stored with any status (tests, and to tell a duplicate from a new record). */
  async ids(): Promise<string[]> {
    return (await this.db.getAll('statements')).map((item) => item.id)
  }

  /** Up to `limit` undelivered statements, oldest first. */
  async oldestPending(limit: number): Promise<StoredStatement[]> {
    return this.db.getAllFromIndex('statements', 'by-status', 'pending', limit)
  }

  async countPending(): Promise<number> {
    return this.db.countFromIndex('statements', 'by-status', 'pending')
  }

  async countProblems(): Promise<number> {
    const tx = this.db.transaction('statements', 'readonly')
    const index = tx.store.index('by-status')
    const [conflict, quarantined] = await Promise.all([index.count('conflict'), index.count('quarantined'), tx.done])
    return conflict + quarantined
  }

  /**
   * Relaxed durability: if a crash loses this mark, the statements are sent again
   * and the LRS, idempotent by id, answers the same — so no fsync per batch.
   */
  markDelivered(items: readonly StoredStatement[]): Promise<void> {
    const deliveredAt = this.now()
    return this.update(items, (item) => ({ ...item, status: 'delivered', deliveredAt }), 'relaxed')
  }

  markConflict(item: StoredStatement, problem: string): Promise<void> {
    return this.update([item], (i) => ({ ...i, status: 'conflict', problem }))
  }

  markQuarantined(item: StoredStatement, problem: string): Promise<void> {
    return this.update([item], (i) => ({ ...i, status: 'quarantined', problem }))
  }

  /** Everything stored, in insertion order (for tests and the student's history). */
  all(): Promise<StoredStatement[]> {
    return this.db.getAll('statements')
  }

  /**
   * Removes delivered statements older than `olderThanMs` (the retention period by
   * default; 0 when storage is full, since the LRS already holds them). Undelivered,
   * conflicting and quarantined statements are never pruned.
   */
  async pruneDelivered(olderThanMs: number = DELIVERED_RETENTION_MS): Promise<number> {
    const tx = this.db.transaction('statements', 'readwrite', { durability: 'strict' })
    let cursor = await tx.store.index('by-delivered').openCursor(IDBKeyRange.upperBound(this.now() - olderThanMs))
    let removed = 0
    while (cursor) {
      await cursor.delete()
      removed += 1
      cursor = await cursor.continue()
    }
    await tx.done
    return removed
  }

  private async update(items: readonly StoredStatement[], change: (item: StoredStatement) => StoredStatement, durability: IDBTransactionDurability = 'strict'): Promise<void> {
    if (items.length === 0) return
    const tx = this.db.transaction('statements', 'readwrite', { durability })
    await Promise.all([...items.map((item) => tx.store.put(change(item))), tx.done])
  }
}
