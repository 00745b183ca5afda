import { describe, expect, it } from 'vitest'
import { FakeClock, freshDB, settle, statement } from './fixtures.js'
import type { Statement } from '../../src/core/index.js'
import { StatementRepository } from '../../src/client/storage/statement-repository.js'
import { Outbox, type LockManagerLike, type SyncStatus } from '../../src/client/sync/outbox.js'
import { parseRetryAfter, retryDelayMs } from '../../src/client/sync/backoff.js'

interface Call {
  url: string
  headers: Record<string, string>
  ids: string[]
}

type Responder = (ids: string[], call: number) => Response | Promise<Response>

/** A fake LRS: records every POST and answers with `respond`. */
function fakeFetch(respond: Responder) {
  const calls: Call[] = []
  const fetch = (async (url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body)) as Statement[]
    const ids = body.map((s) => s.id)
    calls.push({ url, headers: init.headers as Record<string, string>, ids })
    return respond(ids, calls.length)
  }) as unknown as typeof globalThis.fetch
  return { fetch, calls }
}

const ok = (ids: string[]) => new Response(JSON.stringify(ids), { status: 200, headers: { 'Content-Type': 'application/json' } })
const status = (code: number, body: object = { message: `status ${code}` }, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status: code, headers: { 'Content-Type': 'application/json', ...headers } })

async function setup(respond: Responder, count: number, extra: { random?: () => number; locks?: LockManagerLike } = {}) {
  const db = await freshDB()
  const clock = new FakeClock()
  const repo = new StatementRepository(db, () => clock.now())
  const statements = Array.from({ length: count }, () => statement())
  await repo.addAll(statements)
  const { fetch, calls } = fakeFetch(respond)
  const statuses: SyncStatus[] = []
  const outbox = new Outbox({
    store: repo,
    target: { endpoint: 'http://lrs.test/xapi/', auth: 'Basic c3R1ZGVudDpzZWNyZXQ=' },
    fetch,
    clock,
    random: extra.random ?? (() => 0.5),
    ...(extra.locks ? { locks: extra.locks } : {}),
    onStatus: (s) => statuses.push(s),
  })
  return { repo, clock, outbox, calls, statements, statuses, db }
}

const byStatus = async (repo: StatementRepository) => {
  const all = await repo.all()
  const out: Record<string, string[]> = {}
  for (const s of all) (out[s.status] ??= []).push(s.id)
  return out
}

