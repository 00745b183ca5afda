/**
 * The competency grid reads the evidence projection (src/server/db/evidence.ts),
 * not full statement bodies. On either backend (the `unit` project runs this on
 * SQLite, `server-postgres` on PostgreSQL) the grid and the records must be
 * byte-identical to what core deriveEvidence gives on the full stored
 * statements: answers with and without hints, failed, unscored and oddly
 * shaped ones, transfer tier, overrides, unlocks, voids that arrive after and
 * before their target, a void of a void; and migration 4's backfill must
 * build the same projection as insertion does.
 */
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { deriveEvidence } from '../../src/core/evidence/derive.js'
import type { Statement } from '../../src/core/xapi/types.js'
import { EXTENSION, VERB } from '../../src/core/xapi/vocabulary.js'
import { sqlitePath } from '../../src/server/db/sqlite.js'
import { studentsEvidence } from '../../src/server/export/evidence.js'
import { classGrid, gridFromStatements, projectedStatements } from '../../src/server/workspace/grid.js'
import { overrideStatement, storeTeacherStatement, unlockStatement } from '../../src/server/workspace/teacher-statements.js'
import { testBackend } from './backends.js'
import { api, pairStudent, signIn, startTestServer, xapi, type TestServer } from './helpers.js'
import { LIGHT, ZONES } from './statements.js'
import { taskStatement } from './teacher-helpers.js'

type Json = Record<string, unknown>

async function post(t: TestServer, auth: string, body: unknown): Promise<void> {
  const res = await xapi(t.url, 'POST', '/xapi/statements', { auth, body })
  expect(res.status, await res.clone().text()).toBe(200)
}

/** The grid and the records, from the projection and from the full statements. */
async function bothWays(t: TestServer, classId: string) {
  const { store, competencies, competencyExpedition } = t.server.context
  const klass = (await store.findClass(classId))!
  const students = await store.listStudents(classId)
  const ids = students.map((s) => s.id)
  const full = (await store.statementsOfStudents(ids)).map((r) => JSON.parse(r.body) as Statement)
  const facts = await store.evidenceProjections(ids)
  const lastSync = await store.lastStoredByStudent(ids)
  const grids = []
  for (const filter of [{}, { expedition: 'test' }, { standard: 'nope' }]) {
    grids.push({
      projected: JSON.stringify(await classGrid(store, klass, competencies, competencyExpedition, filter)),
      full: JSON.stringify(gridFromStatements(students, lastSync, full, competencies, competencyExpedition, filter)),
    })
  }
  return {
    full,
    facts,
    grids,
    projected: deriveEvidence(projectedStatements(facts), competencies),
    fromFull: deriveEvidence(full, competencies),
    perStudent: await studentsEvidence(store, ids, competencies),
  }
}

