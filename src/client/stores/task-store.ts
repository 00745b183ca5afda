import { createStore, type StoreApi } from 'zustand/vanilla'
import {
  statementForEvent,
  taskRunner,
  type LearnerContext,
  type Statement,
  type StatementEnvironment,
  type TaskDefinition,
  type TaskEvent,
  type TaskInput,
  type TaskPlace,
  type TaskState,
} from '../../core/index.js'

export interface TaskStoreState {
  /** The task being run (any kind). */
  readonly task: TaskDefinition
  /** Its reducer's state. */
  readonly state: TaskState
  /** Applies one input through the core reducer; returns what it emitted (already recorded). */
  dispatch(input: TaskInput): readonly TaskEvent[]
}

export interface TaskStoreDeps {
  readonly task: TaskDefinition
  readonly place: TaskPlace
  /** Read at each event: modality changes when an XR session starts or ends. */
  readonly learner: () => LearnerContext
  /** The recorder's `record`: queues in memory, returns at once. */
  readonly record: (statement: Statement) => void
  /** Called after each input that emitted events, with those events (outside the reducer). */
  readonly onEvents?: (events: readonly TaskEvent[], state: TaskState) => void
  /** A saved state to resume from (the progress document's); the runner's initial state otherwise. */
  readonly initial?: TaskState | null
  /** @default Date.now */
  readonly nowMs?: () => number
  /** @default crypto.randomUUID + Date#toISOString */
  readonly env?: StatementEnvironment
}

export type TaskStore = StoreApi<TaskStoreState>

const browserEnv: StatementEnvironment = { newId: () => crypto.randomUUID(), now: () => new Date().toISOString() }

/**
 * The task's state, one store per station run (station + tier). The rules are
 * the core reducer's, whatever the kind (`taskRunner`); this store only applies
 * it and hands emitted events to the statement mapper.
 */
export function createTaskStore(deps: TaskStoreDeps): TaskStore {
  const runner = taskRunner(deps.task)
  const nowMs = deps.nowMs ?? Date.now
  const env = deps.env ?? browserEnv
  return createStore<TaskStoreState>()((set, get) => ({
    task: deps.task,
    state: deps.initial ?? runner.initial,
    dispatch(input) {
      const step = runner.reduce(get().state, input, { nowMs: nowMs() })
      if (step.state !== get().state) set({ state: step.state })
      if (step.emits.length > 0) {
        const learner = deps.learner()
        for (const event of step.emits) {
          const statement = statementForEvent(event, env, learner, deps.place)
          if (statement) deps.record(statement)
        }
        deps.onEvents?.(step.emits, step.state)
      }
      return step.emits
    },
  }))
}
