/**
 * Teacher decisions (overrode-level, unlocked) arriving through the LRS: core
 * deriveEvidence credits the student in the object, so the LRS files them
 * under that student and lets only someone who teaches them make one. A paired
 * student cannot award itself (or a classmate) a level — and so a badge; a
 * teacher's credential only decides for its own students; the school's system
 * credential (re-importing an export) may. The grid, the class evidence export
 * and the student's own export then agree.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Statement } from '../../src/core/xapi/types.js'
import { VERB } from '../../src/core/xapi/vocabulary.js'
import { issueCredential } from '../../src/server/auth/credentials.js'
import { overrideStatement } from '../../src/server/workspace/teacher-statements.js'
import { api, pairStudent, signIn, startTestServer, xapi, type Paired, type Session, type TestServer } from './helpers.js'
import { ZONES } from './statements.js'
import { invitedTeacher } from './teacher-helpers.js'

let t: TestServer
let admin: Session
let ana: Paired & { classId: string }
let ben: Paired & { classId: string }

/** An override of ZONES for `student`, written as `actor` would write it. */
function override(actor: Statement['actor'], student: Paired, level: 'proficient' | 'advanced', note: string): Statement {
  const s = overrideStatement({ homePage: student.actor.account.homePage, teacherId: 'x', studentId: student.studentId, now: new Date('2026-12-03T09:00:00Z') }, ZONES, level, note)
  return { ...s, id: randomUUID(), actor }
}

/** An evidence CSV row's level column, unquoted, between commas. */
const SHOWN = /,(proficient|advanced),/

async function evidenceCsv(path: string): Promise<string> {
  return (await api(t.url, admin, 'GET', path)).text()
}

async function overridesStored(): Promise<number> {
  const system = (await issueCredential(t.server.context.store, ['all'], new Date())).authorization
  const res = await xapi(t.url, 'GET', `/xapi/statements?verb=${encodeURIComponent(VERB.overrodeLevel)}`, { auth: system })
  return ((await res.json()) as { statements: unknown[] }).statements.length
}

beforeAll(async () => {
  t = await startTestServer()
  admin = await signIn(t.url)
  ana = await pairStudent(t.url, admin, 'Ana')
  ben = await pairStudent(t.url, admin, 'Ben', ana.classId)
})

afterAll(async () => {
  await t.close()
})

describe('teacher decisions through the LRS', () => {
  it('a paired student cannot override its own level or a classmate’s, or unlock a station: 403 and nothing stored', async () => {
    for (const s of [override(ana.actor, ana, 'advanced', 'I say so'), override(ana.actor, ben, 'proficient', 'for my friend')]) {
      const res = await xapi(t.url, 'POST', '/xapi/statements', { auth: ana.auth, body: [s] })
      expect(res.status, await res.clone().text()).toBe(403)
      expect(await res.text()).toContain('only a teacher')
    }
    const unlock = { ...override(ana.actor, ana, 'advanced', ''), verb: { id: VERB.unlocked }, result: undefined }
    expect((await xapi(t.url, 'POST', '/xapi/statements', { auth: ana.auth, body: unlock })).status).toBe(403)
    expect(await overridesStored()).toBe(0)
    expect(await evidenceCsv(`/api/classes/${ana.classId}/export/evidence.csv`)).not.toMatch(SHOWN)
    const badges = (await (await api(t.url, admin, 'GET', `/api/classes/${ana.classId}/export/badges.json`)).json()) as { credentials: unknown[] }
    expect(badges.credentials).toEqual([])
  })

  it('a teacher’s credential decides for its own students only; the decision is filed under the student and every view agrees', async () => {
    const other = await invitedTeacher(t.url, admin, 'second-teacher')
    const otherCred = (await (await api(t.url, other, 'POST', '/api/credentials', { label: 'Other LMS', scopes: ['statements/write'] })).json()) as { authorization: string }
    const ownCred = (await (await api(t.url, admin, 'POST', '/api/credentials', { label: 'Our LMS', scopes: ['statements/write'] })).json()) as { authorization: string }
    // The LMS's own account for its teacher (not an account of this server).
    const teacherActor = { objectType: 'Agent' as const, account: { homePage: 'https://lms.example.org', name: 'teacher-17' } }

    const foreign = await xapi(t.url, 'POST', '/xapi/statements', { auth: otherCred.authorization, body: override(teacherActor, ben, 'proficient', 'not mine to say') })
    expect(foreign.status, await foreign.clone().text()).toBe(403)
    expect(await overridesStored()).toBe(0)

    // About a student of another server (an export re-imported): stored, under no student here.
    const elsewhere = { ...ben, studentId: 's_elsewhere', actor: { ...ben.actor, account: { homePage: 'https://old-server.example', name: ben.studentId } } }
    const imported = await xapi(t.url, 'POST', '/xapi/statements', { auth: ownCred.authorization, body: override(teacherActor, elsewhere, 'advanced', 'From the old server') })
    expect(imported.status, await imported.clone().text()).toBe(200)
    expect(await evidenceCsv(`/api/classes/${ana.classId}/export/evidence.csv`)).not.toMatch(SHOWN)

    const own = await xapi(t.url, 'POST', '/xapi/statements', { auth: ownCred.authorization, body: override(teacherActor, ben, 'proficient', 'Seen in class') })
    expect(own.status, await own.clone().text()).toBe(200)
    expect(await overridesStored()).toBe(2)

    // Filed under Ben: the grid, the class export and Ben's own export all show it, Ana's shows nothing.
    const grid = (await (await api(t.url, admin, 'GET', `/api/classes/${ana.classId}/grid`)).json()) as { students: { id: string }[]; competencies: { id: string }[]; cells: { level: string; override?: unknown }[][] }
    const row = grid.students.findIndex((s) => s.id === ben.studentId)
    const col = grid.competencies.findIndex((c) => c.id === ZONES)
    expect(grid.cells[row]![col]).toMatchObject({ level: 'proficient', override: { note: 'Seen in class' } })
    expect(await evidenceCsv(`/api/students/${ben.studentId}/export/evidence.csv`)).toMatch(SHOWN)
    expect(await evidenceCsv(`/api/students/${ana.studentId}/export/evidence.csv`)).not.toMatch(SHOWN)
    expect((await evidenceCsv(`/api/classes/${ana.classId}/export/evidence.csv`)).match(new RegExp(SHOWN, 'g'))).toHaveLength(1)
    const badges = (await (await api(t.url, admin, 'GET', `/api/classes/${ana.classId}/export/badges.json`)).json()) as { credentials: { studentId: string; competencyId: string }[] }
    expect(badges.credentials.map((b) => [b.studentId, b.competencyId])).toEqual([[ben.studentId, ZONES]])
  })

  it('the school’s system credential may store a decision (an export re-imported), filed under the student', async () => {
    const system = (await issueCredential(t.server.context.store, ['all'], new Date())).authorization
    const cleo = await pairStudent(t.url, admin, 'Cleo', ana.classId)
    const teacherActor = { objectType: 'Agent' as const, account: { homePage: ana.actor.account.homePage, name: 'imported-teacher' } }
    const res = await xapi(t.url, 'POST', '/xapi/statements', { auth: system, body: override(teacherActor, cleo, 'advanced', 'From the old server') })
    expect(res.status, await res.clone().text()).toBe(200)
    expect(await evidenceCsv(`/api/students/${cleo.studentId}/export/evidence.csv`)).toMatch(/,advanced,/)
  })
})