describe('the evidence projection', () => {
  it('gives the grid and records deriveEvidence gives on the full statements, and migration 4 backfills the same rows', async () => {
    let t = await startTestServer()
    try {
      const session = await signIn(t.url)
      const ana = await pairStudent(t.url, session, 'Ana')
      const ben = await pairStudent(t.url, session, 'Ben', ana.classId)
      const cleo = await pairStudent(t.url, session, 'Cleo', ana.classId)
      const voidLater: string[] = []
      for (const [n, who] of [ana, ben, cleo].entries()) {
        const batch: Statement[] = []
        for (let i = 0; i < 30; i++) {
          const s = taskStatement(who.actor, VERB.answered, { success: (i + n) % 4 !== 0, hints: i % 6 === 0 ? 2 : 0, competencies: i % 3 ? [ZONES] : [ZONES, LIGHT] })
          const ext = s.context!.extensions as Json
          if (i % 7 === 0) ext[EXTENSION.tier] = 'transfer'
          if (i === 5) ext[EXTENSION.competencies] = ZONES // not an array: no evidence
          if (i === 6) ext[EXTENSION.competencies] = [ZONES, 42, 'https://example.org/unknown'] // only known IRIs count
          if (i === 8) delete (s.result as Json).success // unscored
          if (i === 9) delete (s.result!.extensions as Json)[EXTENSION.hintsUsed]
          if (i === 10) (s.result!.extensions as Json)[EXTENSION.hintsUsed] = 'one' // not a number: no hints
          if (i === 12) voidLater.push(s.id)
          batch.push(s)
        }
        // Not answers: no evidence, and no projection.
        batch.push(taskStatement(who.actor, VERB.attempted), taskStatement(who.actor, VERB.completed), taskStatement(who.actor, VERB.requestedHint))
        await post(t, who.auth, batch)
      }
      // A void after its target.
      await post(t, ana.auth, voidLater.slice(0, 2).map((id) => ({ actor: ana.actor, verb: { id: VERB.voided }, object: { objectType: 'StatementRef', id } })))
      // A void before its target (an offline headset): the target is stored voided.
      const early = taskStatement(cleo.actor, VERB.answered, { success: true, competencies: [LIGHT] })
      await post(t, cleo.auth, { id: randomUUID(), actor: cleo.actor, verb: { id: VERB.voided }, object: { objectType: 'StatementRef', id: early.id } })
      await post(t, cleo.auth, early)
      // Void and target in one batch, either order.
      const pairA = taskStatement(ben.actor, VERB.answered, { success: true, competencies: [LIGHT] })
      const pairB = taskStatement(ben.actor, VERB.answered, { success: true, competencies: [LIGHT] })
      await post(t, ben.auth, [
        pairA,
        { actor: ben.actor, verb: { id: VERB.voided }, object: { objectType: 'StatementRef', id: pairA.id } },
        { actor: ben.actor, verb: { id: VERB.voided }, object: { objectType: 'StatementRef', id: pairB.id } },
        pairB,
      ])
      // A void of a void voids nothing (its target stays voided).
      const voidOfVoid = randomUUID()
      await post(t, cleo.auth, { id: voidOfVoid, actor: cleo.actor, verb: { id: VERB.voided }, object: { objectType: 'StatementRef', id: voidLater[2]! } })
      await post(t, cleo.auth, { actor: cleo.actor, verb: { id: VERB.voided }, object: { objectType: 'StatementRef', id: voidOfVoid } })
      // The teacher's statements about students.
      const store = t.server.context.store
      const input = (studentId: string) => ({ homePage: t.server.context.publicUrl(), teacherId: 't_x', studentId, now: t.clock.now })
      await storeTeacherStatement(store, input(ben.studentId), overrideStatement(input(ben.studentId), LIGHT, 'proficient', 'Seen in class'))
      await storeTeacherStatement(store, input(ana.studentId), overrideStatement(input(ana.studentId), ZONES, 'advanced', 'Explained it to the class'))
      await storeTeacherStatement(store, input(ana.studentId), unlockStatement(input(ana.studentId), 'test', 'light'))
      expect((await api(t.url, session, 'POST', `/api/students/${cleo.studentId}/overrides`, { competencyId: ZONES, level: 'not-yet-proficient', note: 'Check again' })).status).toBe(201)

      const first = await bothWays(t, ana.classId)
      expect(first.projected.length).toBeGreaterThan(0)
      expect(first.projected).toEqual(first.fromFull)
      expect(JSON.stringify(first.projected)).toBe(JSON.stringify(first.fromFull))
      for (const g of first.grids) expect(g.projected).toBe(g.full)
      // The exports derive student by student: the same records as one call over the class.
      const byKey = (records: readonly { studentId: string; competencyId: string }[]) =>
        records.map((r) => [`${r.studentId} ${r.competencyId}`, JSON.stringify(r)]).sort(([a], [b]) => (a! < b! ? -1 : 1))
      expect(byKey(first.perStudent)).toEqual(byKey(first.fromFull))
      // The voided ones are out; the projection holds only what can matter.
      const used = new Set(first.projected.flatMap((r) => r.statementIds))
      for (const id of [...voidLater, early.id, pairA.id, pairB.id]) expect(used.has(id)).toBe(false)
      expect((await store.findStatement(voidOfVoid))?.voided).toBe(false)
      const answered = first.full.filter((s) => s.verb.id === VERB.answered).length
      expect(first.facts.length).toBeLessThan(answered + 5)
      expect(first.projected.filter((r) => r.override).map((r) => r.override!.note).sort()).toEqual(['Check again', 'Explained it to the class', 'Seen in class'])

      // Migration 4 again on the same statements (its table emptied): the backfill builds the same rows.
      const queries = [`agent=${encodeURIComponent(JSON.stringify(ana.actor))}`, `agent=${encodeURIComponent(JSON.stringify(ben.actor))}&related_agents=true`, `verb=${encodeURIComponent(VERB.answered)}&limit=500`, 'activity=https%3A%2F%2Fschool.example%2Factivities%2Ftest%2Fzones%2Fitems%2Fanglerfish&limit=500']
      const found = async () => {
        const out: string[][] = []
        for (const q of queries) {
          const res = await xapi(t.url, 'GET', `/xapi/statements?${q}`, { auth: ana.auth })
          out.push(((await res.json()) as { statements: { id: string }[] }).statements.map((x) => x.id))
        }
        return out
      }
      const before = await found()
      expect(before.map((ids) => ids.length > 0)).toEqual([true, true, true, true])
      await t.close({ keepData: true })
      if (testBackend() === 'sqlite') {
        const db = new Database(sqlitePath(t.dataDir))
        // As before migration 4: the text statement_index (which the migration turns into integer keys).
        db.exec(`
          CREATE TABLE statement_index (kind TEXT NOT NULL, value TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (kind, value, seq)) WITHOUT ROWID;
          INSERT INTO statement_index SELECT k.kind, k.value, i.seq FROM statement_keys i JOIN index_keys k ON k.id = i.key;
          CREATE INDEX statement_index_seq ON statement_index(seq);
          DROP TABLE statement_keys; DROP TABLE index_keys; DROP TABLE statement_evidence; DELETE FROM migrations WHERE version = 4;`)
        db.close()
      } else {
        const client = new pg.Client({ connectionString: readFileSync(join(t.dataDir, '.fathom-test-database-url'), 'utf8').trim() })
        await client.connect()
        await client.query('DROP TABLE statement_evidence; DELETE FROM migrations WHERE version = 4')
        await client.end()
      }
      t = await startTestServer({ dataDir: t.dataDir })
      const again = await bothWays(t, ana.classId)
      expect(await found()).toEqual(before)
      expect(again.facts).toEqual(first.facts)
      expect(JSON.stringify(again.projected)).toBe(JSON.stringify(first.fromFull))

      // Deleting a student deletes their projection.
      await t.server.context.store.deleteStudent(ben.studentId, `account:${ben.actor.account.homePage}\u0000${ben.actor.account.name}`)
      expect(await t.server.context.store.evidenceProjections([ben.studentId])).toEqual([])
    } finally {
      await t.close()
    }
  })
})
