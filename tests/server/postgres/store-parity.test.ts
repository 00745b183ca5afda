/**
 * Differential test of the two Store implementations: the same calls against
 * SqliteStore and PostgresStore must give the same answers (ordering, paging,
 * voiding, StatementRef keys, conflicts, documents, credentials, rate limits).
 * The HTTP behaviour suite (tests/server/*.test.ts) also runs on both.
 */
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VERB } from '../../../src/core/xapi/vocabulary.js'
import { SQLITE_MIGRATIONS } from '../../../src/server/db/migrations.js'
import { PostgresStore } from '../../../src/server/db/postgres.js'
import { POSTGRES_MIGRATIONS } from '../../../src/server/db/postgres-migrations.js'
import { SqliteStore } from '../../../src/server/db/sqlite.js'
import type { NewStatementRow, StatementBatchHooks, Store } from '../../../src/server/db/store.js'
import { createTestDatabase, dropTestDatabase } from '../backends.js'

let dir: string
let url: string
let stores: [Store, Store]

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fathom-parity-'))
  url = await createTestDatabase()
  // The rows below carry made-up `stored` times; a clock at the epoch keeps them inside the write window.
  stores = [SqliteStore.open(dir), await PostgresStore.open(url, { now: () => new Date(0) })]
})
afterAll(async () => {
  for (const s of stores ?? []) await s.close()
  await dropTestDatabase(url)
  rmSync(dir, { recursive: true, force: true })
})

/** Sequence numbers are compared by order, not value: PostgreSQL's may have gaps (rolled-back or skipped rows). */
function withoutSeq(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSeq)
  if (value && typeof value === 'object' && !Buffer.isBuffer(value) && 'seq' in value) {
    const { seq: _s, ...rest } = value as Record<string, unknown>
    void _s
    return rest
  }
  return value
}

/** Runs `fn` on both stores; expects equal results (seq aside) and returns SQLite's. */
async function both<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const [a, b] = stores
  const left = await fn(a)
  const right = await fn(b)
  expect(withoutSeq(right), 'PostgreSQL answers as SQLite does').toEqual(withoutSeq(left))
  return left
}

const hooks: StatementBatchHooks = {
  same: (storedBody, row) => JSON.parse(storedBody).content === JSON.parse(row.body).content,
  mergeDefinition: (stored, incoming) => JSON.stringify({ ...(stored ? (JSON.parse(stored) as object) : {}), ...(JSON.parse(incoming) as object) }),
}

let t = 0
function row(over: Partial<NewStatementRow> & { content?: string; agent?: string; activity?: string } = {}): NewStatementRow {
  const id = over.id ?? randomUUID()
  const agent = over.agent ?? 'mbox:mailto:a@example.com'
  const activity = over.activity ?? 'https://example.com/act/1'
  const verbId = over.verbId ?? VERB.answered
  t++
  return {
    id,
    studentId: over.studentId ?? null,
    actorKey: agent,
    verbId,
    activityId: over.refId ? null : activity,
    registration: over.registration ?? null,
    voidsId: over.voidsId ?? null,
    refId: over.refId ?? null,
    credentialKey: over.credentialKey ?? 'k_1',
    stored: over.stored ?? new Date(Date.UTC(2026, 0, 1, 0, 0, t)).toISOString(),
    body: over.body ?? JSON.stringify({ id, content: over.content ?? 'x' }),
    index: over.index ?? {
      agents: [agent],
      relatedAgents: [agent, 'account:https://lrs|k_1'],
      activities: over.refId ? [] : [activity],
      relatedActivities: over.refId ? [] : [activity, 'https://example.com/parent'],
      verbs: [verbId],
      registrations: over.registration ? [over.registration] : [],
    },
    attachmentHashes: over.attachmentHashes ?? [],
  }
}

const batch = (statements: NewStatementRow[]) => ({ statements, attachments: [], activities: [], agents: [] })
const ids = (rows: { id: string }[]) => rows.map((r) => r.id)
const strip = <T extends { seq: number }>(rows: T[]) => rows.map(({ seq: _s, ...r }) => (void _s, r))

