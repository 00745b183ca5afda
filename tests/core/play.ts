import type { TaskEvent, TaskReducer } from '../../src/core/tasks/task.js'

/** Feeds inputs to a reducer one by one, a second apart, and collects what it emitted. */
export function play<S, I>(reduce: TaskReducer<S, I>, from: S, inputs: readonly I[]) {
  let state = from
  const emits: TaskEvent[] = []
  inputs.forEach((input, i) => {
    const step = reduce(state, input, { nowMs: 1_000 * (i + 1) })
    state = step.state
    emits.push(...step.emits)
  })
  return { state, emits, answers: emits.filter((e) => e.type === 'answered'), hints: emits.filter((e) => e.type === 'hint') }
}

export const HINTS = { nudge: 'Think about it.', 'worked-hint': 'Here is how.', scaffold: 'Fewer choices now.' }
export const BASICS = { tier: 'core', competencies: ['https://fathom.education/frameworks/test/items/a'], hints: HINTS } as const
