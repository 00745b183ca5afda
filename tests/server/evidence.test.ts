import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EvidenceRecord } from '../../src/core/evidence/derive.js'
import { api, pairStudent, signIn, startTestServer, xapi, type Session, type TestServer } from './helpers.js'
import { answered, LIGHT, ZONES } from './statements.js'

let t: TestServer
let session: Session

beforeAll(async () => {
  t = await startTestServer()
  session = await signIn(t.url)
})
afterAll(() => t.close())

interface Evidence {
  competencies: { id: string; code: string; statement: string; shortName: string }[]
  students: { id: string; displayName: string; lastSyncAt: string | null }[]
  records: EvidenceRecord[]
}

describe('class evidence', () => {
  it('derives records from answered statements and fills no-evidence for the rest', async () => {
    const ana = await pairStudent(t.url, session, '=HYPERLINK("x")')
    const ben = await pairStudent(t.url, session, 'Ben, "the brave"', ana.classId)
    const statements = [answered(ana.actor, true), answered(ana.actor, true), answered(ana.actor, true), answered(ana.actor, true), answered(ana.actor, false, [LIGHT])]
    expect((await xapi(t.url, 'POST', '/xapi/statements', { auth: ana.auth, body: statements })).status).toBe(200)

    const res = await api(t.url, session, 'GET', `/api/classes/${ana.classId}/evidence`)
    expect(res.status).toBe(200)
    const evidence = (await res.json()) as Evidence
    expect(evidence.competencies.map((c) => c.code)).toEqual(['TEST-1', 'TEST-2'])
    expect(evidence.competencies[0]).toEqual({ id: ZONES, code: 'TEST-1', statement: "I can name the ocean's depth zones.", shortName: 'Depth zones' })
    expect(evidence.students.map((s) => s.id)).toEqual([ana.studentId, ben.studentId])
    expect(evidence.students[0]?.lastSyncAt).toBe(t.clock.now.toISOString())
    expect(evidence.students[1]?.lastSyncAt).toBeNull()
    expect(evidence.records).toHaveLength(4)
    const [anaZones, anaLight, benZones, benLight] = evidence.records
    expect(anaZones).toMatchObject({ studentId: ana.studentId, competencyId: ZONES, attempts: 4, correct: 4 })
    expect(anaZones?.statementIds).toEqual(statements.slice(0, 4).map((s) => s.id))
    expect(anaZones?.level).toBe('proficient')
    expect(anaLight).toMatchObject({ competencyId: LIGHT, level: 'not-yet-proficient', attempts: 1, correct: 0 })
    expect(benZones).toMatchObject({ studentId: ben.studentId, level: 'no-evidence', attempts: 0, statementIds: [], lastEvidenceAt: null })
    expect(benLight?.level).toBe('no-evidence')

    const csv = await api(t.url, session, 'GET', `/api/classes/${ana.classId}/evidence.csv`)
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="fathom-evidence-class-7b-\d{4}-\d{2}-\d{2}\.csv"$/)
    const lines = (await csv.text()).split('\r\n')
    expect(lines[0]).toBe('student,student_id,competency,competency_code,level,p_known,supporting_statements,last_evidence_at')
    expect(lines).toHaveLength(6) // header, 4 rows, trailing empty
    expect(lines[1]).toBe(
      `"'=HYPERLINK(""x"")",${ana.studentId},I can name the ocean's depth zones.,TEST-1,proficient,${anaZones?.pKnown.toFixed(4)},4,${anaZones?.lastEvidenceAt}`,
    )
    expect(lines[3]).toBe(`"Ben, ""the brave""",${ben.studentId},I can name the ocean's depth zones.,TEST-1,no-evidence,0.2000,0,`)
    expect(lines[4]).toContain('"I can explain, with evidence, how light changes with depth."')
  })

  it('ignores voided statements', async () => {
    const cy = await pairStudent(t.url, session, 'Cy')
    const s = answered(cy.actor, true)
    await xapi(t.url, 'POST', '/xapi/statements', { auth: cy.auth, body: s })
    await xapi(t.url, 'POST', '/xapi/statements', {
      auth: cy.auth,
      body: { actor: cy.actor, verb: { id: 'http://adlnet.gov/expapi/verbs/voided' }, object: { objectType: 'StatementRef', id: s.id } },
    })
    const evidence = (await (await api(t.url, session, 'GET', `/api/classes/${cy.classId}/evidence`)).json()) as Evidence
    expect(evidence.records.every((r) => r.level === 'no-evidence')).toBe(true)
  })
})
