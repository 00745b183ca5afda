import { describe, expect, it } from 'vitest'
import { correctArrangement, initialOrderState, orderTaskSchema, reduceOrder } from '../../src/core/tasks/order.js'
import { BASICS, play } from './play.js'

const definition = {
  kind: 'order',
  ...BASICS,
  prompt: 'Put the planets in order from the Sun.',
  axis: { label: 'Distance from the Sun', from: 'closest', to: 'farthest' },
  slots: ['slot-1', 'slot-2', 'slot-3', 'slot-4'],
  items: [
    { id: 'mars', label: 'Mars', entity: 'mars', value: 1.524, display: '1.52 AU' },
    { id: 'mercury', label: 'Mercury', entity: 'mercury', value: 0.387, display: '0.39 AU' },
    { id: 'earth', label: 'Earth', entity: 'earth', value: 1, display: '1 AU' },
    { id: 'venus', label: 'Venus', entity: 'venus', value: 0.723, display: '0.72 AU' },
  ],
  explanation: 'Right: Mercury, Venus, Earth, Mars.',
  nudge: 'Which planet is hottest by day and closest in?',
}
const task = orderTaskSchema.parse(definition)
const reduce = reduceOrder(task)
const start = () => play(reduce, initialOrderState(task), [{ type: 'start' }]).state

describe('order task reducer', () => {
  it('knows the right order by value, smallest first', () => {
    expect(correctArrangement(task)).toEqual(['mercury', 'venus', 'earth', 'mars'])
  })

  it('swaps an item into the slot it is dropped on, without judging', () => {
    const { state, answers } = play(reduce, start(), [{ type: 'grab', item: 'mercury' }, { type: 'drop', slot: 0 }])
    expect(state.arrangement).toEqual(['mercury', 'mars', 'earth', 'venus'])
    expect(answers).toEqual([])
  })

  it('judges only on submit: a wrong order says how many are in place and nudges', () => {
    const { answers, state } = play(reduce, start(), [{ type: 'move', item: 'mercury', slot: 0 }, { type: 'submit' }])
    expect(answers).toEqual([expect.objectContaining({ subject: 'sequence', correct: false, response: 'mercury[,]mars[,]earth[,]venus', attempt: 1 })])
    expect(state.feedback?.text).toMatch(/^2 of 4 are in the right place\./)
  })

  it('judges the right order correct and completes', () => {
    const { answers, emits, state } = play(reduce, start(), [
      { type: 'move', item: 'mercury', slot: 0 },
      { type: 'move', item: 'venus', slot: 1 },
      { type: 'submit' },
    ])
    expect(answers[0]).toMatchObject({ correct: true, response: 'mercury[,]venus[,]earth[,]mars' })
    expect(state.phase).toBe('complete')
    expect(emits.at(-1)).toMatchObject({ type: 'completed', raw: 1, max: 1, success: true })
  })

  it('does not move on a drop with nothing held or outside the line (negative control)', () => {
    const s = start()
    expect(play(reduce, s, [{ type: 'drop', slot: 0 }]).state).toBe(s)
    expect(play(reduce, s, [{ type: 'grab', item: 'venus' }, { type: 'drop', slot: 9 }]).state.arrangement).toEqual(s.arrangement)
  })

  it('fixes the two ends in place as the scaffold after the third miss, and keeps them there', () => {
    const { state, hints } = play(reduce, start(), [{ type: 'submit' }, { type: 'submit' }, { type: 'submit' }])
    expect(hints.map((h) => (h.type === 'hint' ? h.step : ''))).toEqual(['nudge', 'worked-hint', 'scaffold'])
    expect(state.arrangement[0]).toBe('mercury')
    expect(state.arrangement[3]).toBe('mars')
    expect(state.locked).toEqual(['mercury', 'mars'])
    expect(play(reduce, state, [{ type: 'move', item: 'mercury', slot: 2 }]).state.arrangement).toEqual(state.arrangement)
  })

  it('rejects a task that starts in order, has ties, or lacks a slot per item', () => {
    const sorted = [...definition.items].sort((a, b) => a.value - b.value)
    expect(orderTaskSchema.safeParse({ ...definition, items: sorted }).success).toBe(false)
    expect(orderTaskSchema.safeParse({ ...definition, items: definition.items.map((i) => ({ ...i, value: 1 })) }).success).toBe(false)
    expect(orderTaskSchema.safeParse({ ...definition, slots: ['slot-1'] }).success).toBe(false)
  })
})
