import { describe, expect, it } from 'vitest'
import { FakeClock, freshDB, settle, statement } from './fixtures.js'
import { Recorder, type StatementSink } from '../../src/client/capture/recorder.js'
import { StatementRepository } from '../../src/client/storage/statement-repository.js'
import { estimateStorage, isQuotaError, nearlyFull, requestPersistence } from '../../src/client/storage/storage-health.js'
import { createStatementPipeline } from '../../src/client/sync/pipeline.js'
import { faultySink, storageFault } from '../../src/client/sync/storage-fault.js'
import { applyLrsParameters, basicAuth, loadLrsOverride, resolveSyncTarget, type KeyValueStorage } from '../../src/client/sync/lrs-config.js'

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError')
const nearQuotaAbort = () => new DOMException('Transaction aborted: not enough disk space (quota)', 'AbortError')

describe('storage health', () => {
  it('recognises a full disk: QuotaExceededError, the near-quota AbortError, and either wrapped', () => {
    expect(isQuotaError(quota())).toBe(true)
    expect(isQuotaError(nearQuotaAbort())).toBe(true)
    expect(isQuotaError(new Error('write failed', { cause: quota() }))).toBe(true)
    expect(isQuotaError({ name: 'Error', error: quota() })).toBe(true)
    expect(isQuotaError(new DOMException('constraint', 'ConstraintError'))).toBe(false)
    expect(isQuotaError(new TypeError('x'))).toBe(false)
  })

  it('asks for persistent storage and reads the estimate, never throwing', async () => {
    expect(await requestPersistence({ persist: async () => true, persisted: async () => false })).toBe(true)
    expect(await requestPersistence({ persist: async () => Promise.reject(new Error('no')) })).toBeNull()
    expect(await requestPersistence(undefined)).toBeNull()
    expect(await estimateStorage({ estimate: async () => ({ usage: 95, quota: 100 }) })).toEqual({ usage: 95, quota: 100 })
    expect(nearlyFull(95, 100)).toBe(true)
    expect(nearlyFull(10, 100)).toBe(false)
    expect(nearlyFull(null, 100)).toBe(false)
  })

  it('when the repository throws QuotaExceededError (then AbortError), statements stay in memory, are retried, and none is dropped or reordered', async () => {
    const db = await freshDB()
    const clock = new FakeClock()
    const repo = new StatementRepository(db, () => clock.now())
    let failuresLeft = 4
    const errors: unknown[] = []
    const sink: StatementSink = {
      addAll: (statements) => {
        if (failuresLeft > 0) {
          failuresLeft -= 1
          return Promise.reject(failuresLeft % 2 ? quota() : nearQuotaAbort())
        }
        return repo.addAll(statements)
      },
    }
    const recorder = new Recorder(sink, { clock, onError: (e) => errors.push(e) })
    const recorded = Array.from({ length: 30 }, () => statement())
    for (const s of recorded.slice(0, 10)) recorder.record(s)
    await clock.advance(1000)
    await settle()
    expect(recorder.queued).toBe(10)
    for (const s of recorded.slice(10)) recorder.record(s)
    for (let i = 0; i < 6; i++) await clock.advance(1000)
    await settle()
    expect(errors).toHaveLength(4)
    expect(errors.every(isQuotaError)).toBe(true)
    expect(recorder.queued).toBe(0)
    expect((await repo.all()).map((s) => s.id)).toEqual(recorded.map((s) => s.id))
  })

  it('the pipeline reports the storage error and keeps counting the statements as waiting', async () => {
    const db = await freshDB()
    const clock = new FakeClock()
    const seen: unknown[] = []
    const pipeline = createStatementPipeline({
      db,
      clock,
      target: { endpoint: 'http://lrs.test/xapi/', auth: 'Basic x' },
      fetch: (async () => new Response('[]', { status: 200 })) as unknown as typeof fetch,
      sink: faultySink,
      onStorageError: (e) => seen.push(e),
    })
    storageFault.mode = 'quota'
    try {
      pipeline.record(statement())
      pipeline.record(statement())
      await clock.advance(1000)
      await settle()
      expect(seen.length).toBeGreaterThan(0)
      expect(await pipeline.pending()).toBe(2)
    } finally {
      storageFault.mode = null
    }
    await clock.advance(1000)
    await settle()
    expect(await pipeline.repository.countPending() + (await pipeline.repository.all()).filter((s) => s.status === 'delivered').length).toBe(2)
  })

  it('a flush with the same statement twice stores it once (instead of aborting the whole transaction)', async () => {
    const db = await freshDB()
    const repo = new StatementRepository(db)
    const s = statement()
    await repo.addAll([s, statement(), s])
    expect(await repo.countPending()).toBe(2)
  })

  it('prunes only delivered statements, and all of them when asked to free space', async () => {
    const db = await freshDB()
    let now = 1_700_000_000_000
    const repo = new StatementRepository(db, () => now)
    const [a, b] = [statement(), statement()]
    await repo.addAll([a, b])
    await repo.markDelivered((await repo.all()).filter((x) => x.id === a.id))
    now += 1000
    expect(await repo.pruneDelivered()).toBe(0)
    expect(await repo.pruneDelivered(0)).toBe(1)
    expect((await repo.all()).map((x) => x.id)).toEqual([b.id])
  })
})

class MemoryStorage implements KeyValueStorage {
  readonly map = new Map<string, string>()
  getItem(k: string) {
    return this.map.get(k) ?? null
  }
  setItem(k: string, v: string) {
    this.map.set(k, v)
  }
  removeItem(k: string) {
    this.map.delete(k)
  }
}

describe('any LRS', () => {
  const pairing = { endpoint: 'https://fathom.school/xapi/', auth: 'Basic paired' }
  it('syncs to the paired Fathom server by default', () => {
    expect(resolveSyncTarget(pairing, new MemoryStorage())).toEqual(pairing)
  })
  it('takes another LRS from URL parameters, keeps it on the device, strips the secret from the URL, and ?lrs=fathom goes back', () => {
    const storage = new MemoryStorage()
    const cleaned = applyLrsParameters('https://fathom.school/?test=1&lrs=https://lrs.example/data/xAPI&lrs-key=k%C3%A9y&lrs-secret=s3cret&lrs-version=2.0.0', storage)
    expect(cleaned).toBe('https://fathom.school/?test=1')
    expect(loadLrsOverride(storage)).toEqual({ endpoint: 'https://lrs.example/data/xAPI/', auth: basicAuth('kéy', 's3cret'), version: '2.0.0' })
    expect(basicAuth('key', 'secret')).toBe(`Basic ${Buffer.from('key:secret').toString('base64')}`)
    expect(resolveSyncTarget(pairing, storage)).toEqual({ endpoint: 'https://lrs.example/data/xAPI/', auth: basicAuth('kéy', 's3cret'), version: '2.0.0' })
    expect(applyLrsParameters('https://fathom.school/?lrs=fathom', storage)).toBe('https://fathom.school/')
    expect(resolveSyncTarget(pairing, storage)).toEqual(pairing)
    expect(applyLrsParameters('https://fathom.school/?x=1', storage)).toBeNull()
  })
})
