// Property-based test of the capture → IndexedDB → outbox state machine against a simple model,
// under random interleavings of record, flush, send, every kind of answer, time passing and crashes.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { FakeClock, freshDB, settle, statement } from './fixtures.js'
import type { Statement } from '../../src/core/index.js'
import { Recorder } from '../../src/client/capture/recorder.js'
import { StatementRepository } from '../../src/client/storage/statement-repository.js'
import { Outbox, type OutboxStore } from '../../src/client/sync/outbox.js'
import type { FathomDatabase } from '../../src/client/storage/db.js'

type Answer = 'ok' | '500' | '503' | '429' | 'network' | 'lost' | '401' | 'hang'
type Action =
  | { t: 'record'; n: number; poison: boolean; conflict: boolean }
  | { t: 'flush' }
  | { t: 'kick' }
  | { t: 'sync' }
  | { t: 'online' }
  | { t: 'answer'; kind: Answer }
  | { t: 'advance'; ms: number }
  | { t: 'crash'; serverGotInFlight: boolean }

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.record({
      t: fc.constant('record' as const),
      n: fc.integer({ min: 1, max: 6 }),
      poison: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      conflict: fc.integer({ min: 0, max: 6 }).map((n) => n === 0),
    }) },
  { weight: 2, arbitrary: fc.constant({ t: 'flush' as const }) },
  { weight: 1, arbitrary: fc.constant({ t: 'kick' as const }) },
  { weight: 1, arbitrary: fc.constant({ t: 'sync' as const }) },
  { weight: 1, arbitrary: fc.constant({ t: 'online' as const }) },
  { weight: 5, arbitrary: fc.record({ t: fc.constant('answer' as const), kind: fc.constantFrom<Answer>('ok', 'ok', 'ok', '500', '503', '429', 'network', 'lost', '401', 'hang') }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 8000 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('crash' as const), serverGotInFlight: fc.boolean() }) },
)

const MAX_BATCH = 7

/** The LRS as the spec has it: atomic batches, idempotent by id, 400 for a bad statement, 409 for a different one under a known id, 413 above a size. */
class ModelLrs {
  readonly stored = new Set<string>()
  constructor(
    readonly poison: Set<string>,
    readonly conflicting: Set<string>,
  ) {}
  handle(ids: readonly string[]): Response {
    if (ids.length > MAX_BATCH) return json(413, { message: 'too large' })
    const bad = ids.find((id) => this.poison.has(id))
    if (bad) return json(400, { message: `statement ${bad}: invalid` })
    const clash = ids.find((id) => this.conflicting.has(id))
    if (clash) return json(409, { message: `statement ${clash}: another statement has this id` })
    for (const id of ids) this.stored.add(id)
    return json(200, ids)
  }
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })

interface InFlight {
  ids: string[]
  resolve: (r: Response) => void
  reject: (e: unknown) => void
  generation: number
}

/** A running app: recorder + outbox on the shared database. A crash makes every part of it inert. */
function boot(db: FathomDatabase, clock: FakeClock, fetch: typeof globalThis.fetch, generation: number, alive: () => boolean, written: Set<string>) {
  const repo = new StatementRepository(db, () => clock.now())
  const guard = <T>(fn: () => Promise<T>): Promise<T> => (alive() ? fn() : Promise.reject(new Error(`generation ${generation} is dead`)))
  const store: OutboxStore = {
    oldestPending: (limit) => guard(() => repo.oldestPending(limit)),
    countPending: () => guard(() => repo.countPending()),
    markDelivered: (items) => guard(() => repo.markDelivered(items)),
    markConflict: (item, p) => guard(() => repo.markConflict(item, p)),
    markQuarantined: (item, p) => guard(() => repo.markQuarantined(item, p)),
  }
  const outbox = new Outbox({ store, target: { endpoint: 'http://lrs.test/xapi/', auth: 'Basic eA==' }, fetch, clock, random: () => 0.5, timeoutMs: 3000, backoff: { minMs: 1000, maxMs: 20_000 } })
  const recorder = new Recorder(
    {
      addAll: (statements) =>
        guard(async () => {
          await repo.addAll(statements)
          for (const s of statements) written.add(s.id)
        }),
    },
    { clock, onFlushed: () => alive() && outbox.kick() },
  )
  return { repo, outbox, recorder }
}

