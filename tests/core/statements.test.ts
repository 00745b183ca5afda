import { describe, expect, it } from 'vitest'
import { isoDuration, statementForEvent, type TaskPlace } from '../../src/core/tasks/statements.js'
import { EXTENSION, FATHOM_ACTIVITIES, VERB } from '../../src/core/xapi/vocabulary.js'
import { fixedEnvironment, HOME, learner } from './fixtures.js'

const place: TaskPlace = { expedition: 'ocean', station: 'who-lives-where', title: 'Who lives where?', tier: 'core', competencies: ['https://fathom.education/frameworks/ocean/items/light-and-life'] }
const taskId = `${FATHOM_ACTIVITIES}/ocean/who-lives-where`

describe('task events as xAPI statements', () => {
  it('records the start of a task as attempted, with an id and time made on the device', () => {
    const s = statementForEvent({ type: 'started' }, fixedEnvironment(), learner(), place)!
    expect(s.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(s.timestamp).toBe('2026-12-03T09:00:01.000Z')
    expect(s.verb.id).toBe(VERB.attempted)
    expect(s.object).toMatchObject({ id: taskId })
    expect(s.actor).toEqual({ objectType: 'Agent', account: { homePage: HOME, name: 's_alex' } })
  })

  it('records an answer with its response, success, hints, attempt, tier, modality and competency', () => {
    const s = statementForEvent(
      { type: 'answered', subject: 'anglerfish', subjectLabel: 'Anglerfish', response: 'anglerfish[.]midnight', responseLabel: 'Midnight zone', correct: true, attempt: 2, hintsUsed: 1, durationMs: 12_000 },
      fixedEnvironment(),
      learner('s_alex', 'desktop'),
      place,
    )!
    expect(s.verb.id).toBe(VERB.answered)
    expect(s.object).toMatchObject({ id: `${taskId}/items/anglerfish`, definition: { interactionType: 'matching', name: { en: 'Anglerfish' } } })
    expect(s.result).toEqual({
      success: true,
      response: 'anglerfish[.]midnight',
      duration: 'PT12S',
      extensions: { [EXTENSION.hintsUsed]: 1, [EXTENSION.attempt]: 2, [EXTENSION.responseLabel]: 'Midnight zone' },
    })
    expect(s.context?.extensions).toMatchObject({ [EXTENSION.modality]: 'desktop', [EXTENSION.tier]: 'core', [EXTENSION.taskKind]: 'sort', [EXTENSION.competencies]: place.competencies })
    expect(s.context?.contextActivities?.parent?.[0]?.id).toBe(taskId)
    expect(s.context?.contextActivities?.other?.[0]?.id).toBe(place.competencies[0])
  })

  it('records an asked-for hint and an earned nudge with different verbs', () => {
    const env = fixedEnvironment()
    expect(statementForEvent({ type: 'hint', step: 'worked-hint', text: 't', requested: true }, env, learner(), place)!.verb.id).toBe(VERB.requestedHint)
    expect(statementForEvent({ type: 'hint', step: 'nudge', text: 't', requested: false }, env, learner(), place)!.verb.id).toBe(VERB.experienced)
  })

  it('records completion with a scaled score and a duration', () => {
    const s = statementForEvent({ type: 'completed', raw: 5, max: 6, success: true, durationMs: 12_345 }, fixedEnvironment(), learner(), place)!
    expect(s.verb.id).toBe(VERB.completed)
    expect(s.result).toEqual({ completion: true, success: true, score: { raw: 5, min: 0, max: 6, scaled: 5 / 6 }, duration: 'PT12.345S' })
  })

  it('records nothing for picking an item up', () => {
    expect(statementForEvent({ type: 'grabbed', subject: 'x' }, fixedEnvironment(), learner(), place)).toBeUndefined()
  })

  it('writes ISO 8601 durations', () => {
    expect(isoDuration(12_000)).toBe('PT12S')
    expect(isoDuration(500)).toBe('PT0.5S')
    expect(isoDuration(-5)).toBe('PT0S')
  })
})