describe('store parity: teachers, classes, students, pairing, credentials', () => {
  it('orders and answers alike', async () => {
    const at = '2026-01-01T00:00:00.000Z'
    await both((s) => s.createTeacher({ id: 't_b', username: 'bob', passwordHash: 'h', createdAt: at }))
    await both((s) => s.createTeacher({ id: 't_a', username: 'Zed', passwordHash: 'h', createdAt: at }))
    await both((s) => s.createTeacher({ id: 't_c', username: 'alice', passwordHash: 'h', createdAt: at }))
    expect(await both((s) => s.createTeacher({ id: 't_x', username: 'bob', passwordHash: 'h', createdAt: at }))).toBe(false)
    expect(await both((s) => s.createTeacher({ id: 't_b', username: 'other', passwordHash: 'h', createdAt: at }))).toBe(false)
    expect((await both((s) => s.listTeachers())).map((x) => x.username)).toEqual(['Zed', 'alice', 'bob'])
    expect(await both((s) => s.countTeachers())).toBe(3)
    await both((s) => s.setTeacherPassword('t_b', 'h2'))
    await both((s) => s.findTeacherByUsername('bob'))
    await both((s) => s.createSession({ tokenHash: 'tok', teacherId: 't_b', createdAt: at, expiresAt: '2026-01-02T00:00:00.000Z' }))
    expect(await both((s) => s.findSession('tok', '2026-01-01T12:00:00.000Z'))).toBeDefined()
    expect(await both((s) => s.findSession('tok', '2026-01-02T00:00:00.000Z'))).toBeUndefined()
    // Same created_at: insertion order breaks the tie.
    for (const id of ['c_3', 'c_1', 'c_2']) await both((s) => s.createClass({ id, teacherId: 't_b', name: id, createdAt: at, archived: id === 'c_2' }))
    expect(ids(await both((s) => s.listClasses('t_b')))).toEqual(['c_3', 'c_1', 'c_2'])
    for (const id of ['s_9', 's_1', 's_5']) await both((s) => s.createStudent({ id, classId: 'c_1', displayName: id, createdAt: at }))
    await both((s) => s.createStudent({ id: 's_0', classId: 'c_2', displayName: 'zero', createdAt: at }))
    expect(ids(await both((s) => s.listStudents('c_1')))).toEqual(['s_9', 's_1', 's_5'])
    expect(await both((s) => s.studentIdsOfTeacher('t_b'))).toEqual(['s_9', 's_1', 's_5', 's_0'])
    await both((s) => s.findStudent('s_1'))
    await expect(stores[1].createStudent({ id: 's_z', classId: 'c_missing', displayName: 'z', createdAt: at })).rejects.toThrow()
    await expect(stores[0].createStudent({ id: 's_z', classId: 'c_missing', displayName: 'z', createdAt: at })).rejects.toThrow()

    await both((s) => s.replacePairingCode({ codeHash: 'p1', studentId: 's_1', createdAt: at, expiresAt: '2026-01-01T00:10:00.000Z' }))
    await both((s) => s.replacePairingCode({ codeHash: 'p2', studentId: 's_1', createdAt: at, expiresAt: '2026-01-01T00:10:00.000Z' }))
    expect(await both((s) => s.consumePairingCode('p1', '2026-01-01T00:01:00.000Z'))).toEqual({ status: 'unknown' })
    expect(await both((s) => s.consumePairingCode('p2', '2026-01-01T00:10:00.000Z'))).toEqual({ status: 'expired' })
    expect(await both((s) => s.consumePairingCode('p2', '2026-01-01T00:01:00.000Z'))).toEqual({ status: 'ok', studentId: 's_1' })
    expect(await both((s) => s.consumePairingCode('p2', '2026-01-01T00:02:00.000Z'))).toEqual({ status: 'used' })

    const cred = (key: string, over: { studentId?: string | null; teacherId?: string | null; createdAt?: string } = {}) => ({
      key,
      secretHash: 'sh',
      studentId: over.studentId ?? null,
      teacherId: over.teacherId ?? null,
      label: over.studentId ? null : `label ${key}`,
      scopes: ['statements/read', 'statements/write'],
      createdAt: over.createdAt ?? at,
      revokedAt: null,
    })
    await both((s) => s.createCredential(cred('k_z', { teacherId: 't_b' })))
    await both((s) => s.createCredential(cred('k_a')))
    await both((s) => s.createCredential(cred('k_s', { studentId: 's_1' })))
    await both((s) => s.createCredential(cred('k_early', { createdAt: '2025-01-01T00:00:00.000Z' })))
    expect(ids(await both((s) => s.listCredentials({})).then((r) => r.map((c) => ({ id: c.key }))))).toEqual(['k_early', 'k_z', 'k_a'])
    await both((s) => s.listCredentials({ includeStudent: true }))
    await both((s) => s.listCredentials({ systemOnly: true }))
    await both((s) => s.listCredentials({ teacherId: 't_b' }))
    expect(await both((s) => s.revokeCredential('k_a', at))).toBe(true)
    expect(await both((s) => s.revokeCredential('k_a', at))).toBe(false)
    expect(await both((s) => s.revokeCredential('k_none', at))).toBe(false)
    await both((s) => s.findCredential('k_a'))
  })
})