describe('outbox state machine (property-based, fast-check)', () => {
  const stats = { runs: 0, delivered: 0, setAside: 0, crashes: 0 }
  const answered: Record<string, number> = {}
  it('whatever the interleaving of record, send, answers and crashes: once healthy, the LRS holds exactly the stored statements that are valid, each once; bad ones are quarantined with a reason, conflicts recorded', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 80, size: 'max' }), async (actions) => {
        const db = await freshDB()
        const clock = new FakeClock()
        const poison = new Set<string>()
        const conflicting = new Set<string>()
        const lrs = new ModelLrs(poison, conflicting)
        const inFlight: InFlight[] = []
        const written = new Set<string>()
        /** Statements recorded by generations that never crashed afterwards must all arrive. */
        let generation = 0
        let autoAnswer = false
        const maxConcurrent = new Map<number, number>()
        const problems: string[] = []

        const fetch = (async (_url: string, init: RequestInit) => {
          const gen = generation
          const body = JSON.parse(String(init.body)) as Statement[]
          const ids = body.map((s) => s.id)
          // Statements are on disk before they are sent.
          const onDisk = new Set((await new StatementRepository(db).all()).map((s) => s.id))
          for (const id of ids) if (!onDisk.has(id)) problems.push(`sent ${id} before it was stored`)
          if (autoAnswer) return lrs.handle(ids)
          return new Promise<Response>((resolve, reject) => {
            const entry: InFlight = { ids, resolve, reject, generation: gen }
            inFlight.push(entry)
            const mine = inFlight.filter((f) => f.generation === gen).length
            maxConcurrent.set(gen, Math.max(maxConcurrent.get(gen) ?? 0, mine))
            init.signal?.addEventListener('abort', () => {
              const i = inFlight.indexOf(entry)
              if (i >= 0) inFlight.splice(i, 1)
              reject(new DOMException('The operation was aborted.', 'AbortError'))
            })
          })
        }) as unknown as typeof globalThis.fetch

        const aliveOf = (g: number) => () => g === generation
        let app = boot(db, clock, fetch, generation, aliveOf(generation), written)
        const recordedSinceCrash: string[] = []

        for (const a of actions) {
          switch (a.t) {
            case 'record':
              for (let i = 0; i < a.n; i++) {
                const s = statement()
                if (a.poison && i === 0) poison.add(s.id)
                else if (a.conflict && i === a.n - 1) conflicting.add(s.id)
                recordedSinceCrash.push(s.id)
                app.recorder.record(s)
              }
              break
            case 'flush':
              await app.recorder.flush().catch(() => undefined)
              break
            case 'kick':
              app.outbox.kick()
              break
            case 'sync':
              void app.outbox.syncNow()
              break
            case 'online':
              app.outbox.networkBack()
              break
            case 'answer': {
              const next = inFlight.find((f) => f.generation === generation)
              if (!next || a.kind === 'hang') break
              inFlight.splice(inFlight.indexOf(next), 1)
              answered[a.kind] = (answered[a.kind] ?? 0) + 1
              if (a.kind === 'ok') next.resolve(lrs.handle(next.ids))
              else if (a.kind === 'network') next.reject(new TypeError('Failed to fetch'))
              else if (a.kind === 'lost') {
                lrs.handle(next.ids)
                next.reject(new TypeError('Failed to fetch'))
              } else if (a.kind === '429') next.resolve(json(429, { message: 'busy' }, { 'Retry-After': '2' }))
              else next.resolve(json(Number(a.kind), { message: a.kind }))
              break
            }
            case 'advance':
              await clock.advance(a.ms)
              break
            case 'crash': {
              // The tab dies: memory is gone, IndexedDB stays; requests on the wire may or may not have reached the server.
              app.outbox.stop()
              for (const f of inFlight.splice(0)) if (a.serverGotInFlight) lrs.handle(f.ids)
              generation += 1
              recordedSinceCrash.length = 0
              app = boot(db, clock, fetch, generation, aliveOf(generation), written)
              app.outbox.kick()
              break
            }
          }
          await settle(12)
        }

        // Heal: the network and the server work again; the app flushes and sends until nothing is pending.
        autoAnswer = true
        for (const f of inFlight.splice(0)) if (f.generation === generation) f.resolve(lrs.handle(f.ids))
        await settle()
        for (let round = 0; round < 30; round++) {
          await app.recorder.flush().catch(() => undefined)
          if (app.outbox.current.state === 'paused') app.outbox.resume()
          await app.outbox.syncNow()
          await clock.advance(25_000)
          if ((await app.repo.countPending()) === 0 && app.recorder.queued === 0) break
        }

        const all = await app.repo.all()
        const byId = new Map(all.map((s) => [s.id, s]))
        expect(problems).toEqual([])
        // One request at a time per running app.
        for (const [, n] of maxConcurrent) expect(n).toBeLessThanOrEqual(1)
        // Nothing that was written to disk is lost, and nothing is left pending.
        for (const id of written) expect(byId.has(id), `written ${id} is stored`).toBe(true)
        for (const id of recordedSinceCrash) expect(byId.has(id), `recorded ${id} since the last crash is stored`).toBe(true)
        expect(all.filter((s) => s.status === 'pending')).toEqual([])
        // Each stored statement ends as the LRS's answer for it alone says.
        for (const s of all) {
          const expected = poison.has(s.id) ? 'quarantined' : conflicting.has(s.id) ? 'conflict' : 'delivered'
          expect(s.status, `${s.id}`).toBe(expected)
          if (expected !== 'delivered') expect(s.problem).toMatch(/invalid|another statement/)
        }
        // The LRS holds exactly the valid stored statements (a Set: each once; nothing it never had stored on the device).
        const valid = all.filter((s) => !poison.has(s.id) && !conflicting.has(s.id)).map((s) => s.id)
        expect(new Set(lrs.stored)).toEqual(new Set(valid))
        stats.runs += 1
        stats.delivered += valid.length
        stats.setAside += all.length - valid.length
        stats.crashes += generation
        db.close()
      }),
      { numRuns: 100 },
    )
    console.log(`[outbox model] ${JSON.stringify(stats)} answers ${JSON.stringify(answered)}`)
    expect(stats.delivered).toBeGreaterThan(100)
    expect(stats.setAside).toBeGreaterThan(0)
  }, 120_000)
})
