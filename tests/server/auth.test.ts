import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTeacher } from '../../src/server/auth/teachers.js'
import { api, signIn, startTestServer, xapi, type Session, type TestServer } from './helpers.js'
import { answered } from './statements.js'

let t: TestServer
let admin: Session

beforeAll(async () => {
  t = await startTestServer()
  admin = await signIn(t.url)
})
afterAll(() => t.close())

async function newStudent(session: Session, name = 'Kai'): Promise<{ classId: string; studentId: string }> {
  const c = await api(t.url, session, 'POST', '/api/classes', { name: 'Ocean 6A' })
  expect(c.status).toBe(201)
  const classId = ((await c.json()) as { class: { id: string } }).class.id
  const s = await api(t.url, session, 'POST', `/api/classes/${classId}/students`, { displayName: name })
  expect(s.status).toBe(201)
  return { classId, studentId: ((await s.json()) as { student: { id: string } }).student.id }
}

async function code(session: Session, studentId: string): Promise<{ code: string; expiresAt: string }> {
  const res = await api(t.url, session, 'POST', `/api/students/${studentId}/pairing-code`)
  expect(res.status).toBe(201)
  return (await res.json()) as { code: string; expiresAt: string }
}

const pair = (c: string) => fetch(`${t.url}/api/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: c }) })

describe('teacher sessions', () => {
  it('signs in, tells who is signed in, signs out', async () => {
    const session = await signIn(t.url)
    const res = await fetch(`${t.url}/api/session`, { headers: { cookie: session.cookie } })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ teacher: { username: 'admin' }, csrfToken: session.csrf })
    const out = await api(t.url, session, 'DELETE', '/api/session')
    expect(out.status).toBe(204)
    expect((await fetch(`${t.url}/api/session`, { headers: { cookie: session.cookie } })).status).toBe(401)
  })

  it('sets an HttpOnly, SameSite=Strict cookie', async () => {
    const res = await fetch(`${t.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'admin-password-for-tests' }),
    })
    const cookie = res.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^fathom_session=/)
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Strict')
    expect(cookie).toContain('Path=/')
  })

  it('rejects a wrong password with 401', async () => {
    const res = await fetch(`${t.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'wrong' }),
    })
    expect(res.status).toBe(401)
    expect((await fetch(`${t.url}/api/classes`)).status).toBe(401)
  })

  it('requires the CSRF header on state-changing requests', async () => {
    const res = await fetch(`${t.url}/api/classes`, {
      method: 'POST',
      headers: { cookie: admin.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'No CSRF' }),
    })
    expect(res.status).toBe(403)
    const wrong = await api(t.url, { cookie: admin.cookie, csrf: 'nope' }, 'POST', '/api/classes', { name: 'Wrong CSRF' })
    expect(wrong.status).toBe(403)
    const list = (await (await api(t.url, admin, 'GET', '/api/classes')).json()) as { classes: { name: string }[] }
    expect(list.classes.map((c) => c.name)).not.toContain('No CSRF')
  })
})

describe('classes and students', () => {
  it('validates display names: 1-60 characters, no email', async () => {
    const { classId } = await newStudent(admin)
    for (const displayName of ['', 'x'.repeat(61), 'kai@example.com', 42]) {
      const res = await api(t.url, admin, 'POST', `/api/classes/${classId}/students`, { displayName })
      expect(res.status).toBe(400)
    }
    const list = (await (await api(t.url, admin, 'GET', `/api/classes/${classId}/students`)).json()) as { students: { displayName: string }[] }
    expect(list.students.map((s) => s.displayName)).toEqual(['Kai'])
  })

  it("teacher A cannot see teacher B's class, students, evidence, CSV or pairing codes", async () => {
    const created = await createTeacher(t.server.context.store, 'bea', 'bea-password', new Date())
    expect(created.ok).toBe(true)
    const bea = await signIn(t.url, 'bea', 'bea-password')
    const { classId, studentId } = await newStudent(bea, 'Noor')
    for (const path of [`/api/classes/${classId}/students`, `/api/classes/${classId}/evidence`, `/api/classes/${classId}/evidence.csv`]) {
      const res = await api(t.url, admin, 'GET', path)
      expect(res.status, path).toBe(404)
    }
    expect((await api(t.url, admin, 'POST', `/api/classes/${classId}/students`, { displayName: 'Intruder' })).status).toBe(404)
    expect((await api(t.url, admin, 'POST', `/api/students/${studentId}/pairing-code`)).status).toBe(404)
    const adminClasses = (await (await api(t.url, admin, 'GET', '/api/classes')).json()) as { classes: { id: string }[] }
    expect(adminClasses.classes.map((c) => c.id)).not.toContain(classId)
    expect((await api(t.url, bea, 'GET', `/api/classes/${classId}/students`)).status).toBe(200)
  })
})

describe('pairing', () => {
  it('pairs once with a 6-character code and returns an xAPI endpoint, actor and auth', async () => {
    const { studentId } = await newStudent(admin, 'Lee')
    const issued = await code(admin, studentId)
    expect(issued.code).toMatch(/^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{6}$/)
    expect(Date.parse(issued.expiresAt) - t.clock.now.getTime()).toBe(15 * 60_000)
    const res = await pair(issued.code.toLowerCase())
    expect(res.status).toBe(200)
    const body = (await res.json()) as { student: unknown; actor: unknown; endpoint: string; auth: string }
    expect(body.student).toEqual({ id: studentId, displayName: 'Lee' })
    expect(body.actor).toEqual({ objectType: 'Agent', account: { homePage: t.url, name: studentId } })
    expect(body.endpoint).toBe(`${t.url}/xapi/`)
    expect(body.auth).toMatch(/^Basic [A-Za-z0-9+/=]+$/)
    const write = await xapi(t.url, 'POST', '/xapi/statements', { auth: body.auth, body: answered(body.actor as never, true) })
    expect(write.status).toBe(200)
    const again = await pair(issued.code)
    expect(again.status).toBe(410)
    expect(((await again.json()) as { error: string }).error).toBe('code_used')
  })

  it('codes expire after 15 minutes', async () => {
    const { studentId } = await newStudent(admin)
    const issued = await code(admin, studentId)
    t.clock.advance(15 * 60_000 + 1)
    const res = await pair(issued.code)
    expect(res.status).toBe(410)
    expect(((await res.json()) as { error: string }).error).toBe('code_expired')
  })

  it('a new code invalidates the earlier one', async () => {
    const { studentId } = await newStudent(admin)
    const first = await code(admin, studentId)
    const second = await code(admin, studentId)
    expect((await pair(first.code)).status).toBe(400)
    expect((await pair(second.code)).status).toBe(200)
  })

  it('a wrong code is 400, and many wrong codes are rate limited', async () => {
    const wrong = await pair('ZZZZZZ')
    expect(wrong.status).toBe(400)
    expect(await wrong.json()).toMatchObject({ error: 'invalid_code' })
    let status = 0
    for (let i = 0; i < 25 && status !== 429; i++) status = (await pair('ZZZZZZ')).status
    expect(status).toBe(429)
    t.clock.advance(11 * 60_000)
    expect((await pair('ZZZZZZ')).status).toBe(400)
  })
})
