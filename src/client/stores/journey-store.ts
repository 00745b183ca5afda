import { createStore, type StoreApi } from 'zustand/vanilla'
import {
  activity,
  ACTIVITY_TYPE,
  buildStatement,
  deriveEvidence,
  EXTENSION,
  levelsOf,
  nextStationFor,
  stationStatuses,
  teacherUnlocks,
  unlockedStations,
  VERB,
  type EvidenceRecord,
  type LearnerContext,
  type Level,
  type Statement,
  type StatementEnvironment,
  type TaskEvent,
  type TaskState,
  type Tier,
} from '../../core/index.js'
import { stationRun, type Expedition, type ExpeditionId } from '../app/expedition.js'
import type { ExpeditionProgress, ProgressDocument } from '../app/progress-port.js'

/** What the student is doing: choosing an expedition, or running one station's task at a tier. */
export type JourneyScreen =
  | { readonly kind: 'hub' }
  | {
      readonly kind: 'expedition'
      readonly expedition: ExpeditionId
      readonly station: string
      readonly tier: Tier
      /** Increases with every (re)start, so a new task store is made. */
      readonly run: number
      /** A saved task state to resume, for this run only. */
      readonly resume: unknown
    }

export interface JourneyState {
  readonly screen: JourneyScreen
  /** Evidence for this student by competency IRI, derived on the device from every statement it knows. */
  readonly records: ReadonlyMap<string, EvidenceRecord>
  readonly levels: ReadonlyMap<string, Level>
  /** Teacher unlocks as `expedition/station` keys. */
  readonly unlocks: ReadonlySet<string>
  /** Stations whose core task was completed, per expedition. */
  readonly done: Readonly<Record<string, readonly string[]>>
  /** Stations whose stretch was completed, per expedition. */
  readonly stretchDone: Readonly<Record<string, readonly string[]>>
  openExpedition(id: ExpeditionId): Promise<void>
  startStation(station: string, tier?: Tier): void
  goToHub(): void
  /** Adds statements (own, or fetched from the LRS) and derives levels again. */
  ingest(statements: readonly Statement[]): void
  /** The task store's events for the current run. */
  onTaskEvents(events: readonly TaskEvent[], state: TaskState): void
  /** The stretch offer for the current station was shown: recorded once per station. */
  offerShown(): void
}

export interface JourneyDeps {
  readonly expeditions: ReadonlyMap<ExpeditionId, Expedition>
  readonly studentId: string
  readonly progress: ProgressDocument
  readonly learner: () => LearnerContext
  readonly record: (statement: Statement) => void
  /** @default crypto.randomUUID + Date#toISOString */
  readonly env?: StatementEnvironment
  /** Runs work outside the current frame. @default setTimeout 0 */
  readonly later?: (work: () => void) => void
}

export type JourneyStore = StoreApi<JourneyState>

const browserEnv: StatementEnvironment = { newId: () => crypto.randomUUID(), now: () => new Date().toISOString() }
const add = (list: readonly string[] | undefined, id: string) => (list?.includes(id) ? list : [...(list ?? []), id])

/**
 * The student's journey: hub → expedition → stations unlocked by mastery.
 * Levels come from the device's own statements (plus teacher statements from
 * the LRS) through the same `deriveEvidence` the server uses.
 */
