import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VERB } from '../../src/core/xapi/vocabulary.js'
import { api, pairStudent, signIn, startTestServer, xapi, type Session, type TestServer } from './helpers.js'
import { ZONES } from './statements.js'
import { invitedTeacher, taskStatement } from './teacher-helpers.js'

let t: TestServer
let owner: Session
let other: Session
let classId: string
let studentId: string

beforeAll(async () => {
  t = await startTestServer()
  owner = await signIn(t.url)
  other = await invitedTeacher(t.url, owner, 'mr.other')
  const paired = await pairStudent(t.url, owner, 'Ana')
  classId = paired.classId
  studentId = paired.studentId
  await xapi(t.url, 'POST', '/xapi/statements', { auth: paired.auth, body: [taskStatement(paired.actor, VERB.attempted), taskStatement(paired.actor, VERB.answered)] })
})
afterAll(() => t.close())

/** Every teacher-workspace URL about the owner's class or student. */
function urls(): [string, string, unknown?][] {
  const exports = ['evidence.csv', 'evidence.json', 'statements.csv', 'statements.ndjson', 'statements.json', 'badges.json']
  return [
    ['GET', `/api/classes/${classId}`],
    ['PATCH', `/api/classes/${classId}`, { name: 'Mine now' }],
    ['PATCH', `/api/classes/${classId}`, { archived: true }],
    ['PATCH', `/api/classes/${classId}`, { retentionDays: 1 }],
    ['GET', `/api/classes/${classId}/students`],
    ['POST', `/api/classes/${classId}/students`, { displayName: 'Intruder' }],
    ['GET', `/api/classes/${classId}/evidence`],
    ['GET', `/api/classes/${classId}/evidence.csv`],
    ['POST', `/api/classes/${classId}/pairing-cards`, {}],
    ['GET', `/api/classes/${classId}/live`],
    ['GET', `/api/classes/${classId}/live/stream`],
    ['GET', `/api/classes/${classId}/grid`],
    ['GET', `/api/classes/${classId}/grid?expedition=test`],
    ...exports.map((f): [string, string] => ['GET', `/api/classes/${classId}/export/${f}`]),
    ['POST', `/api/students/${studentId}/pairing-code`],
    ['POST', `/api/students/${studentId}/re-pair`],
    ['GET', `/api/students/${studentId}/portfolio`],
    ['GET', `/api/students/${studentId}/attachments/${'0'.repeat(64)}`],
    ['POST', `/api/students/${studentId}/overrides`, { competencyId: ZONES, level: 'advanced', note: 'mine' }],
    ['POST', `/api/students/${studentId}/unlocks`, { expedition: 'test', station: 'light' }],
    ...[...exports, 'all.json'].map((f): [string, string] => ['GET', `/api/students/${studentId}/export/${f}`]),
    ['DELETE', `/api/students/${studentId}`, { confirm: 'Ana' }],
  ]
}

describe('a second teacher cannot see or change the first teacher’s class by any URL', () => {
  it('answers 404 (as for nothing) to every class, student, live, portfolio and export URL', async () => {
    for (const [method, path, body] of urls()) {
      const res = await api(t.url, other, method, path, body)
      expect(res.status, `${method} ${path}`).toBe(404)
      const text = await res.text()
      expect(text, `${method} ${path}`).not.toContain('Ana')
    }
    // The classes list and the xAPI reads do not leak either.
    expect(((await (await api(t.url, other, 'GET', '/api/classes')).json()) as { classes: unknown[] }).classes).toEqual([])
    const read = await fetch(`${t.url}/xapi/statements`, { headers: { cookie: other.cookie, 'X-Experience-API-Version': '1.0.3' } })
    expect(((await read.json()) as { statements: unknown[] }).statements).toEqual([])
  })

  it('nothing changed for the owner', async () => {
    const c = (await (await api(t.url, owner, 'GET', `/api/classes/${classId}`)).json()) as { class: { name: string; archived: boolean; retentionDays: number | null } }
    expect(c.class).toMatchObject({ name: 'Class 7B', archived: false, retentionDays: null })
    const students = (await (await api(t.url, owner, 'GET', `/api/classes/${classId}/students`)).json()) as { students: { displayName: string }[] }
    expect(students.students.map((s) => s.displayName)).toEqual(['Ana'])
    const p = (await (await api(t.url, owner, 'GET', `/api/students/${studentId}/portfolio`)).json()) as { unlocks: string[]; competencies: { overrides: unknown[] }[] }
    expect(p.unlocks).toEqual([])
    expect(p.competencies.every((c) => c.overrides.length === 0)).toBe(true)
  })

  it('without a session every URL is 401; state changes without the CSRF header are 403', async () => {
    for (const [method, path, body] of urls()) {
      const res = await fetch(`${t.url}${path}`, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) })
      expect(res.status, `${method} ${path}`).toBe(401)
      if (method !== 'GET') {
        const noCsrf = await fetch(`${t.url}${path}`, {
          method,
          headers: { cookie: owner.cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        })
        expect(noCsrf.status, `${method} ${path} without CSRF`).toBe(403)
      }
    }
    expect((await fetch(`${t.url}/api/invites`, { method: 'POST' })).status).toBe(401)
  })
})
