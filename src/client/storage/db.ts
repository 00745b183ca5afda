import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb'
import type { Agent, Statement } from '../../core/index.js'

/** Where a recorded statement stands on its way to the LRS. */
export type DeliveryStatus = 'pending' | 'delivered' | 'conflict' | 'quarantined'

/** One recorded statement, as kept on the device until (and after) delivery. */
export interface StoredStatement {
  /** Insertion order (auto-increment): the outbox sends oldest first. */
  readonly seq?: number
  /** The statement id (made on the device): the idempotency key at the LRS. */
  readonly id: string
  readonly statement: Statement
  readonly status: DeliveryStatus
  /** Epoch ms when it reached IndexedDB. */
  readonly storedAt: number
  /** Epoch ms of delivery (status `delivered`). */
  readonly deliveredAt?: number
  /** The LRS's message for a conflict or a quarantined statement. */
  readonly problem?: string
}

/** What pairing a headset to a student gave us: who we are and where to sync. */
export interface Pairing {
  readonly student: { readonly id: string; readonly displayName: string }
  readonly actor: Agent
  /** xAPI endpoint, ending in `/` (e.g. `https://school.example/xapi/`). */
  readonly endpoint: string
  /** Value of the Authorization header (`Basic …`). */
  readonly auth: string
  readonly pairedAt: string
}

export interface FathomDB extends DBSchema {
  statements: {
    key: number
    value: StoredStatement
    indexes: { 'by-id': string; 'by-status': DeliveryStatus; 'by-delivered': number }
  }
  pairing: { key: 'current'; value: Pairing }
}

export const DB_NAME = 'fathom'

type Upgrade = (db: IDBPDatabase<FathomDB>, tx: IDBPTransaction<FathomDB, StoreNames<FathomDB>[], 'versionchange'>) => void

/**
 * Numbered upgrade steps: step `n` takes the database from version `n` to
 * `n + 1`. Never edit a released step; append a new one.
 */
export const UPGRADES: readonly Upgrade[] = [
  // 0 → 1: the statement queue, oldest first by seq; ids unique so a retry never duplicates.
  (db) => {
    const store = db.createObjectStore('statements', { keyPath: 'seq', autoIncrement: true })
    store.createIndex('by-id', 'id', { unique: true })
    store.createIndex('by-status', 'status')
  },
  // 1 → 2: the pairing (actor, endpoint, credentials) survives reloads.
  (db) => {
    db.createObjectStore('pairing')
  },
  // 2 → 3: delivered statements are pruned by delivery time.
  (_db, tx) => {
    tx.objectStore('statements').createIndex('by-delivered', 'deliveredAt')
  },
]

export const DB_VERSION = UPGRADES.length

export type FathomDatabase = IDBPDatabase<FathomDB>

/** Opens (and upgrades) Fathom's database. */
export function openFathomDB(name: string = DB_NAME): Promise<FathomDatabase> {
  return openDB<FathomDB>(name, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      for (let version = oldVersion; version < DB_VERSION; version++) UPGRADES[version]?.(db, tx)
    },
  })
}
