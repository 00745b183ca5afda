import { describe, expect, it } from 'vitest'
import {
  correctArrangement,
  EXTENSION,
  FATHOM_ACTIVITIES,
  VERB,
  type EstimateState,
  type ExplainState,
  type OrderState,
  type SelectState,
  type Statement,
  type TaskDefinition,
} from '../../src/core/index.js'
import { stationRun, validateExpedition, type Expedition, type ExpeditionId } from '../../src/client/app/expedition.js'
import { localProgressDocument, type ExpeditionProgress } from '../../src/client/app/progress-port.js'
import { createJourneyStore } from '../../src/client/stores/journey-store.js'
import { createTaskStore } from '../../src/client/stores/task-store.js'
import oceanManifest from '../../scenes/ocean/manifest.json'
import oceanFramework from '../../scenes/ocean/framework.json'
import cosmosManifest from '../../scenes/cosmos/manifest.json'
import cosmosFramework from '../../scenes/cosmos/framework.json'
import erasManifest from '../../scenes/eras/manifest.json'
import erasFramework from '../../scenes/eras/framework.json'

const expeditions = new Map<ExpeditionId, Expedition>([
  ['ocean', validateExpedition(oceanManifest, oceanFramework)],
  ['cosmos', validateExpedition(cosmosManifest, cosmosFramework)],
  ['eras', validateExpedition(erasManifest, erasFramework)],
])
const actor = { objectType: 'Agent' as const, account: { homePage: 'http://127.0.0.1:8080', name: 's_1' } }
const learner = () => ({ actor, modality: 'desktop' as const, activityBase: FATHOM_ACTIVITIES })

function ids() {
  let n = 0
  let t = 0
  return { newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, now: () => new Date(Date.UTC(2026, 0, 1) + ++t * 1000).toISOString() }
}

function memoryStorage() {
  const data = new Map<string, string>()
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) }
}

/** A journey with its task stores wired as the app wires them, run synchronously. */
function setup() {
  const recorded: Statement[] = []
  const env = ids()
  const progress = localProgressDocument('s_1', memoryStorage())
  const journey = createJourneyStore({ expeditions, studentId: 's_1', progress, learner, record: (s) => recorded.push(s), env, later: (work) => work() })
  const storeFor = () => {
    const screen = journey.getState().screen
    if (screen.kind !== 'expedition') throw new Error('not in an expedition')
    const run = stationRun(expeditions.get(screen.expedition)!, screen.station, screen.tier)
    return {
      run,
      store: createTaskStore({
        task: run.task,
        place: run.place,
        learner,
        env,
        nowMs: () => 1000,
        record: (s) => {
          recorded.push(s)
          journey.getState().ingest([s])
        },
        onEvents: (events, state) => journey.getState().onTaskEvents(events, state),
      }),
    }
  }
  return { journey, recorded, progress, storeFor }
}

/** Answers a task right, first try, whatever its kind (the reducers' own answer keys). */
function solve(task: TaskDefinition, store: ReturnType<typeof createTaskStore>) {
  const { dispatch } = store.getState()
  dispatch({ type: 'start' })
  switch (task.kind) {
    case 'select':
      for (const q of task.questions) dispatch({ type: 'choose', option: q.options.find((o) => o.correct)!.id })
      break
    case 'sort':
      for (const item of task.items) {
        dispatch({ type: 'grab', item: item.id })
        dispatch({ type: 'drop', zone: item.zone })
      }
      break
    case 'order':
      correctArrangement(task).forEach((id, slot) => dispatch({ type: 'move', item: id, slot }))
      dispatch({ type: 'submit' })
      break
    case 'estimate':
      for (const q of task.questions) {
        dispatch({ type: 'set', value: q.answer })
        dispatch({ type: 'submit' })
        void q
      }
      break
    case 'explain':
      dispatch({ type: 'choose', option: task.claims.find((c) => c.correct)!.id })
      for (const e of task.evidence.filter((x) => x.correct)) dispatch({ type: 'toggle', evidence: e.id })
      dispatch({ type: 'submit' })
      dispatch({ type: 'choose', option: task.reasoning.find((r) => r.correct)!.id })
      break
  }
  return store.getState().state
}

