import { describe, expect, it } from 'vitest'
import { deriveEvidence } from '../../src/core/evidence/derive.js'
import type { Statement } from '../../src/core/xapi/types.js'
import { VERB } from '../../src/core/xapi/vocabulary.js'
import { loadFrameworks } from '../../src/server/frameworks.js'
import { chronologically, classGrid, projectedStatements } from '../../src/server/workspace/grid.js'
import { overrideStatement, storeTeacherStatement } from '../../src/server/workspace/teacher-statements.js'
import { api, FIXTURE_SCENES, pairStudent, signIn, startTestServer, xapi } from './helpers.js'
import { LIGHT, ZONES } from './statements.js'
import { taskStatement } from './teacher-helpers.js'

describe('the grid reads evidence projections, not full bodies, and derives the same records', () => {
  it('equals deriveEvidence over the full stored statements (answers, hints, transfer tier, overrides, voiding)', async () => {
    const t = await startTestServer()
    try {
      const session = await signIn(t.url)
      const ana = await pairStudent(t.url, session, 'Ana')
      const ben = await pairStudent(t.url, session, 'Ben', ana.classId)
      const statements: Statement[] = []
      for (let i = 0; i < 40; i++) {
        const who = i % 2 ? ana : ben
        const s = taskStatement(who.actor, VERB.answered, { success: i % 5 !== 0, hints: i % 7 === 0 ? 1 : 0, competencies: i % 3 ? [ZONES] : [ZONES, LIGHT] })
        if (i % 9 === 0) (s.context!.extensions as Record<string, unknown>)['https://fathom.education/xapi/extensions/tier'] = 'transfer'
        statements.push(s)
      }
      for (const who of [ana, ben]) await xapi(t.url, 'POST', '/xapi/statements', { auth: who.auth, body: statements.filter((s) => JSON.stringify(s.actor) === JSON.stringify(who.actor)) })
      await xapi(t.url, 'POST', '/xapi/statements', { auth: ana.auth, body: { actor: ana.actor, verb: { id: VERB.voided }, object: { objectType: 'StatementRef', id: statements[1]!.id } } })
      const input = { homePage: t.server.context.publicUrl(), teacherId: 't_x', studentId: ben.studentId, now: t.clock.now }
      await storeTeacherStatement(t.server.context.store, input, overrideStatement(input, LIGHT, 'proficient', 'Seen in class'))

      const store = t.server.context.store
      const ids = [ana.studentId, ben.studentId]
      const { competencies } = loadFrameworks(FIXTURE_SCENES)
      const full = (await store.statementsOfStudents(ids)).map((r) => JSON.parse(r.body) as Statement)
      const facts = await store.evidenceProjections(ids)
      expect(deriveEvidence(chronologically(projectedStatements(facts)), competencies)).toEqual(deriveEvidence(full, competencies))
      const grid = await classGrid(store, (await store.findClass(ana.classId))!, competencies, new Map())
      expect(grid.cells[1]![1]).toMatchObject({ level: 'proficient', override: { note: 'Seen in class' } })
      expect((await api(t.url, session, 'GET', `/api/classes/${ana.classId}/grid`)).status).toBe(200)
    } finally {
      await t.close()
    }
  })
})