describe('store parity: statements', () => {
  it('inserts, skips the same, rolls back a conflict, voids, pages', async () => {
    const reg = randomUUID()
    const a = row({ studentId: 's_1', content: 'a' })
    const b = row({ studentId: 's_5', content: 'b', agent: 'mbox:mailto:b@example.com', registration: reg })
    const c = row({ studentId: 's_1', content: 'c', verbId: VERB.attempted, activity: 'https://example.com/act/2' })
    expect(await both((s) => s.insertStatements(batch([a, b, c]), hooks))).toEqual({ ok: true, inserted: [a.id, b.id, c.id] })
    const d = row({ content: 'd' })
    expect(await both((s) => s.insertStatements(batch([d, a]), hooks))).toEqual({ ok: true, inserted: [d.id] })
    const e = row({ content: 'e' })
    expect(await both((s) => s.insertStatements(batch([e, { ...b, body: JSON.stringify({ id: b.id, content: 'other' }) }]), hooks))).toEqual({
      ok: false,
      conflictId: b.id,
    })
    expect(await both((s) => s.findStatement(e.id))).toBeUndefined()

    // Void before target, void after target, voiding a voiding statement does nothing.
    const late = row({ content: 'late' })
    const voidLate = row({ verbId: VERB.voided, voidsId: late.id, refId: late.id, content: 'vl' })
    const voidA = row({ verbId: VERB.voided, voidsId: a.id, refId: a.id, content: 'va' })
    await both((s) => s.insertStatements(batch([voidLate]), hooks))
    await both((s) => s.insertStatements(batch([late, voidA]), hooks))
    const voidVoid = row({ verbId: VERB.voided, voidsId: voidA.id, refId: voidA.id, content: 'vv' })
    await both((s) => s.insertStatements(batch([voidVoid]), hooks))
    expect((await both((s) => s.findStatement(late.id)))?.voided).toBe(true)
    expect((await both((s) => s.findStatement(a.id)))?.voided).toBe(true)
    expect((await both((s) => s.findStatement(voidA.id)))?.voided).toBe(false)

    // StatementRef keys, whichever arrives first, recursively.
    const target = row({ activity: 'https://example.com/target', content: 't' })
    const ref1 = row({ refId: target.id, verbId: VERB.attempted, content: 'r1' })
    const ref2 = row({ refId: ref1.id, verbId: VERB.attempted, content: 'r2' })
    await both((s) => s.insertStatements(batch([ref2]), hooks))
    await both((s) => s.insertStatements(batch([ref1]), hooks))
    await both((s) => s.insertStatements(batch([target]), hooks))
    const byTarget = await both((s) => s.queryStatements({ activityId: 'https://example.com/target', ascending: true, limit: 10 }).then(strip))
    expect(ids(byTarget)).toEqual([ref2.id, ref1.id, target.id])

    for (const ascending of [true, false]) {
      await both((s) => s.queryStatements({ ascending, limit: 100 }).then(strip))
      await both((s) => s.queryStatements({ ascending, limit: 2, verbId: VERB.attempted }).then(strip))
      await both((s) => s.queryStatements({ ascending, limit: 100, agentKey: 'mbox:mailto:b@example.com' }).then(strip))
      await both((s) => s.queryStatements({ ascending, limit: 100, agentKey: 'account:https://lrs|k_1', relatedAgents: true }).then(strip))
      await both((s) => s.queryStatements({ ascending, limit: 100, activityId: 'https://example.com/parent', relatedActivities: true, verbId: VERB.answered }).then(strip))
      await both((s) => s.queryStatements({ ascending, limit: 100, registration: reg }).then(strip))
      await both((s) => s.queryStatements({ ascending, limit: 100, since: a.stored, until: late.stored }).then(strip))
      await both((s) => s.queryStatements({ ascending, limit: 100, visibleTo: { studentIds: ['s_5'], credentialKeys: [] } }).then(strip))
      await both((s) => s.queryStatements({ ascending, limit: 100, visibleTo: { studentIds: [], credentialKeys: [] } }).then(strip))
      await both((s) => s.queryStatements({ ascending, limit: 100, visibleTo: { studentIds: ['s_1'], credentialKeys: ['k_1'] }, verbId: VERB.attempted }).then(strip))
    }

    // Paging with cursor and maxSeq gives the same pages (by id) on both.
    const during = Array.from({ length: 40 }, (_, i) => row({ content: `during-${i}` }))
    const pages = async (s: Store, ascending: boolean) => {
      let next = ascending ? 20 : 0
      const maxSeq = await s.lastSeq()
      const out: string[][] = []
      let cursor: number | undefined
      for (;;) {
        const page = await s.queryStatements({ ascending, limit: 3, maxSeq, ...(cursor !== undefined ? { cursor } : {}) })
        if (page.length === 0) break
        out.push(ids(page))
        cursor = page[page.length - 1]?.seq
        await s.insertStatements(batch([during[next++] as NewStatementRow]), hooks)
      }
      return out
    }
    const [sqliteDesc, pgDesc] = [await pages(stores[0], false), await pages(stores[1], false)]
    expect(pgDesc).toEqual(sqliteDesc)
    const [sqliteAsc, pgAsc] = [await pages(stores[0], true), await pages(stores[1], true)]
    expect(pgAsc).toEqual(sqliteAsc)
    await both((s) => s.statementsOfStudents(['s_1', 's_5']).then(strip))
    await both((s) => s.lastStoredByStudent(['s_5', 's_1', 's_9']).then((m) => [...m]))
    expect(await stores[1].lastSeq()).toBeGreaterThan(0)
  })

  it('stores attachments, merges activities and records agents alike', async () => {
    const s1 = row({ attachmentHashes: ['aa'] })
    const content = Buffer.from([0, 1, 2, 255])
    await both((s) =>
      s.insertStatements(
        {
          statements: [s1],
          attachments: [{ sha2: 'aa', contentType: 'application/octet-stream', content }],
          activities: [
            { id: 'https://example.com/act/1', definition: JSON.stringify({ name: { en: 'One' } }) },
            { id: 'https://example.com/act/1', definition: JSON.stringify({ description: { en: 'D' } }) },
          ],
          agents: [
            { key: 'mbox:mailto:a@example.com', ifi: JSON.stringify({ mbox: 'mailto:a@example.com' }), name: 'A' },
            { key: 'mbox:mailto:a@example.com', ifi: JSON.stringify({ mbox: 'mailto:a@example.com' }), name: 'Ay' },
            { key: 'mbox:mailto:n@example.com', ifi: JSON.stringify({ mbox: 'mailto:n@example.com' }), name: null },
          ],
        },
        hooks,
      ),
    )
    const s2 = row()
    await both((s) =>
      s.insertStatements(
        {
          statements: [s2],
          attachments: [{ sha2: 'aa', contentType: 'text/plain', content: Buffer.from('other') }],
          activities: [],
          agents: [{ key: 'mbox:mailto:a@example.com', ifi: '{}', name: 'A' }],
        },
        hooks,
      ),
    )
    expect(await both((s) => s.findAttachments(['aa', 'bb']))).toEqual([{ sha2: 'aa', contentType: 'application/octet-stream', content }])
    expect((await both((s) => s.findActivities(['https://example.com/act/1', 'https://none']).then((r) => r.map(({ updated: _u, ...x }) => (void _u, x)))))).toEqual([
      { id: 'https://example.com/act/1', definition: JSON.stringify({ name: { en: 'One' }, description: { en: 'D' } }) },
    ])
    expect(await both((s) => s.findAgent('mbox:mailto:a@example.com'))).toMatchObject({ names: ['A', 'Ay'] })
    await both((s) => s.findAgent('mbox:mailto:n@example.com'))
    await both((s) => s.findAgent('mbox:mailto:none@example.com'))
  })
})

