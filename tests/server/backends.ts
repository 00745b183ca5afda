/**
 * Which storage backend the server suite runs against. The `unit` vitest
 * project runs tests/server on SQLite; the `server-postgres` project runs the
 * same files with FATHOM_TEST_BACKEND=postgres, against the throwaway cluster
 * its globalSetup started (tests/server/postgres/global-setup.ts). Every test
 * server gets a fresh database; a restart on the same data dir reuses it.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { inject } from 'vitest'

export type Backend = 'sqlite' | 'postgres'

export function testBackend(): Backend {
  const value = process.env.FATHOM_TEST_BACKEND ?? 'sqlite'
  if (value !== 'sqlite' && value !== 'postgres') throw new Error(`FATHOM_TEST_BACKEND must be sqlite or postgres, got "${value}"`)
  return value
}

/** The cluster's superuser URL. Throws (never skips) when there is none. */
export function postgresAdminUrl(): string {
  const url = inject('fathomPostgresUrl')
  if (!url) {
    throw new Error('The PostgreSQL backend was chosen but no PostgreSQL cluster was provided: run the `server-postgres` vitest project, whose globalSetup starts one')
  }
  return url
}

let admin: pg.Pool | undefined
let counter = 0

function adminPool(): pg.Pool {
  admin ??= new pg.Pool({ connectionString: postgresAdminUrl(), max: 2, idleTimeoutMillis: 1000, allowExitOnIdle: true })
  return admin
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

/** Creates an empty database on the test cluster and returns its URL. */
export async function createTestDatabase(): Promise<string> {
  const name = `fathom_t_${process.pid}_${++counter}_${randomBytes(3).toString('hex')}`
  await adminPool().query(`CREATE DATABASE ${name}`)
  return withDatabase(postgresAdminUrl(), name)
}

export async function dropTestDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1)
  if (!/^fathom_t_\w+$/.test(name)) throw new Error(`not a test database: ${name}`)
  await adminPool().query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
}

const MARKER = '.fathom-test-database-url'

/**
 * Environment for a test server on `dataDir`: nothing for SQLite (the store
 * lives in the data dir); DATABASE_URL for PostgreSQL, the database bound to
 * this data dir (created now, or the one an earlier server on it used).
 */
export async function testBackendEnv(dataDir: string): Promise<Record<string, string>> {
  if (testBackend() === 'sqlite') return {}
  const marker = join(dataDir, MARKER)
  if (existsSync(marker)) return { DATABASE_URL: readFileSync(marker, 'utf8').trim() }
  const url = await createTestDatabase()
  writeFileSync(marker, url)
  return { DATABASE_URL: url }
}

/** After a test server on `dataDir` closed: drops its database unless the data is kept for a restart. */
export async function releaseTestBackend(dataDir: string, keepData: boolean): Promise<void> {
  if (testBackend() === 'sqlite' || keepData) return
  const marker = join(dataDir, MARKER)
  if (existsSync(marker)) await dropTestDatabase(readFileSync(marker, 'utf8').trim())
}