export function createJourneyStore(deps: JourneyDeps): JourneyStore {
  const env = deps.env ?? browserEnv
  const later = deps.later ?? ((work) => void setTimeout(work, 0))
  const statements = new Map<string, Statement>()
  const competencies = [...deps.expeditions.values()].flatMap((e) => e.competencies)
  const offered = new Set<string>()
  let deriving = false

  const derive = () => {
    const all = [...statements.values()]
    const records = deriveEvidence(all, competencies).filter((r) => r.studentId === deps.studentId)
    for (const s of all) {
      if (s.verb.id !== VERB.offeredStretch) continue
      const e = s.context?.extensions
      if (typeof e?.[EXTENSION.expedition] === 'string' && typeof e[EXTENSION.station] === 'string') offered.add(`${e[EXTENSION.expedition]}/${e[EXTENSION.station]}`)
    }
    store.setState({
      records: new Map(records.map((r) => [r.competencyId, r])),
      levels: levelsOf(records, deps.studentId),
      unlocks: teacherUnlocks(all).get(deps.studentId) ?? new Set(),
    })
  }
  const scheduleDerive = () => {
    if (deriving) return
    deriving = true
    later(() => {
      deriving = false
      derive()
    })
  }

  const expeditionOf = (id: ExpeditionId) => deps.expeditions.get(id)!

  const save = (id: ExpeditionId, current: ExpeditionProgress['current']) => {
    const done = store.getState().done[id] ?? []
    later(() => void deps.progress.save(id, (previous) => ({ stationsDone: [...new Set([...(previous?.stationsDone ?? []), ...done])], current, updatedAt: env.now() })))
  }

  const store = createStore<JourneyState>()((set, get) => ({
    screen: { kind: 'hub' },
    records: new Map(),
    levels: new Map(),
    unlocks: new Set(),
    done: {},
    stretchDone: {},

    async openExpedition(id) {
      const expedition = expeditionOf(id)
      const saved = await deps.progress.load(id)
      const done = [...new Set([...(get().done[id] ?? []), ...(saved?.stationsDone ?? [])])]
      set({ done: { ...get().done, [id]: done } })
      const { levels, unlocks } = get()
      const open = unlockedStations(unlocks, id)
      const resumable = saved?.current && expedition.manifest.stations.some((s) => s.id === saved.current!.station) ? saved.current : null
      const station = resumable?.station ?? nextStationFor(expedition, levels, open, new Set(done)) ?? expedition.manifest.stations[0]!.id
      const run = get().screen.kind === 'expedition' ? (get().screen as { run: number }).run + 1 : 1
      set({ screen: { kind: 'expedition', expedition: id, station, tier: resumable?.tier ?? 'core', run, resume: resumable?.state ?? null } })
    },

    startStation(station, tier = 'core') {
      const screen = get().screen
      if (screen.kind !== 'expedition') return
      const expedition = expeditionOf(screen.expedition)
      const status = stationStatuses(expedition, get().levels, unlockedStations(get().unlocks, screen.expedition), new Set(get().done[screen.expedition] ?? [])).find((s) => s.id === station)
      if (!status?.open) return
      set({ screen: { ...screen, station, tier: tier === 'transfer' && status.hasStretch ? 'transfer' : 'core', run: screen.run + 1, resume: null } })
      save(screen.expedition, null)
    },

    goToHub() {
      set({ screen: { kind: 'hub' } })
    },

    ingest(list) {
      let added = false
      for (const s of list) {
        if (!statements.has(s.id)) {
          statements.set(s.id, s)
          added = true
        }
      }
      if (added) scheduleDerive()
    },

    onTaskEvents(events, state) {
      const screen = get().screen
      if (screen.kind !== 'expedition') return
      const completed = events.some((e) => e.type === 'completed')
      if (completed) {
        if (screen.tier === 'core') set({ done: { ...get().done, [screen.expedition]: add(get().done[screen.expedition], screen.station) } })
        else set({ stretchDone: { ...get().stretchDone, [screen.expedition]: add(get().stretchDone[screen.expedition], screen.station) } })
      }
      // Resume where the student was: the task state, unless the task is finished.
      save(screen.expedition, completed ? null : { station: screen.station, tier: screen.tier, state })
    },

    offerShown() {
      const screen = get().screen
      if (screen.kind !== 'expedition') return
      const key = `${screen.expedition}/${screen.station}`
      if (offered.has(key)) return
      offered.add(key)
      const expedition = expeditionOf(screen.expedition)
      const run = stationRun(expedition, screen.station, 'transfer')
      if (run.tier !== 'transfer') return
      const learner = deps.learner()
      const statement = buildStatement(env, learner, {
        verb: VERB.offeredStretch,
        object: activity(`${learner.activityBase}/${screen.expedition}/${screen.station}/stretch`, ACTIVITY_TYPE.assessment, `${run.station.title} (stretch)`),
        competencies: run.task.competencies,
        extensions: { [EXTENSION.taskKind]: run.task.kind, [EXTENSION.tier]: 'transfer', [EXTENSION.expedition]: screen.expedition, [EXTENSION.station]: screen.station },
      })
      deps.record(statement)
      store.getState().ingest([statement])
    },
  }))
  return store
}
