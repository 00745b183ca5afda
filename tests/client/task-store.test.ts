import { describe, expect, it } from 'vitest'
import { EXTENSION, FATHOM_ACTIVITIES, VERB, type SortState, type SortTask, type Statement } from '../../src/core/index.js'
import { stationRun, validateExpedition } from '../../src/client/app/expedition.js'
import { createTaskStore } from '../../src/client/stores/task-store.js'
import manifest from '../../scenes/ocean/manifest.json'
import framework from '../../scenes/ocean/framework.json'

const expedition = validateExpedition(manifest, framework)
const run = stationRun(expedition, 'who-lives-where')
const task = run.task as SortTask
const actor = { objectType: 'Agent' as const, account: { homePage: 'http://127.0.0.1:8080', name: 's_1' } }

function setup(modality: { current: 'vr' | 'desktop' } = { current: 'desktop' }) {
  const recorded: Statement[] = []
  let n = 0
  const store = createTaskStore({
    task: run.task,
    place: run.place,
    learner: () => ({ actor, modality: modality.current, activityBase: FATHOM_ACTIVITIES }),
    record: (s) => recorded.push(s),
    nowMs: () => 1000,
    env: { newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, now: () => '2026-01-01T00:00:00.000Z' },
  })
  return { store, recorded, modality }
}

describe('task store', () => {
  it('records the core statements for start and answers, with the learner from pairing', () => {
    const { store, recorded } = setup()
    const { dispatch } = store.getState()
    dispatch({ type: 'start' })
    const item = task.items[0]!
    dispatch({ type: 'grab', item: item.id })
    expect((store.getState().state as SortState).held).toBe(item.id)
    dispatch({ type: 'drop', zone: item.zone })
    expect(recorded.map((s) => s.verb.id)).toEqual([VERB.attempted, VERB.answered])
    expect(recorded[1]!.actor).toEqual(actor)
    expect(recorded[1]!.result?.success).toBe(true)
    expect((recorded[1]!.object as { id: string }).id.startsWith(`${FATHOM_ACTIVITIES}/ocean/`)).toBe(true)
    expect((store.getState().state as SortState).placed[item.id]).toBe(item.zone)
  })

  it('records nothing when an item is let go outside every zone', () => {
    const { store, recorded } = setup()
    const { dispatch } = store.getState()
    dispatch({ type: 'start' })
    dispatch({ type: 'grab', item: task.items[0]!.id })
    const before = recorded.length
    const emits = dispatch({ type: 'release' })
    expect(emits).toEqual([])
    expect(recorded).toHaveLength(before)
    expect((store.getState().state as SortState).held).toBeNull()
  })

  it('names the modality at the moment of each event (VR while a session is active)', () => {
    const { store, recorded, modality } = setup()
    const { dispatch } = store.getState()
    dispatch({ type: 'start' })
    modality.current = 'vr'
    dispatch({ type: 'hint' })
    expect(recorded.map((s) => s.context?.extensions?.[EXTENSION.modality])).toEqual(['desktop', 'vr'])
    expect(recorded[1]!.verb.id).toBe(VERB.requestedHint)
  })
})
