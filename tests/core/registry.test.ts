import { describe, expect, it } from 'vitest'
import { parseManifest } from '../../src/core/scene/manifest.js'
import { taskRunner } from '../../src/core/tasks/registry.js'
import { readJson } from './fixtures.js'

const ocean = parseManifest(readJson('scenes/ocean/manifest.json'))
if (!ocean.ok) throw new Error(ocean.errors.join('\n'))
const task = ocean.value.stations[0]!.task

describe('task runner', () => {
  it('runs any kind through one interface', () => {
    const runner = taskRunner(task)
    const started = runner.reduce(runner.initial, { type: 'start' }, { nowMs: 1 })
    expect(started.emits).toEqual([{ type: 'started' }])
    expect(started.state.phase).toBe('active')
  })

  it('ignores inputs the kind does not understand instead of misreading them', () => {
    const runner = taskRunner(task)
    const active = runner.reduce(runner.initial, { type: 'start' }, { nowMs: 1 }).state
    expect(runner.accepts('submit')).toBe(false)
    const step = runner.reduce(active, { type: 'submit' }, { nowMs: 2 })
    expect(step.state).toBe(active)
    expect(step.emits).toEqual([])
  })
})
