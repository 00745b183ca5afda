import { describe, expect, it } from 'vitest'
import { currentQuestion, initialSelectState, reduceSelect, selectTaskSchema } from '../../src/core/tasks/select.js'
import { BASICS, HINTS, play } from './play.js'

const task = selectTaskSchema.parse({
  kind: 'select',
  ...BASICS,
  prompt: 'Point at the planet.',
  questions: [
    {
      id: 'largest',
      prompt: 'Which is the largest planet?',
      options: [
        { id: 'jupiter', label: 'Jupiter', entity: 'jupiter', correct: true, feedback: 'Yes: Jupiter is the largest.' },
        { id: 'mars', label: 'Mars', entity: 'mars', correct: false, feedback: 'Mars is small and rocky.' },
        { id: 'venus', label: 'Venus', entity: 'venus', correct: false, feedback: 'Venus is Earth-sized.' },
        { id: 'mercury', label: 'Mercury', entity: 'mercury', correct: false, feedback: 'Mercury is the smallest.' },
      ],
    },
    {
      id: 'ringed',
      prompt: 'Which has the brightest rings?',
      options: [
        { id: 'saturn', label: 'Saturn', entity: 'saturn', correct: true, feedback: 'Yes: Saturn.' },
        { id: 'earth', label: 'Earth', entity: 'earth', correct: false, feedback: 'Earth has no rings.' },
      ],
    },
  ],
})
const reduce = reduceSelect(task)
const start = () => play(reduce, initialSelectState(), [{ type: 'start' }]).state

describe('select task reducer', () => {
  it('judges the right option correct and moves to the next question', () => {
    const { state, answers } = play(reduce, start(), [{ type: 'choose', option: 'jupiter' }])
    expect(answers).toEqual([expect.objectContaining({ subject: 'largest', response: 'jupiter', correct: true, attempt: 1, hintsUsed: 0 })])
    expect(currentQuestion(task, state).question.id).toBe('ringed')
  })

  it('judges a distractor incorrect, nudges, and takes it away', () => {
    const { state, answers, hints } = play(reduce, start(), [{ type: 'choose', option: 'mars' }])
    expect(answers[0]).toMatchObject({ correct: false, response: 'mars' })
    expect(hints[0]).toEqual({ type: 'hint', step: 'nudge', text: 'Mars is small and rocky.', requested: false })
    expect(currentQuestion(task, state).options.map((o) => o.id)).toEqual(['jupiter', 'venus', 'mercury'])
  })

  it('does not judge an option already taken away, or one from another question (negative control)', () => {
    const after = play(reduce, start(), [{ type: 'choose', option: 'mars' }]).state
    expect(play(reduce, after, [{ type: 'choose', option: 'mars' }]).emits).toEqual([])
    expect(play(reduce, after, [{ type: 'choose', option: 'saturn' }]).emits).toEqual([])
  })

  it('offers the scaffolded variant on the third miss: the right option and one other', () => {
    const five = selectTaskSchema.parse({
      ...task,
      questions: [{ ...task.questions[0]!, options: [...task.questions[0]!.options, { id: 'pluto', label: 'Pluto', entity: 'pluto', correct: false, feedback: 'Pluto is a dwarf planet.' }] }],
    })
    const r = reduceSelect(five)
    const { state, hints } = play(r, play(r, initialSelectState(), [{ type: 'start' }]).state, [
      { type: 'choose', option: 'mars' },
      { type: 'choose', option: 'venus' },
      { type: 'choose', option: 'mercury' },
    ])
    expect(hints.map((h) => (h.type === 'hint' ? h.step : ''))).toEqual(['nudge', 'worked-hint', 'scaffold'])
    expect(currentQuestion(five, state).options.map((o) => o.id)).toEqual(['jupiter', 'pluto'])
  })

  it('completes after the last question with a first-try score', () => {
    const { state, emits } = play(reduce, start(), [
      { type: 'choose', option: 'venus' },
      { type: 'choose', option: 'jupiter' },
      { type: 'choose', option: 'saturn' },
    ])
    expect(state.phase).toBe('complete')
    expect(emits.at(-1)).toMatchObject({ type: 'completed', raw: 1, max: 2, success: false })
  })

  it('marks an answer after a requested hint as hinted', () => {
    const { answers, hints } = play(reduce, start(), [{ type: 'hint' }, { type: 'choose', option: 'jupiter' }])
    expect(hints).toEqual([{ type: 'hint', step: 'nudge', text: HINTS.nudge, requested: true }])
    expect(answers[0]).toMatchObject({ correct: true, hintsUsed: 1 })
  })

  it('rejects a question without a distractor or without a right option', () => {
    const q = task.questions[1]!
    expect(selectTaskSchema.safeParse({ ...task, questions: [{ ...q, options: q.options.map((o) => ({ ...o, correct: true })) }] }).success).toBe(false)
    expect(selectTaskSchema.safeParse({ ...task, questions: [{ ...q, options: q.options.map((o) => ({ ...o, correct: false })) }] }).success).toBe(false)
  })
})
