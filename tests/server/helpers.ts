import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { buildServer, type FathomServer } from '../../src/server/app.js'
import { loadConfig } from '../../src/server/config.js'
import { releaseTestBackend, testBackendEnv } from './backends.js'

export const FIXTURE_SCENES = join(import.meta.dirname, 'fixtures', 'scenes')
export const ADMIN_PASSWORD = 'admin-password-for-tests'
export const V = { 'X-Experience-API-Version': '1.0.3' } as const

export interface TestClock {
  now: Date
  advance(ms: number): void
}

export interface TestServer {
  readonly url: string
  readonly dataDir: string
  readonly server: FathomServer
  readonly clock: TestClock
  close(options?: { keepData?: boolean }): Promise<void>
}

export function tempDir(prefix = 'fathom-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/**
 * Starts buildServer on 127.0.0.1, port 0, with a fresh (or given) data dir and an injectable clock,
 * on the backend the harness chose (backends.ts: SQLite, or a fresh PostgreSQL database per data dir).
 */
export async function startTestServer(options: { dataDir?: string; env?: Record<string, string> } = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDir()
  const config = loadConfig(
    {
      FATHOM_PORT: '0',
      FATHOM_HOST: '127.0.0.1',
      FATHOM_DATA_DIR: dataDir,
      FATHOM_SCENES_DIR: FIXTURE_SCENES,
      FATHOM_STATIC_DIR: join(dataDir, 'no-dist'),
      FATHOM_ADMIN_PASSWORD: ADMIN_PASSWORD,
      FATHOM_LOG_LEVEL: 'silent',
      ...(await testBackendEnv(dataDir)),
      ...options.env,
    },
    [],
  )
  const clock: TestClock = {
    now: new Date('2026-12-03T09:00:00.000Z'),
    advance(ms) {
      this.now = new Date(this.now.getTime() + ms)
    },
  }
  const server = await buildServer(config, { now: () => new Date(clock.now) })
  await server.listen()
  // The bound address (the public URL may be pinned to something else by FATHOM_PUBLIC_URL).
  const url = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`
  return {
    url,
    dataDir,
    server,
    clock,
    async close({ keepData = false } = {}) {
      await server.close()
      await releaseTestBackend(dataDir, keepData)
      if (!keepData) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export interface Session {
  readonly cookie: string
  readonly csrf: string
}

export async function signIn(url: string, username = 'admin', password = ADMIN_PASSWORD): Promise<Session> {
  const res = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`)
  const setCookie = res.headers.get('set-cookie') ?? ''
  const body = (await res.json()) as { csrfToken: string }
  return { cookie: setCookie.split(';')[0] ?? '', csrf: body.csrfToken }
}

/** A teacher API call with cookie and CSRF header. */
export async function api(url: string, session: Session, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${url}${path}`, {
    method,
    headers: {
      cookie: session.cookie,
      'x-fathom-csrf': session.csrf,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
}

export interface Paired {
  readonly studentId: string
  readonly auth: string
  readonly actor: { objectType: 'Agent'; account: { homePage: string; name: string } }
  readonly endpoint: string
}

/** Creates a class (or uses classId) and a student, issues a pairing code and pairs. */
export async function pairStudent(url: string, session: Session, displayName: string, classId?: string): Promise<Paired & { classId: string }> {
  let id = classId
  if (!id) {
    const res = await api(url, session, 'POST', '/api/classes', { name: 'Class 7B' })
    id = ((await res.json()) as { class: { id: string } }).class.id
  }
  const s = await api(url, session, 'POST', `/api/classes/${id}/students`, { displayName })
  const studentId = ((await s.json()) as { student: { id: string } }).student.id
  const c = await api(url, session, 'POST', `/api/students/${studentId}/pairing-code`)
  const { code } = (await c.json()) as { code: string }
  const p = await fetch(`${url}/api/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) })
  const paired = (await p.json()) as Paired & { student: { id: string } }
  return { studentId, auth: paired.auth, actor: paired.actor, endpoint: paired.endpoint, classId: id }
}

export async function xapi(url: string, method: string, path: string, options: { auth?: string; body?: unknown; version?: string | null; rawBody?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = {}
  if (options.version !== null) headers['X-Experience-API-Version'] = options.version ?? '1.0.3'
  if (options.auth) headers.authorization = options.auth
  if (options.body !== undefined || options.rawBody !== undefined) headers['content-type'] = 'application/json'
  return fetch(`${url}${path}`, {
    method,
    headers,
    ...(options.rawBody !== undefined ? { body: options.rawBody } : options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  })
}
