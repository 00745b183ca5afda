import type { ServerConfig } from '../config.js'
import { PostgresStore } from './postgres.js'
import { SqliteStore } from './sqlite.js'
import type { Store } from './store.js'

/**
 * The backend: PostgreSQL when DATABASE_URL is set (config.databaseUrl),
 * otherwise SQLite in `<dataDir>/fathom.sqlite`. Both are migrated on open.
 */
export async function openStore(config: ServerConfig, now: () => Date = () => new Date()): Promise<Store> {
  if (config.databaseUrl) return PostgresStore.open(config.databaseUrl, { now })
  return SqliteStore.open(config.dataDir)
}
