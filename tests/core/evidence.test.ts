import { describe, expect, it } from 'vitest'
import { deriveEvidence } from '../../src/core/evidence/derive.js'
import { traceKnowledge } from '../../src/core/mastery/bkt.js'
import { statementForEvent, type TaskPlace } from '../../src/core/tasks/statements.js'
import type { TaskEvent } from '../../src/core/tasks/task.js'
import { activity, buildStatement, studentAgent } from '../../src/core/xapi/builder.js'
import type { Statement } from '../../src/core/xapi/types.js'
import { ACTIVITY_TYPE, EXTENSION, VERB } from '../../src/core/xapi/vocabulary.js'
import { fixedEnvironment, HOME, learner, oceanCompetencies } from './fixtures.js'

const competencies = oceanCompetencies()
const competency = competencies[0]!
const place = (tier: 'core' | 'transfer' = 'core'): TaskPlace => ({
  expedition: 'ocean',
  station: 'who-lives-where',
  title: 'Who lives where?',
  tier,
  competencies: [competency.id],
})

function answers(results: readonly boolean[], opts: { student?: string; tier?: 'core' | 'transfer'; hints?: number; env?: ReturnType<typeof fixedEnvironment> } = {}): Statement[] {
  const env = opts.env ?? fixedEnvironment()
  return results.map((correct, i) => {
    const event: TaskEvent = {
      type: 'answered',
      subject: `item-${i}`,
      subjectLabel: `Item ${i}`,
      response: `item-${i}[.]zone`,
      responseLabel: 'Zone',
      correct,
      attempt: 1,
      hintsUsed: opts.hints ?? 0,
      durationMs: 5_000,
    }
    return statementForEvent(event, env, learner(opts.student), place(opts.tier))!
  })
}

describe('evidence derivation', () => {
  it('gives no record without scored attempts', () => {
    const env = fixedEnvironment()
    const started = statementForEvent({ type: 'started' }, env, learner(), place())!
    expect(deriveEvidence([started], competencies)).toEqual([])
  })

  it('traces P(L) through the scored attempts with the competency’s parameters', () => {
    const statements = answers([true, false, true])
    const [record] = deriveEvidence(statements, competencies)
    expect(record).toMatchObject({ studentId: 's_alex', competencyId: competency.id, attempts: 3, correct: 2 })
    expect(record!.pKnown).toBe(traceKnowledge([true, false, true], competency.bkt))
    expect(record!.statementIds).toEqual(statements.map((s) => s.id))
    expect(record!.lastEvidenceAt).toBe(statements[2]!.timestamp)
  })

  it('reaches proficient after enough correct answers', () => {
    expect(deriveEvidence(answers([true, true]), competencies)[0]!.level).toBe('not-yet-proficient')
    expect(deriveEvidence(answers([true, true, true]), competencies)[0]!.level).toBe('proficient')
  })

  it('counts an attempt that used a hint as incorrect, even when it succeeded', () => {
    const hinted = deriveEvidence(answers([true, true, true], { hints: 1 }), competencies)[0]!
    expect(hinted.correct).toBe(0)
    expect(hinted.pKnown).toBe(traceKnowledge([false, false, false], competency.bkt))
    expect(hinted.level).toBe('not-yet-proficient')
  })

  it('is advanced only when proficient and a transfer task succeeded without hints', () => {
    const env = fixedEnvironment()
    const core = answers([true, true, true], { env })
    // A hinted transfer success is an incorrect attempt: not advanced, and P(L) falls back below the threshold.
    expect(deriveEvidence([...core, ...answers([true], { tier: 'transfer', hints: 1, env })], competencies)[0]!.level).toBe('not-yet-proficient')
    expect(deriveEvidence([...core, ...answers([true], { tier: 'transfer', env })], competencies)[0]!.level).toBe('advanced')
    expect(deriveEvidence(answers([true], { tier: 'transfer' }), competencies)[0]!.level).toBe('not-yet-proficient')
  })

  it('is deterministic: the order statements arrive in does not change the records', () => {
    const env = fixedEnvironment()
    const statements = [...answers([true, false, true, true], { env }), ...answers([false, true], { student: 's_bo', env })]
    const forward = deriveEvidence(statements, competencies)
    const shuffled = deriveEvidence([...statements].reverse(), competencies)
    expect(JSON.stringify(shuffled)).toBe(JSON.stringify(forward))
    expect(forward.map((r) => r.studentId)).toEqual(['s_alex', 's_bo'])
  })

  it('orders by the instant of the timestamp, not its text', () => {
    const [a, b] = answers([false, true])
    // b happened first, written in another time zone that sorts later as text.
    const earlier = { ...b!, timestamp: '2026-12-03T09:59:00.000+01:00' }
    const [record] = deriveEvidence([a!, earlier], competencies)
    expect(record!.statementIds).toEqual([earlier.id, a!.id])
  })

  it('leaves out voided statements, and the voiding statement itself', () => {
    const statements = answers([true, true, true])
    const voiding: Statement = {
      id: '00000000-0000-4000-8000-00000000ffff',
      actor: studentAgent(HOME, 's_alex'),
      verb: { id: VERB.voided },
      object: { objectType: 'StatementRef', id: statements[2]!.id },
      timestamp: '2026-12-03T10:00:00.000Z',
    }
    const [record] = deriveEvidence([...statements, voiding], competencies)
    expect(record!.attempts).toBe(2)
    expect(record!.statementIds).not.toContain(statements[2]!.id)
  })

  it('ignores statements about unknown competencies and non-account actors', () => {
    const [s] = answers([true])
    const unknown = { ...s!, context: { ...s!.context, extensions: { [EXTENSION.competencies]: ['https://example.org/other'] } } }
    const mbox = { ...s!, actor: { mbox: 'mailto:someone@example.org' } }
    expect(deriveEvidence([unknown, mbox], competencies)).toEqual([])
  })

  it('shows a teacher override as the level while keeping the derived level', () => {
    const statements = answers([true])
    const env = fixedEnvironment('2026-12-04T09:00:00.000Z')
    const teacher = { actor: studentAgent(HOME, 't_kim'), modality: 'desktop' as const, activityBase: 'https://fathom.education/activities' }
    const override = buildStatement(env, teacher, {
      verb: VERB.overrodeLevel,
      object: activity(competency.id, ACTIVITY_TYPE.objective),
      competencies: [competency.id],
      result: { response: 'Showed it in class discussion', extensions: { [EXTENSION.level]: 'proficient' } },
    })
    const asAbout = { ...override, object: studentAgent(HOME, 's_alex') }
    const [record] = deriveEvidence([...statements, asAbout], competencies)
    expect(record).toMatchObject({ level: 'proficient', derivedLevel: 'not-yet-proficient' })
    expect(record!.override).toEqual({ level: 'proficient', note: 'Showed it in class discussion', statementId: asAbout.id, at: asAbout.timestamp })
  })

  it('keeps students apart', () => {
    const env = fixedEnvironment()
    const records = deriveEvidence([...answers([true, true, true], { env }), ...answers([false], { student: 's_bo', env })], competencies)
    expect(records.map((r) => [r.studentId, r.level])).toEqual([
      ['s_alex', 'proficient'],
      ['s_bo', 'not-yet-proficient'],
    ])
  })
})
