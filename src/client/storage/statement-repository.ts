import type { Statement } from '../../core/index.js'
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
    const byId = tx.store.index('by-id')
    const writes = statements.map(async (statement) => {
      if ((await byId.getKey(statement.id)) !== undefined) return
      await tx.store.add({ id: statement.id, statement, status: 'pending', storedAt })
    })
    await Promise.all([...writes, tx.done])
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

  markDelivered(items: readonly StoredStatement[]): Promise<void> {
    const deliveredAt = this.now()
    return this.update(items, (item) => ({ ...item, status: 'delivered', deliveredAt }))
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

  /** Removes delivered statements older than the retention period. */
  async pruneDelivered(): Promise<number> {
    const tx = this.db.transaction('statements', 'readwrite', { durability: 'strict' })
    let cursor = await tx.store.index('by-delivered').openCursor(IDBKeyRange.upperBound(this.now() - DELIVERED_RETENTION_MS))
    let removed = 0
    while (cursor) {
      await cursor.delete()
      removed += 1
      cursor = await cursor.continue()
    }
    await tx.done
    return removed
  }

  private async update(items: readonly StoredStatement[], change: (item: StoredStatement) => StoredStatement): Promise<void> {
    if (items.length === 0) return
    const tx = this.db.transaction('statements', 'readwrite', { durability: 'strict' })
    await Promise.all([...items.map((item) => tx.store.put(change(item))), tx.done])
  }
}
