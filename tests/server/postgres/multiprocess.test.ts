/**
 * Several server processes on one PostgreSQL database behave as one LRS: two
 * real `node --import tsx src/server/main.ts` processes share a database
 * (behind a load balancer they would share FATHOM_PUBLIC_URL too, as here).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, dropTestDatabase } from '../backends.js'
import { ADMIN_PASSWORD, api, FIXTURE_SCENES, signIn, tempDir, xapi, type Session } from '../helpers.js'
import { answered } from '../statements.js'

const ROOT = join(import.meta.dirname, '..', '..', '..')
const PUBLIC_URL = 'http://lrs.school.example'

interface Proc {
  readonly url: string
  readonly child: ChildProcess
  readonly dataDir: string
  output: string
}

/** Starts main.ts; resolves once it printed FATHOM_LISTENING, with the address it is bound to. */
function startProcess(databaseUrl: string): Promise<Proc> {
  const dataDir = tempDir()
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'server', 'main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      FATHOM_PORT: '0',
      FATHOM_DATA_DIR: dataDir,
      FATHOM_SCENES_DIR: FIXTURE_SCENES,
      FATHOM_STATIC_DIR: join(dataDir, 'no-dist'),
      FATHOM_PUBLIC_URL: PUBLIC_URL,
      FATHOM_ADMIN_PASSWORD: ADMIN_PASSWORD,
      // info: Fastify logs the bound address (FATHOM_LISTENING prints the pinned public URL).
      FATHOM_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  return new Promise<Proc>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no FATHOM_LISTENING line:\n${output}`)), 30_000)
    const look = () => {
      const bound = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1]
      if (bound && /^FATHOM_LISTENING \S+$/m.test(output)) {
        clearTimeout(timer)
        resolve({ url: bound, child, dataDir, output })
      }
    }
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      look()
    })
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('exit', (code) => reject(new Error(`exited ${code}:\n${output}`)))
  })
}

let databaseUrl: string
let a: Proc
let b: Proc
let session: Session
let auth: string
let actor: { objectType: 'Agent'; account: { homePage: string; name: string } }

beforeAll(async () => {
  databaseUrl = await createTestDatabase()
  a = await startProcess(databaseUrl)
  b = await startProcess(databaseUrl)
}, 60_000)

async function stop(p: Proc | undefined): Promise<void> {
  if (!p) return
  if (p.child.exitCode === null) {
    const exited = new Promise<void>((resolve) => p.child.on('exit', () => resolve()))
    p.child.kill('SIGTERM')
    await exited
  }
  rmSync(p.dataDir, { recursive: true, force: true })
}

afterAll(async () => {
  await stop(a)
  await stop(b)
  if (databaseUrl) await dropTestDatabase(databaseUrl)
}, 30_000)

describe('two server processes starting at once on an empty database', () => {
  it('both come up: migrations run once (advisory lock) and one initial teacher is created', async () => {
    const fresh = await createTestDatabase()
    const started = await Promise.allSettled([startProcess(fresh), startProcess(fresh)])
    try {
      for (const r of started) if (r.status === 'rejected') throw r.reason
      const [p, q] = started.map((r) => (r.status === 'fulfilled' ? r.value : undefined))
      expect((await fetch(`${p?.url}/xapi/about`)).status).toBe(200)
      expect((await fetch(`${q?.url}/xapi/about`)).status).toBe(200)
      await signIn(q?.url ?? '')
    } finally {
      for (const r of started) if (r.status === 'fulfilled') await stop(r.value)
      await dropTestDatabase(fresh)
    }
  }, 60_000)
})

describe('two server processes on one PostgreSQL', () => {
  it('share teachers, sessions, classes and pairing: pair via one, post via the other, read via the first', async () => {
    session = await signIn(a.url)
    // The session made on A is valid on B (nothing is kept in process memory).
    const classes = await api(b.url, session, 'POST', '/api/classes', { name: 'Ocean 6A' })
    expect(classes.status).toBe(201)
    const classId = ((await classes.json()) as { class: { id: string } }).class.id
    const s = await api(a.url, session, 'POST', `/api/classes/${classId}/students`, { displayName: 'Noor' })
    const studentId = ((await s.json()) as { student: { id: string } }).student.id
    const c = await api(a.url, session, 'POST', `/api/students/${studentId}/pairing-code`)
    const { code } = (await c.json()) as { code: string }
    const paired = await fetch(`${b.url}/api/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) })
    expect(paired.status).toBe(200)
    ;({ auth, actor } = (await paired.json()) as { auth: string; actor: typeof actor })
    expect(actor.account.homePage).toBe(PUBLIC_URL)
    // The code was used on B: A refuses it.
    const again = await fetch(`${a.url}/api/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) })
    expect(again.status).not.toBe(200)

    const statement = answered(actor, true)
    expect((await xapi(b.url, 'POST', '/xapi/statements', { auth, body: statement })).status).toBe(200)
    const got = await xapi(a.url, 'GET', `/xapi/statements?statementId=${statement.id}`, { auth })
    expect(got.status).toBe(200)
    expect(((await got.json()) as { id: string }).id).toBe(statement.id)
    const evidence = await api(a.url, session, 'GET', `/api/classes/${classId}/evidence`)
    expect(evidence.status).toBe(200)
  })

  it('the same statement id posted to both at once is stored once; different content is one 200 and one 409, never 500', async () => {
    for (let round = 0; round < 10; round++) {
      const statement = answered(actor, round % 2 === 0)
      const [ra, rb] = await Promise.all([a, b].map((p) => xapi(p.url, 'POST', '/xapi/statements', { auth, body: statement })))
      expect([ra?.status, rb?.status]).toEqual([200, 200])
      const id = randomUUID()
      const one = { ...answered(actor, true), id }
      const other = { ...one, result: { success: false } }
      const statuses = (await Promise.all([xapi(a.url, 'POST', '/xapi/statements', { auth, body: one }), xapi(b.url, 'POST', '/xapi/statements', { auth, body: other })])).map(
        (r) => r.status,
      )
      expect(statuses.sort()).toEqual([200, 409])
    }
    // Batches that overlap, from both at once: all or nothing each, no 500.
    const shared = Array.from({ length: 20 }, () => answered(actor, true))
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => xapi((i % 2 ? a : b).url, 'POST', '/xapi/statements', { auth, body: [...shared].sort(() => (i % 3) - 1) })),
    )
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200])
    for (const s of shared) {
      const res = await xapi(a.url, 'GET', `/xapi/statements?statementId=${s.id}`, { auth })
      expect(res.status).toBe(200)
    }
  })

  it('pages with `more` across both processes while both keep writing: every statement exactly once, in order', async () => {
    // A registration of our own, so the pages hold only what this test writes.
    const registration = randomUUID()
    const tagged = () => ({ ...answered(actor, true), context: { registration } })
    const before: string[] = []
    for (let i = 0; i < 6; i++) {
      const batch = Array.from({ length: 5 }, tagged)
      before.push(...batch.map((s) => s.id))
      expect((await xapi((i % 2 ? a : b).url, 'POST', '/xapi/statements', { auth, body: batch })).status).toBe(200)
    }
    let writing = true
    const written: string[] = []
    const writers = [a, b].map(async (p) => {
      while (writing) {
        const batch = Array.from({ length: 3 }, tagged)
        const res = await xapi(p.url, 'POST', '/xapi/statements', { auth, body: batch })
        expect(res.status).toBe(200)
        written.push(...batch.map((s) => s.id))
      }
    })
    const seen: string[] = []
    let next = `/xapi/statements?registration=${registration}&limit=4`
    let page = 0
    try {
      while (next) {
        const res = await xapi((page++ % 2 ? a : b).url, 'GET', next, { auth })
        expect(res.status).toBe(200)
        expect(res.headers.get('x-experience-api-consistent-through')).toMatch(/^\d{4}-/)
        const body = (await res.json()) as { statements: { id: string }[]; more: string }
        seen.push(...body.statements.map((s) => s.id))
        next = body.more
      }
    } finally {
      writing = false
      await Promise.all(writers)
    }
    // Newest first; statements written while paging are newer than the first page and so
    // never show up further down; nothing stored before the first page is missed or repeated.
    const older = seen.filter((id) => before.includes(id))
    expect(older).toEqual([...before].reverse())
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen.filter((id) => !before.includes(id)).every((id) => written.includes(id))).toBe(true)
    // Both processes list the whole registration identically.
    const all = await Promise.all(
      [a, b].map(async (p) => ((await (await xapi(p.url, 'GET', `/xapi/statements?registration=${registration}&limit=0&ascending=true`, { auth })).json()) as { statements: { id: string }[] }).statements.map((s) => s.id)),
    )
    expect(all[0]).toEqual(all[1])
    expect(all[0]?.length).toBe(before.length + written.length)
  }, 60_000)

  it('publish one issuer key, though each has its own data dir', async () => {
    const [ka, kb] = await Promise.all([a, b].map(async (p) => ((await (await fetch(`${p.url}/api/issuer/jwks`)).json()) as { keys: { kid: string }[] }).keys))
    expect(ka).toHaveLength(1)
    expect(kb).toEqual(ka)
  })

  // Last: it leaves 127.0.0.1 blocked from signing in for the rest of the window.
  it('count failed sign-ins together: ten wrong passwords spread over both, and the next try on either is 429', { timeout: 30_000 }, async () => {
    const attempt = (p: Proc, password: string) =>
      fetch(`${p.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) })
    // The limiter counts in fixed 10-minute windows: keep the ten inside one.
    const toEdge = 10 * 60_000 - (Date.now() % (10 * 60_000))
    if (toEdge < 10_000) await new Promise((resolve) => setTimeout(resolve, toEdge + 100))
    for (let i = 0; i < 10; i++) expect((await attempt(i % 2 ? a : b, `wrong-${i}`)).status).toBe(401)
    for (const p of [a, b]) {
      const blocked = await attempt(p, ADMIN_PASSWORD)
      expect(blocked.status).toBe(429)
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
    }
  })
})
