import { afterEach, describe, expect, it, vi } from 'vitest'
import { FakeClock, freshDB, settle, statement } from './fixtures.js'
import { Recorder } from '../../src/client/capture/recorder.js'
import { StatementRepository } from '../../src/client/storage/statement-repository.js'

/** Counts readwrite transactions opened on any fake-indexeddb database. */
function countWriteTransactions() {
  const proto = (globalThis as unknown as { IDBDatabase: { prototype: { transaction: (...args: unknown[]) => unknown } } }).IDBDatabase.prototype
  const spy = vi.spyOn(proto, 'transaction')
  return {
    get writes() {
      return spy.mock.calls.filter((args) => args[1] === 'readwrite').length
    },
    durabilities: () => spy.mock.calls.filter((args) => args[1] === 'readwrite').map((args) => (args[2] as { durability?: string } | undefined)?.durability),
  }
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('recorder', () => {
  it('only queues in memory when recording: nothing is written before the flush', async () => {
    const db = await freshDB()
    const clock = new FakeClock()
    const repo = new StatementRepository(db, () => clock.now())
    const recorder = new Recorder(repo, { clock })
    const tx = countWriteTransactions()
    recorder.record(statement())
    recorder.record(statement())
    await settle()
    expect(tx.writes).toBe(0)
    expect(recorder.queued).toBe(2)
    expect(await repo.countPending()).toBe(0)
  })

  it('writes everything queued within a second in one strict transaction', async () => {
    const db = await freshDB()
    const clock = new FakeClock()
    const repo = new StatementRepository(db, () => clock.now())
    const recorder = new Recorder(repo, { clock })
    const tx = countWriteTransactions()
    for (let i = 0; i < 10; i++) recorder.record(statement())
    await clock.advance(999)
    expect(tx.writes).toBe(0)
    await clock.advance(1)
    await settle()
    expect(tx.writes).toBe(1)
    expect(tx.durabilities()).toEqual(['strict'])
    expect(await repo.countPending()).toBe(10)
    expect(recorder.queued).toBe(0)
  })

  it('flushes at 50 queued statements without waiting for the timer', async () => {
    const db = await freshDB()
    const clock = new FakeClock()
    const repo = new StatementRepository(db, () => clock.now())
    const recorder = new Recorder(repo, { clock })
    const tx = countWriteTransactions()
    for (let i = 0; i < 49; i++) recorder.record(statement())
    await clock.advance(0)
    expect(tx.writes).toBe(0)
    recorder.record(statement())
    await clock.advance(0)
    await settle()
    expect(tx.writes).toBe(1)
    expect(await repo.countPending()).toBe(50)
  })

  it('flushes immediately on demand (pagehide, hidden, XR session end)', async () => {
    const db = await freshDB()
    const clock = new FakeClock()
    const repo = new StatementRepository(db, () => clock.now())
    const recorder = new Recorder(repo, { clock })
    recorder.record(statement())
    await recorder.flush()
    expect(await repo.countPending()).toBe(1)
    expect(clock.pendingTimers).toEqual([])
  })

  it('keeps the order of statements and never stores an id twice', async () => {
    const db = await freshDB()
    const clock = new FakeClock()
    const repo = new StatementRepository(db, () => clock.now())
    const recorder = new Recorder(repo, { clock })
    const a = statement()
    const b = statement()
    recorder.record(a)
    recorder.record(b)
    await recorder.flush()
    recorder.record(a)
    await recorder.flush()
    const pending = await repo.oldestPending(100)
    expect(pending.map((p) => p.id)).toEqual([a.id, b.id])
  })

  it('puts statements back and retries when the write fails', async () => {
    const clock = new FakeClock()
    let fail = true
    const written: string[] = []
    const sink = {
      addAll: async (s: readonly { id: string }[]) => {
        if (fail) throw new Error('quota')
        written.push(...s.map((x) => x.id))
      },
    }
    const recorder = new Recorder(sink, { clock, onError: () => undefined })
    const a = statement()
    recorder.record(a)
    await clock.advance(1000)
    expect(recorder.queued).toBe(1)
    fail = false
    await clock.advance(1000)
    expect(written).toEqual([a.id])
    expect(recorder.queued).toBe(0)
  })
})