describe('outbox', () => {
  it('POSTs oldest first in batches of at most 100 with the xAPI headers, and marks 200 as delivered', async () => {
    const { repo, outbox, calls, statements, statuses, clock } = await setup(ok, 250)
    await outbox.syncNow()
    expect(calls.map((c) => c.ids.length)).toEqual([100, 100, 50])
    expect(calls.flatMap((c) => c.ids)).toEqual(statements.map((s) => s.id))
    expect(calls[0]!.url).toBe('http://lrs.test/xapi/statements')
    expect(calls[0]!.headers).toMatchObject({
      Authorization: 'Basic c3R1ZGVudDpzZWNyZXQ=',
      'Content-Type': 'application/json',
      'X-Experience-API-Version': '1.0.3',
    })
    expect(await repo.countPending()).toBe(0)
    expect((await byStatus(repo)).delivered).toHaveLength(250)
    expect(statuses.at(-1)).toMatchObject({ state: 'idle', pendingStored: 0, lastSyncAt: clock.now(), problem: null })
  })

  it('marks a 409 as a conflict and does not send it again', async () => {
    const { repo, outbox, calls, statements } = await setup(() => status(409), 1)
    await outbox.syncNow()
    await outbox.syncNow()
    expect(calls).toHaveLength(1)
    const stored = await repo.all()
    expect(stored[0]).toMatchObject({ id: statements[0]!.id, status: 'conflict', problem: 'status 409' })
  })

  it('bisects a batch rejected with 400 and quarantines only the bad statement with the server message', async () => {
    let bad = ''
    const { repo, outbox, calls, statements } = await setup(
      (ids) => (ids.includes(bad) ? status(400, { message: 'statement.verb.id: not an IRI' }) : ok(ids)),
      8,
    )
    bad = statements[5]!.id
    await outbox.syncNow()
    const result = await byStatus(repo)
    expect(result.quarantined).toEqual([bad])
    expect(result.delivered).toHaveLength(7)
    const stored = (await repo.all()).find((s) => s.id === bad)
    expect(stored?.problem).toBe('statement.verb.id: not an IRI')
    // 8 → [4 ok] + [4 bad → 2 bad → 1 bad + 1 ok] + [2 ok]
    expect(calls.map((c) => c.ids.length)).toEqual([8, 4, 4, 2, 1, 1, 2])
  })

  it('pauses on 401 and 403, asks to re-pair, and sends nothing more until resumed', async () => {
    for (const code of [401, 403]) {
      let denied = true
      const { repo, outbox, calls, statuses, clock } = await setup((ids) => (denied ? status(code) : ok(ids)), 3)
      await outbox.syncNow()
      expect(statuses.at(-1)).toMatchObject({ state: 'paused' })
      expect(statuses.at(-1)?.problem).toMatch(/re-pair this headset/)
      outbox.kick()
      await clock.advance(600_000)
      expect(calls).toHaveLength(1)
      expect(await repo.countPending()).toBe(3)
      denied = false
      outbox.resume()
      await clock.advance(0)
      await settle()
      expect(await repo.countPending()).toBe(0)
    }
  })

  it('splits a batch the server finds too large (413)', async () => {
    const { repo, outbox, calls } = await setup((ids) => (ids.length > 25 ? status(413) : ok(ids)), 100)
    await outbox.syncNow()
    expect(await repo.countPending()).toBe(0)
    expect(calls.map((c) => c.ids.length)).toEqual([100, 50, 25, 25, 50, 25, 25])
  })

  it('waits for Retry-After on 429, then retries', async () => {
    const { repo, outbox, calls, clock, statuses } = await setup(
      (ids, n) => (n === 1 ? status(429, {}, { 'Retry-After': '30' }) : ok(ids)),
      2,
    )
    await outbox.syncNow()
    expect(statuses.at(-1)).toMatchObject({ state: 'waiting-to-retry' })
    expect(statuses.at(-1)?.nextAttemptAt).toBe(clock.now() + 30_000)
    await clock.advance(29_999)
    expect(calls).toHaveLength(1)
    await clock.advance(1)
    await settle()
    expect(calls).toHaveLength(2)
    expect(await repo.countPending()).toBe(0)
  })

  it('retries 500s and network errors with exponential backoff and full jitter, from 1 s up to 5 min', async () => {
    let failing = true
    const { repo, outbox, calls, clock, statuses } = await setup(async (ids, n) => {
      if (!failing) return ok(ids)
      if (n % 2 === 0) throw new TypeError('Failed to fetch')
      return status(503)
    }, 1, { random: () => 0.999 })
    await outbox.syncNow()
    const delays: number[] = []
    for (let i = 0; i < 12; i++) {
      const last = statuses.at(-1)!
      expect(last.state).toBe('waiting-to-retry')
      const delay = last.nextAttemptAt! - clock.now()
      delays.push(delay)
      await clock.advance(delay)
      await settle()
    }
    // random ≈ 1: each delay is the ceiling, doubling from 1 s, capped at 5 min.
    expect(delays.slice(0, 6)).toEqual([999, 1998, 3996, 7992, 15984, 31968].map((d) => Math.max(1000, d)))
    expect(Math.max(...delays)).toBeLessThanOrEqual(300_000)
    expect(delays.at(-1)).toBe(299_700)
    failing = false
    await clock.advance(300_000)
    await settle()
    expect(await repo.countPending()).toBe(0)
    expect(calls.length).toBeGreaterThan(12)
  })

  it('treats a request that does not answer as a timeout and retries it', async () => {
    const db = await freshDB()
    const clock = new FakeClock()
    const repo = new StatementRepository(db, () => clock.now())
    await repo.addAll([statement()])
    let attempts = 0
    const fetch = ((_url: string, init: RequestInit) => {
      attempts += 1
      if (attempts > 1) return Promise.resolve(ok(['x']))
      return new Promise<Response>((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))
      })
    }) as unknown as typeof globalThis.fetch
    const statuses: SyncStatus[] = []
    const outbox = new Outbox({ store: repo, target: { endpoint: 'http://lrs.test/xapi/', auth: 'Basic x' }, fetch, clock, random: () => 0, onStatus: (s) => statuses.push(s) })
    const done = outbox.syncNow()
    await settle()
    await clock.advance(15_000)
    await done
    expect(statuses.at(-1)).toMatchObject({ state: 'waiting-to-retry', problem: 'The portfolio server did not answer in time' })
    await clock.advance(1000)
    await settle()
    expect(await repo.countPending()).toBe(0)
  })

  it('does not send while another tab holds the outbox lock', async () => {
    const locks: LockManagerLike = { request: async (_name, _options, callback) => callback(null) }
    const { outbox, calls, repo } = await setup(ok, 3, { locks })
    await outbox.syncNow()
    expect(calls).toHaveLength(0)
    expect(await repo.countPending()).toBe(3)
  })
})

