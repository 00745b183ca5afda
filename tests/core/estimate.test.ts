import { describe, expect, it } from 'vitest'
import { currentEstimate, estimateTaskSchema, initialEstimateState, reduceEstimate, snapToDial } from '../../src/core/tasks/estimate.js'
import { BASICS, play } from './play.js'

const definition = {
  kind: 'estimate',
  ...BASICS,
  prompt: 'Set the dial.',
  dial: 'pressure-dial',
  questions: [
    {
      id: 'pressure-1000',
      prompt: 'About how many atmospheres press on you at 1,000 m?',
      unit: 'atm',
      min: 0,
      max: 400,
      step: 1,
      answer: 101,
      tolerance: 5,
      explanation: 'Right: about 1 atm of air plus 1 atm per 10 m of water.',
      tooLow: 'Too low: water adds about 1 atm every 10 m.',
      tooHigh: 'Too high: 1,000 m is 100 lots of 10 m.',
    },
    {
      id: 'pressure-200',
      prompt: 'And at 200 m?',
      unit: 'atm',
      min: 0,
      max: 100,
      step: 0.5,
      answer: 21,
      tolerance: 1,
      explanation: 'Right: 1 + 20 = 21 atm.',
      tooLow: 'Too low.',
      tooHigh: 'Too high.',
    },
  ],
}
const task = estimateTaskSchema.parse(definition)
const reduce = reduceEstimate(task)
const start = () => play(reduce, initialEstimateState(task), [{ type: 'start' }]).state

describe('estimate task reducer', () => {
  it('sets and turns the dial within its range and steps, without judging', () => {
    const { state, answers } = play(reduce, start(), [{ type: 'set', value: 97.6 }, { type: 'turn', steps: 3 }])
    expect(state.value).toBe(101)
    expect(answers).toEqual([])
    expect(play(reduce, start(), [{ type: 'set', value: 9_999 }]).state.value).toBe(400)
    expect(play(reduce, start(), [{ type: 'set', value: Number.NaN }]).state.value).toBe(0)
  })

  it('snaps to decimal steps exactly', () => {
    expect(snapToDial(task.questions[1]!, [0, 100], 20.74)).toBe(20.5)
    expect(snapToDial(task.questions[1]!, [0, 100], 0.3)).toBe(0.5)
  })

  it('judges a value within the tolerance correct and moves to the next question', () => {
    const { answers, state } = play(reduce, start(), [{ type: 'set', value: 104 }, { type: 'submit' }])
    expect(answers[0]).toMatchObject({ subject: 'pressure-1000', response: '104', correct: true })
    expect(currentEstimate(task, state).id).toBe('pressure-200')
    expect(state.value).toBe(0)
  })

  it('says which way a wrong estimate is off', () => {
    expect(play(reduce, start(), [{ type: 'set', value: 50 }, { type: 'submit' }]).state.feedback?.text).toMatch(/^Too low/)
    expect(play(reduce, start(), [{ type: 'set', value: 300 }, { type: 'submit' }]).state.feedback?.text).toMatch(/^Too high/)
  })

  it('narrows the dial around the answer as the scaffold after the third miss', () => {
    const { state } = play(reduce, start(), [{ type: 'submit' }, { type: 'submit' }, { type: 'submit' }])
    expect(state.range).toEqual([81, 121])
    expect(state.value).toBe(81)
  })

  it('completes after the last question', () => {
    const { emits } = play(reduce, start(), [
      { type: 'set', value: 101 },
      { type: 'submit' },
      { type: 'set', value: 21.5 },
      { type: 'submit' },
    ])
    expect(emits.at(-1)).toMatchObject({ type: 'completed', raw: 2, max: 2, success: true })
  })

  it('rejects an answer off the dial or a tolerance wider than it', () => {
    const q = definition.questions[0]!
    expect(estimateTaskSchema.safeParse({ ...definition, questions: [{ ...q, answer: 500 }] }).success).toBe(false)
    expect(estimateTaskSchema.safeParse({ ...definition, questions: [{ ...q, tolerance: 400 }] }).success).toBe(false)
    expect(estimateTaskSchema.safeParse({ ...definition, questions: [{ ...q, min: 10, max: 5 }] }).success).toBe(false)
  })
})
