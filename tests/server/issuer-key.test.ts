/**
 * The school's Open Badges issuer key lives in the database (migration 5), on
 * either backend: every server process on one database publishes and signs
 * with the same key, even when their data directories differ (PostgreSQL
 * behind a load balancer), and a key file kept by an earlier version in the
 * data directory is adopted, so the badges it signed stay verifiable.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose'
import { describe, expect, it } from 'vitest'
import { testBackend } from './backends.js'
import { startTestServer, tempDir, type TestServer } from './helpers.js'

async function jwks(t: TestServer): Promise<JWK[]> {
  const res = await fetch(`${t.url}/api/issuer/jwks`)
  expect(res.status).toBe(200)
  return ((await res.json()) as { keys: JWK[] }).keys
}

describe('the issuer key', () => {
  it('is one key for every process on the database, made once even when they ask at the same moment', async () => {
    const first = await startTestServer()
    // SQLite: a second server on the same file. PostgreSQL: on the same database with its own data dir.
    const second =
      testBackend() === 'sqlite'
        ? await startTestServer({ dataDir: first.dataDir })
        : await startTestServer({ env: { DATABASE_URL: readFileSync(join(first.dataDir, '.fathom-test-database-url'), 'utf8').trim() } })
    try {
      const [a, b] = await Promise.all([jwks(first), jwks(second)])
      expect(a).toHaveLength(1)
      expect(a[0]!.kid).toBeTruthy()
      expect(b).toEqual(a)
      expect(a[0]).not.toHaveProperty('d') // the public half only
      // Nothing of it is written as a file any more.
      expect(existsSync(join(first.dataDir, 'issuer'))).toBe(false)
      expect(existsSync(join(second.dataDir, 'issuer'))).toBe(false)
    } finally {
      await second.close({ keepData: second.dataDir === first.dataDir })
      await first.close()
    }
  })

  it('adopts the key file an earlier version kept in the data dir, and keeps it across a restart', async () => {
    const dataDir = tempDir()
    const { privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 })
    const old = { ...(await exportJWK(privateKey)), alg: 'RS256' }
    mkdirSync(join(dataDir, 'issuer'))
    writeFileSync(join(dataDir, 'issuer', 'issuer-key.json'), JSON.stringify(old))
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicPart } = old
    void _d, void _p, void _q, void _dp, void _dq, void _qi
    const expected = await calculateJwkThumbprint(publicPart)

    let t = await startTestServer({ dataDir })
    try {
      expect((await jwks(t)).map((k) => k.kid)).toEqual([expected])
      expect(await t.server.context.store.issuerPrivateJwk()).toBe(JSON.stringify(old))
      await t.close({ keepData: true })
      // The database holds it now: the file may go and the key stays.
      writeFileSync(join(dataDir, 'issuer', 'issuer-key.json'), 'not a key')
      t = await startTestServer({ dataDir })
      expect((await jwks(t)).map((k) => k.kid)).toEqual([expected])
    } finally {
      await t.close()
    }
  })
})
