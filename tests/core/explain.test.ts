import { describe, expect, it } from 'vitest'
import { evidenceNeeded, explainOptions, explainTaskSchema, initialExplainState, reduceExplain } from '../../src/core/tasks/explain.js'
import { BASICS, play } from './play.js'

const definition = {
  kind: 'explain',
  ...BASICS,
  prompt: 'Explain the seasons.',
  question: 'Why is it warmer in summer?',
  claims: [
    { id: 'tilt', label: 'Earth’s tilt makes sunlight more direct in summer.', correct: true, feedback: 'Yes: the tilt.' },
    { id: 'closer', label: 'Earth is closer to the Sun in summer.', correct: false, feedback: 'The distance changes little; think about the southern hemisphere.' },
    { id: 'sunspots', label: 'The Sun is brighter in summer.', correct: false, feedback: 'The Sun’s output barely changes over a year.' },
  ],
  evidence: [
    { id: 'hemispheres', label: 'The hemispheres have summer at opposite times.', correct: true, feedback: 'Supports tilt.' },
    { id: 'angle', label: 'The noon Sun is higher in summer.', correct: true, feedback: 'Supports tilt.' },
    { id: 'perihelion', label: 'Earth is closest to the Sun in January.', correct: false, feedback: 'That is true, but it does not support the claim.' },
    { id: 'clouds', label: 'Summer has fewer clouds.', correct: false, feedback: 'Not always true, and not about the cause.' },
  ],
  reasoning: [
    { id: 'spread', label: 'Light hitting at a steep angle is spread over less area, so each square metre gets more energy.', correct: true, feedback: 'Yes.' },
    { id: 'distance', label: 'Being closer makes light stronger.', correct: false, feedback: 'That links to the wrong claim.' },
  ],
  evidenceExplanation: 'Right: both follow from the tilt.',
  evidenceNudge: 'Pick only what the tilt explains.',
}
const task = explainTaskSchema.parse(definition)
const reduce = reduceExplain(task)
const start = () => play(reduce, initialExplainState(), [{ type: 'start' }]).state
const throughClaim = () => play(reduce, start(), [{ type: 'choose', option: 'tilt' }]).state

describe('explain (claim–evidence–reasoning) task reducer', () => {
  it('judges the claim, then moves to evidence', () => {
    const { answers, state } = play(reduce, start(), [{ type: 'choose', option: 'closer' }, { type: 'choose', option: 'tilt' }])
    expect(answers.map((a) => (a.type === 'answered' ? [a.subject, a.correct, a.attempt] : []))).toEqual([
      ['claim', false, 1],
      ['claim', true, 2],
    ])
    expect(state.step).toBe('evidence')
  })

  it('does not judge evidence until as many pieces as needed are selected (negative control)', () => {
    expect(evidenceNeeded(task)).toBe(2)
    const { emits } = play(reduce, throughClaim(), [{ type: 'toggle', evidence: 'angle' }, { type: 'submit' }])
    expect(emits).toEqual([])
  })

  it('judges the selected evidence: a non-supporting piece is wrong and taken away', () => {
    const { answers, state } = play(reduce, throughClaim(), [
      { type: 'toggle', evidence: 'angle' },
      { type: 'toggle', evidence: 'perihelion' },
      { type: 'submit' },
    ])
    expect(answers[0]).toMatchObject({ subject: 'evidence', correct: false, response: 'angle[,]perihelion' })
    expect(state.feedback?.text).toMatch(/does not support/)
    expect(explainOptions(task, state).map((o) => o.id)).not.toContain('perihelion')
    expect(state.selected).toEqual(['angle'])
  })

  it('completes after right evidence and reasoning, scoring each step', () => {
    const { emits, state } = play(reduce, throughClaim(), [
      { type: 'toggle', evidence: 'angle' },
      { type: 'toggle', evidence: 'hemispheres' },
      { type: 'submit' },
      { type: 'choose', option: 'spread' },
    ])
    expect(state.phase).toBe('complete')
    expect(emits.at(-1)).toMatchObject({ type: 'completed', raw: 3, max: 3, success: true })
  })

  it('ignores choices out of step: toggling evidence while choosing a claim, choosing during evidence', () => {
    const s = start()
    expect(play(reduce, s, [{ type: 'toggle', evidence: 'angle' }]).state).toBe(s)
    const e = throughClaim()
    expect(play(reduce, e, [{ type: 'choose', option: 'spread' }]).emits).toEqual([])
  })

  it('rejects a task without exactly one right claim', () => {
    expect(explainTaskSchema.safeParse({ ...definition, claims: definition.claims.map((c) => ({ ...c, correct: true })) }).success).toBe(false)
  })
})