describe('task store runs every kind through the core runner', () => {
  it.each([...expeditions.values()].flatMap((e) => e.manifest.stations.flatMap((s) => [[e.manifest.id, s.id, 'core'] as const, ...(s.stretch ? [[e.manifest.id, s.id, 'transfer'] as const] : [])])))(
    '%s/%s (%s) completes when answered right, recording attempted → answered… → completed with its kind and tier',
    (expedition, station, tier) => {
      const recorded: Statement[] = []
      const run = stationRun(expeditions.get(expedition as ExpeditionId)!, station, tier)
      const store = createTaskStore({ task: run.task, place: run.place, learner, env: ids(), nowMs: () => 1000, record: (s) => recorded.push(s) })
      const state = solve(run.task, store)
      expect(state.phase).toBe('complete')
      expect(recorded[0]!.verb.id).toBe(VERB.attempted)
      expect(recorded.at(-1)!.verb.id).toBe(VERB.completed)
      expect(recorded.at(-1)!.result?.success).toBe(true)
      for (const s of recorded) {
        expect(s.context?.extensions?.[EXTENSION.taskKind]).toBe(run.task.kind)
        expect(s.context?.extensions?.[EXTENSION.tier]).toBe(tier)
      }
    },
  )

  it('climbs the support ladder on misses and records each step (nudge, worked hint, scaffold)', () => {
    const recorded: Statement[] = []
    const run = stationRun(expeditions.get('cosmos')!, 'first-look')
    const store = createTaskStore({ task: run.task, place: run.place, learner, env: ids(), record: (s) => recorded.push(s) })
    const { dispatch } = store.getState()
    dispatch({ type: 'start' })
    const wrong = run.task.kind === 'select' ? run.task.questions[0]!.options.filter((o) => !o.correct) : []
    for (const o of wrong) dispatch({ type: 'choose', option: o.id })
    const steps = recorded.filter((s) => s.verb.id === VERB.experienced).map((s) => s.result?.extensions?.[EXTENSION.supportStep])
    expect(steps.slice(0, 2)).toEqual(['nudge', 'worked-hint'])
    expect((store.getState().state as SelectState).support?.step).toBeDefined()
  })

  it('keeps the dial, order and explain state in the store for the views', () => {
    const cosmos = expeditions.get('cosmos')!
    const dial = stationRun(cosmos, 'orbit-clock')
    const d = createTaskStore({ task: dial.task, place: dial.place, learner, env: ids(), record: () => undefined })
    d.getState().dispatch({ type: 'start' })
    d.getState().dispatch({ type: 'turn', steps: 3 })
    expect((d.getState().state as EstimateState).value).toBeCloseTo(0.15)
    const order = stationRun(cosmos, 'planet-parade')
    const o = createTaskStore({ task: order.task, place: order.place, learner, env: ids(), record: () => undefined })
    o.getState().dispatch({ type: 'start' })
    o.getState().dispatch({ type: 'grab', item: 'earth' })
    expect((o.getState().state as OrderState).held).toBe('earth')
    const explain = stationRun(cosmos, 'seasons')
    const x = createTaskStore({ task: explain.task, place: explain.place, learner, env: ids(), record: () => undefined })
    x.getState().dispatch({ type: 'start' })
    x.getState().dispatch({ type: 'choose', option: 'tilt' })
    expect((x.getState().state as ExplainState).step).toBe('evidence')
  })
})

describe('journey: progression by mastery on the device', () => {
  it('starts an expedition at its diagnostic', async () => {
    const { journey } = setup()
    await journey.getState().openExpedition('ocean')
    expect(journey.getState().screen).toMatchObject({ kind: 'expedition', expedition: 'ocean', station: 'first-look', tier: 'core' })
  })

  it('does not open a station before its prerequisite is proficient', async () => {
    const { journey } = setup()
    await journey.getState().openExpedition('cosmos')
    journey.getState().startStation('orbit-clock')
    expect(journey.getState().screen).toMatchObject({ station: 'first-look' })
  })

  it('places a student ahead after a strong diagnostic, and opens the stations it unlocks', async () => {
    const { journey, storeFor } = setup()
    await journey.getState().openExpedition('ocean')
    const { run, store } = storeFor()
    solve(run.task, store)
    expect(journey.getState().levels.get('https://fathom.education/frameworks/ocean/items/light-and-life')).toBe('proficient')
    await journey.getState().openExpedition('ocean')
    // The sort station's competency is already shown: next is the first station it opened.
    expect(journey.getState().screen).toMatchObject({ station: 'pressure' })
    journey.getState().startStation('food-chain')
    expect(journey.getState().screen).toMatchObject({ station: 'food-chain' })
  })

  it('opens a station a teacher unlocked, from the unlock statement', async () => {
    const { journey } = setup()
    await journey.getState().openExpedition('eras')
    const unlock = {
      id: '10000000-0000-4000-8000-000000000001',
      actor: { objectType: 'Agent', account: { homePage: 'http://127.0.0.1:8080', name: 't_1' } },
      verb: { id: VERB.unlocked },
      object: actor,
      context: { extensions: { [EXTENSION.expedition]: 'eras', [EXTENSION.station]: 'the-coin' } },
      timestamp: '2026-01-01T00:00:00.000Z',
    } as unknown as Statement
    journey.getState().ingest([unlock])
    journey.getState().startStation('the-coin')
    expect(journey.getState().screen).toMatchObject({ station: 'the-coin' })
  })

  it('offers the stretch once proficient and records the offer once, with offered-stretch', async () => {
    const { journey, storeFor, recorded } = setup()
    await journey.getState().openExpedition('ocean')
    solve(storeFor().run.task, storeFor().store) // a fresh store per run, as the view makes one
    journey.getState().startStation('who-lives-where')
    const { run, store } = storeFor()
    solve(run.task, store)
    journey.getState().offerShown()
    journey.getState().offerShown()
    const offers = recorded.filter((s) => s.verb.id === VERB.offeredStretch)
    expect(offers).toHaveLength(1)
    expect(offers[0]!.context?.extensions?.[EXTENSION.station]).toBe('who-lives-where')
    journey.getState().startStation('who-lives-where', 'transfer')
    const stretch = storeFor()
    expect(stretch.run.tier).toBe('transfer')
    solve(stretch.run.task, stretch.store)
    expect(journey.getState().levels.get('https://fathom.education/frameworks/ocean/items/light-and-life')).toBe('advanced')
  })

  it('saves where the student is after each task event and resumes there', async () => {
    const { journey, storeFor, progress } = setup()
    await journey.getState().openExpedition('cosmos')
    const { store } = storeFor()
    store.getState().dispatch({ type: 'start' })
    const saved = (await progress.load('cosmos')) as ExpeditionProgress
    expect(saved.current).toMatchObject({ station: 'first-look', tier: 'core' })
    expect((saved.current!.state as SelectState).phase).toBe('active')
    journey.getState().goToHub()
    await journey.getState().openExpedition('cosmos')
    expect(journey.getState().screen).toMatchObject({ station: 'first-look', resume: { phase: 'active' } })
  })
})
