import { describe, expect, it } from 'vitest'
import { deriveEvidence } from '../../src/core/evidence/derive.js'
import { describeStatement, durationSeconds } from '../../src/core/evidence/describe.js'
import { levelCounts, masteryHistory } from '../../src/core/evidence/history.js'
import { liveStatus } from '../../src/core/evidence/live.js'
import { traceKnowledge } from '../../src/core/mastery/bkt.js'
import { statementForEvent, type TaskPlace } from '../../src/core/tasks/statements.js'
import type { TaskEvent } from '../../src/core/tasks/task.js'
import type { Statement } from '../../src/core/xapi/types.js'
import { fixedEnvironment, learner, oceanCompetencies } from './fixtures.js'

const competency = oceanCompetencies()[0]!
const place: TaskPlace = { expedition: 'ocean', station: 'who-lives-where', title: 'Who lives where?', tier: 'core', competencies: [competency.id], kind: 'sort' }
const answer = (correct: boolean, extra: Partial<Extract<TaskEvent, { type: 'answered' }>> = {}): TaskEvent => ({
  type: 'answered',
  subject: 'anglerfish',
  subjectLabel: 'Anglerfish',
  response: 'anglerfish[.]midnight',
  responseLabel: 'Midnight zone',
  correct,
  attempt: 1,
  hintsUsed: 0,
  durationMs: 12_000,
  ...extra,
})

function record(events: readonly TaskEvent[], student = 's_alex', p: TaskPlace = place, env = fixedEnvironment()): Statement[] {
  return events.map((e) => statementForEvent(e, env, learner(student), p)).filter((s): s is Statement => s !== undefined)
}

describe('statements in plain language', () => {
  it('reads a sort answer the way a teacher would say it', () => {
    expect(describeStatement(record([answer(true)])[0]!)).toBe('Placed the anglerfish in the midnight zone — correct, no hints, 12 s')
  })

  it('says when an answer was wrong and how many hints came before it', () => {
    expect(describeStatement(record([answer(false, { hintsUsed: 2, durationMs: 3_400 })])[0]!)).toBe(
      'Placed the anglerfish in the midnight zone — not yet right, after 2 hints, 3 s',
    )
  })

  it('reads estimates, choices and orders by their kind', () => {
    const estimate = record([answer(true, { subjectLabel: 'Pressure at 1,000 m?', responseLabel: '101 atm' })], 's_alex', { ...place, kind: 'estimate' })[0]!
    expect(describeStatement(estimate)).toMatch(/^Estimated 101 atm for “Pressure at 1,000 m\?” — correct/)
    const order = record([answer(false, { responseLabel: 'Mars, Venus' })], 's_alex', { ...place, kind: 'order' })[0]!
    expect(describeStatement(order)).toMatch(/^Ordered Mars, Venus — not yet right/)
  })

  it('reads starts, hints and completions', () => {
    const [started, hint, done] = record([
      { type: 'started' },
      { type: 'hint', step: 'worked-hint', text: 't', requested: true },
      { type: 'completed', raw: 5, max: 6, success: true, durationMs: 90_000 },
    ])
    expect(describeStatement(started!)).toBe('Started “Who lives where?”')
    expect(describeStatement(hint!)).toBe('Asked for a hint (worked-hint)')
    expect(describeStatement(done!)).toBe('Completed “Who lives where?”, 5 of 6 right first time, 90 s')
  })

  it('reads ISO durations', () => {
    expect(durationSeconds('PT1M3.5S')).toBe(63.5)
    expect(durationSeconds('P1D')).toBeUndefined()
  })
})

describe('mastery over time', () => {
  it('gives one point per piece of evidence, ending where the record ends', () => {
    const statements = record([{ type: 'started' }, answer(false), answer(true), answer(true), answer(true)])
    const points = masteryHistory(statements, competency, 's_alex')
    expect(points).toHaveLength(4)
    const observed = [false, true, true, true]
    expect(points.map((p) => p.pKnown)).toEqual(observed.map((_, i) => traceKnowledge(observed.slice(0, i + 1), competency.bkt)))
    expect(points.map((p) => p.statementId)).toEqual(statements.slice(1).map((s) => s.id))
    expect(points.at(-1)!.pKnown).toBe(deriveEvidence(statements, [competency])[0]!.pKnown)
  })

  it('is empty for a student without evidence', () => {
    expect(masteryHistory(record([answer(true)]), competency, 's_nobody')).toEqual([])
  })

  it('counts students per level for the class summary, no evidence included', () => {
    const env = fixedEnvironment()
    const statements = [...record([answer(true), answer(true), answer(true)], 's_a', place, env), ...record([answer(false)], 's_b', place, env)]
    const counts = levelCounts(deriveEvidence(statements, [competency]), competency.id, ['s_a', 's_b', 's_c'])
    expect(counts).toEqual({ 'no-evidence': 1, 'not-yet-proficient': 1, proficient: 1, advanced: 0 })
  })
})

describe('live class view', () => {
  const t0 = Date.parse('2026-12-03T09:00:00.000Z')

  it('says where the student is from their latest statement', () => {
    const status = liveStatus(record([{ type: 'started' }, answer(true)]), t0 + 5_000)
    expect(status).toMatchObject({ expedition: 'ocean', station: 'who-lives-where', taskComplete: false, stuck: [] })
  })

  it('flags repeated misses on the current task, and clears them after a right answer', () => {
    const misses = record([{ type: 'started' }, answer(false), answer(false), answer(false)])
    expect(liveStatus(misses, t0 + 5_000).stuck).toEqual(['repeated-misses'])
    const recovered = record([{ type: 'started' }, answer(false), answer(false), answer(false), answer(true)])
    expect(liveStatus(recovered, t0 + 6_000).stuck).toEqual([])
  })

  it('flags a support ladder that reached its scaffold', () => {
    const statements = record([{ type: 'started' }, { type: 'hint', step: 'scaffold', text: 't', requested: false }])
    expect(liveStatus(statements, t0 + 3_000).stuck).toContain('support-exhausted')
  })

  it('flags a student idle in the middle of a task, not one who finished', () => {
    const midway = record([{ type: 'started' }, answer(true)])
    expect(liveStatus(midway, t0 + 10 * 60_000).stuck).toEqual(['idle'])
    const finished = record([{ type: 'started' }, answer(true), { type: 'completed', raw: 1, max: 1, success: true, durationMs: 1 }])
    expect(liveStatus(finished, t0 + 10 * 60_000)).toMatchObject({ taskComplete: true, stuck: [] })
  })

  it('knows nothing about a student with no statements', () => {
    expect(liveStatus([], t0)).toMatchObject({ expedition: null, station: null, lastActivityAt: null, stuck: [] })
  })
})