describe('store parity: documents and rate limits', () => {
  it('changes, lists and deletes documents alike', async () => {
    const scope = { kind: 'state' as const, activityId: 'https://example.com/act/1', agentKey: 'mbox:mailto:a@example.com', registration: '' }
    const write = (content: string, updated: string) => ({ write: { contentType: 'application/json', content: Buffer.from(content), etag: content, updated }, result: 'written' })
    await both((s) => s.changeDocument({ ...scope, docId: 'b' }, () => write('{"b":1}', '2026-01-01T00:00:01.000Z')))
    await both((s) => s.changeDocument({ ...scope, docId: 'a' }, () => write('{"a":1}', '2026-01-01T00:00:02.000Z')))
    await both((s) => s.changeDocument({ ...scope, docId: 'B' }, () => write('{"B":1}', '2026-01-01T00:00:03.000Z')))
    expect(await both((s) => s.changeDocument({ ...scope, docId: 'a' }, (current) => ({ result: current?.etag })))).toBe('{"a":1}')
    expect(await both((s) => s.listDocumentIds(scope))).toEqual(['B', 'a', 'b'])
    expect(await both((s) => s.listDocumentIds(scope, '2026-01-01T00:00:01.000Z'))).toEqual(['B', 'a'])
    await both((s) => s.changeDocument({ ...scope, docId: 'b' }, () => ({ write: null, result: 'deleted' })))
    await both((s) => s.findDocument({ ...scope, docId: 'a' }))
    expect(await both((s) => s.deleteDocuments(scope))).toBe(2)
  })

  it('serialises concurrent changes of one document (read-modify-write loses nothing)', async () => {
    const key = { kind: 'activity-profile' as const, activityId: 'https://example.com/counter', agentKey: '', registration: '', docId: 'n' }
    const bump = (s: Store) =>
      s.changeDocument(key, (current) => {
        const n = current ? Number(current.content.toString()) + 1 : 1
        return { write: { contentType: 'text/plain', content: Buffer.from(String(n)), etag: String(n), updated: '2026-01-01T00:00:00.000Z' }, result: n }
      })
    await Promise.all(Array.from({ length: 20 }, () => bump(stores[1])))
    expect((await stores[1].findDocument(key))?.content.toString()).toBe('20')
  })

  it('counts rate-limit hits alike, atomically', async () => {
    expect(await both((s) => s.countHit('k_1', '2026-01-01T00:00:00.000Z', '2025-12-31T23:59:00.000Z'))).toBe(1)
    expect(await both((s) => s.countHit('k_1', '2026-01-01T00:00:00.000Z', '2025-12-31T23:59:00.000Z'))).toBe(2)
    expect(await both((s) => s.countHit('k_1', '2026-01-01T00:01:00.000Z', '2026-01-01T00:01:00.000Z'))).toBe(1)
    const counts = await Promise.all(Array.from({ length: 10 }, () => stores[1].countHit('k_2', '2026-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')))
    expect(counts.sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
  })
})

describe('PostgreSQL migrations', () => {
  it('mirror the SQLite migrations one for one (same version numbers and names)', () => {
    expect(POSTGRES_MIGRATIONS.map((m) => [m.version, m.name])).toEqual(SQLITE_MIGRATIONS.map((m) => [m.version, m.name]))
  })

  it('are applied once when several processes open one database at once', async () => {
    const fresh = await createTestDatabase()
    try {
      const opened = await Promise.all(Array.from({ length: 4 }, () => PostgresStore.open(fresh)))
      for (const s of opened) await s.close()
      const check = await PostgresStore.open(fresh)
      await check.close()
      const pg = (await import('pg')).default
      const client = new pg.Client({ connectionString: fresh })
      await client.connect()
      const { rows } = await client.query<{ version: number }>('SELECT version FROM migrations ORDER BY version')
      await client.end()
      expect(rows.map((r) => r.version)).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version))
    } finally {
      await dropTestDatabase(fresh)
    }
  })
})
