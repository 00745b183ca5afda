import 'fake-indexeddb/auto'
import { openDB } from 'idb'
import { describe, expect, it } from 'vitest'
import { DB_VERSION, openFathomDB, UPGRADES, type FathomDB } from '../../src/client/storage/db.js'
import { PairingRepository } from '../../src/client/storage/pairing-repository.js'
import { DELIVERED_RETENTION_MS, StatementRepository } from '../../src/client/storage/statement-repository.js'
import { statement } from './fixtures.js'

describe('IndexedDB schema', () => {
  it('upgrades a version-1 database step by step, keeping its statements', async () => {
    const name = `fathom-upgrade-${Math.random()}`
    const v1 = await openDB<FathomDB>(name, 1, { upgrade: (db, _old, _new, tx) => UPGRADES[0]!(db, tx) })
    const s = statement()
    await v1.add('statements', { id: s.id, statement: s, status: 'pending', storedAt: 1 })
    v1.close()
    const db = await openFathomDB(name)
    expect(db.version).toBe(DB_VERSION)
    expect([...db.objectStoreNames].sort()).toEqual(['pairing', 'statements'])
    expect(await new StatementRepository(db).oldestPending(10)).toMatchObject([{ id: s.id, status: 'pending' }])
  })

  it('keeps the pairing so a reload stays paired', async () => {
    const name = `fathom-pairing-${Math.random()}`
    const pairing = {
      student: { id: 's_1', displayName: 'Ada' },
      actor: { objectType: 'Agent' as const, account: { homePage: 'http://x', name: 's_1' } },
      endpoint: 'http://x/xapi/',
      auth: 'Basic abc',
      pairedAt: '2026-01-01T00:00:00.000Z',
    }
    await new PairingRepository(await openFathomDB(name)).save(pairing)
    expect(await new PairingRepository(await openFathomDB(name)).load()).toEqual(pairing)
  })

  it('prunes delivered statements after the retention period, never pending ones', async () => {
    let now = 1_000_000
    const db = await openFathomDB(`fathom-prune-${Math.random()}`)
    const repo = new StatementRepository(db, () => now)
    await repo.addAll([statement(), statement()])
    const [first] = await repo.oldestPending(1)
    await repo.markDelivered([first!])
    now += DELIVERED_RETENTION_MS + 1
    expect(await repo.pruneDelivered()).toBe(1)
    expect(await repo.countPending()).toBe(1)
  })
})
