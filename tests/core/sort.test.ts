import { describe, expect, it } from 'vitest'
import { parseManifest } from '../../src/core/scene/manifest.js'
import { initialSortState, reduceSort, remainingItems, type SortInput, type SortState, type SortTask } from '../../src/core/tasks/sort.js'
import type { TaskEvent } from '../../src/core/tasks/task.js'
import { readJson } from './fixtures.js'

function oceanTask(): SortTask {
  const parsed = parseManifest(readJson('scenes/ocean/manifest.json'))
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'))
  const task = parsed.value.stations.find((s) => s.task.kind === 'sort')!.task
  if (task.kind !== 'sort') throw new Error('the ocean expedition starts with a sort task')
  return task
}

/** Feeds inputs one by one, a second apart, and collects everything emitted. */
function play(task: SortTask, inputs: readonly SortInput[], from: SortState = initialSortState()) {
  const reduce = reduceSort(task)
  let state = from
  const emits: TaskEvent[] = []
  inputs.forEach((input, i) => {
    const step = reduce(state, input, { nowMs: 1_000 * (i + 1) })
    state = step.state
    emits.push(...step.emits)
  })
  return { state, emits }
}

const place = (item: string, zone: string): SortInput[] => [{ type: 'grab', item }, { type: 'drop', zone }]

describe('sort task reducer', () => {
  const task = oceanTask()

  it('ignores everything before start, then emits started once', () => {
    const { state, emits } = play(task, [...place('anglerfish', 'midnight'), { type: 'start' }, { type: 'start' }])
    expect(emits).toEqual([{ type: 'started' }])
    expect(state.phase).toBe('active')
    expect(state.placed).toEqual({})
  })

  it('judges a right placement as correct, keeps the item in the zone and explains why', () => {
    const { state, emits } = play(task, [{ type: 'start' }, ...place('anglerfish', 'midnight')])
    const answered = emits.find((e) => e.type === 'answered')
    expect(answered).toMatchObject({ subject: 'anglerfish', response: 'anglerfish[.]midnight', correct: true, attempt: 1, hintsUsed: 0 })
    expect(state.placed).toEqual({ anglerfish: 'midnight' })
    expect(state.feedback).toMatchObject({ subject: 'anglerfish', correct: true })
    expect(state.feedback?.text).toMatch(/own light/)
  })

  it('judges a wrong placement as incorrect, returns the item and gives its nudge', () => {
    const { state, emits } = play(task, [{ type: 'start' }, ...place('anglerfish', 'sunlight')])
    expect(emits).toContainEqual(expect.objectContaining({ type: 'answered', correct: false, response: 'anglerfish[.]sunlight' }))
    expect(emits).toContainEqual({ type: 'hint', step: 'nudge', text: task.items.find((i) => i.id === 'anglerfish')!.nudge, requested: false })
    expect(state.placed).toEqual({})
    expect(state.held).toBeNull()
    expect(state.feedback).toMatchObject({ correct: false })
    expect(remainingItems(task, state).map((i) => i.id)).toContain('anglerfish')
  })

  it('climbs the support ladder with consecutive misses: nudge, worked hint, scaffold', () => {
    const { emits, state } = play(task, [
      { type: 'start' },
      ...place('anglerfish', 'sunlight'),
      ...place('anglerfish', 'twilight'),
      ...place('anglerfish', 'abyssal'),
    ])
    expect(emits.filter((e) => e.type === 'hint').map((e) => (e.type === 'hint' ? e.step : ''))).toEqual(['nudge', 'worked-hint', 'scaffold'])
    expect(state.support).toEqual({ step: 'scaffold', text: task.hints.scaffold })
  })

  it('counts attempts per item and resets the miss streak on a right answer', () => {
    const { emits, state } = play(task, [{ type: 'start' }, ...place('anglerfish', 'sunlight'), ...place('anglerfish', 'midnight')])
    const answers = emits.filter((e) => e.type === 'answered')
    expect(answers.map((a) => (a.type === 'answered' ? a.attempt : 0))).toEqual([1, 2])
    expect(state.misses).toBe(0)
  })

  it('does not judge a drop with nothing held (negative control)', () => {
    const start = play(task, [{ type: 'start' }]).state
    const { state, emits } = play(task, [{ type: 'drop', zone: 'midnight' }], start)
    expect(emits).toEqual([])
    expect(state).toBe(start)
  })

  it('does not judge a release outside every zone, and puts the item back', () => {
    const { state, emits } = play(task, [{ type: 'start' }, { type: 'grab', item: 'anglerfish' }, { type: 'release' }])
    expect(emits.filter((e) => e.type === 'answered')).toEqual([])
    expect(state.held).toBeNull()
  })

  it('does not judge a drop on an unknown zone', () => {
    const { emits, state } = play(task, [{ type: 'start' }, { type: 'grab', item: 'anglerfish' }, { type: 'drop', zone: 'surface' }])
    expect(emits.filter((e) => e.type === 'answered')).toEqual([])
    expect(state.held).toBe('anglerfish')
  })

  it('does not let an item already placed be picked up again', () => {
    const { emits } = play(task, [{ type: 'start' }, ...place('anglerfish', 'midnight'), { type: 'grab', item: 'anglerfish' }])
    expect(emits.filter((e) => e.type === 'grabbed')).toHaveLength(1)
  })

  it('marks the next answer as hinted when the student asked for a hint, climbing the ladder per request', () => {
    const { emits } = play(task, [{ type: 'start' }, { type: 'hint' }, { type: 'hint' }, ...place('anglerfish', 'midnight')])
    const hints = emits.filter((e) => e.type === 'hint')
    expect(hints).toEqual([
      { type: 'hint', step: 'nudge', text: task.hints.nudge, requested: true },
      { type: 'hint', step: 'worked-hint', text: task.hints['worked-hint'], requested: true },
    ])
    expect(emits.find((e) => e.type === 'answered')).toMatchObject({ correct: true, hintsUsed: 2 })
  })

  it('completes when every item is in its zone, scoring first-try answers without hints', () => {
    const inputs: SortInput[] = [{ type: 'start' }, ...place('sea-pig', 'midnight')]
    for (const item of task.items) inputs.push(...place(item.id, item.zone))
    const { state, emits } = play(task, inputs)
    expect(state.phase).toBe('complete')
    const completed = emits.at(-1)
    expect(completed).toMatchObject({ type: 'completed', raw: task.items.length - 1, max: task.items.length, success: true })
    expect(completed?.type === 'completed' && completed.durationMs).toBeGreaterThan(0)
  })

  it('fails the task when fewer first-try answers than the passing score', () => {
    const inputs: SortInput[] = [{ type: 'start' }]
    for (const item of task.items) {
      const wrong = task.zones.find((z) => z.id !== item.zone)!.id
      inputs.push(...place(item.id, wrong), ...place(item.id, item.zone))
    }
    const { emits } = play(task, inputs)
    expect(emits.at(-1)).toMatchObject({ type: 'completed', raw: 0, success: false })
  })

  it('ignores input after completion', () => {
    const inputs: SortInput[] = [{ type: 'start' }]
    for (const item of task.items) inputs.push(...place(item.id, item.zone))
    const done = play(task, inputs).state
    expect(play(task, [{ type: 'hint' }, { type: 'grab', item: 'anglerfish' }], done).emits).toEqual([])
  })
})