describe('backoff', () => {
  it('never waits less than 1 s nor more than 5 min', () => {
    for (let failures = 1; failures < 30; failures++) {
      for (const r of [0, 0.3, 0.999]) {
        const d = retryDelayMs(failures, () => r)
        expect(d).toBeGreaterThanOrEqual(1000)
        expect(d).toBeLessThanOrEqual(300_000)
      }
    }
  })

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(parseRetryAfter('120', now)).toBe(120_000)
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:01:00 GMT', now)).toBe(60_000)
    expect(parseRetryAfter(null, now)).toBeUndefined()
    expect(parseRetryAfter('soon', now)).toBeUndefined()
  })
})

describe('outbox: network back and storage errors', () => {
  it('retries at once when the network returns after a network error, but keeps a wait the server asked for', async () => {
    let mode: 'down' | 'busy' | 'up' = 'down'
    const { outbox, repo, statuses } = await setup(() => {
      if (mode === 'down') throw new TypeError('Failed to fetch')
      if (mode === 'busy') return status(429, { message: 'busy' }, { 'Retry-After': '60' })
      return ok([])
    }, 3)
    await outbox.syncNow()
    expect(statuses.at(-1)).toMatchObject({ state: 'waiting-to-retry', problemKind: 'offline' })
    mode = 'busy'
    outbox.networkBack()
    await settle()
    expect(statuses.at(-1)).toMatchObject({ state: 'waiting-to-retry', problemKind: 'busy' })
    mode = 'up'
    outbox.networkBack()
    await settle()
    expect(await repo.countPending()).toBe(3)
  })

  it('a storage error while marking delivered leaves the statements pending and schedules another pass', async () => {
    const { outbox, repo, clock, calls } = await setup(ok, 2)
    const original = repo.markDelivered.bind(repo)
    let fail = true
    repo.markDelivered = (items) => (fail ? Promise.reject(new DOMException('full', 'QuotaExceededError')) : original(items))
    await outbox.syncNow()
    await settle()
    expect(outbox.current).toMatchObject({ state: 'waiting-to-retry', problemKind: 'storage' })
    expect(await repo.countPending()).toBe(2)
    fail = false
    await clock.advance(300_000)
    await settle()
    expect(await repo.countPending()).toBe(0)
    // Sent again (the LRS is idempotent by id): same ids both times.
    expect(calls[0]!.ids).toEqual(calls.at(-1)!.ids)
  })
})
