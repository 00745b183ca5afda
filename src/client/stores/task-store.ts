import { createStore, type StoreApi } from 'zustand/vanilla'
import {
  initialSortState,
  reduceSort,
  statementForEvent,
  type LearnerContext,
  type SortInput,
  type SortState,
  type SortTask,
  type Statement,
  type StatementEnvironment,
  type TaskEvent,
  type TaskPlace,
} from '../../core/index.js'

export interface TaskStoreState {
  readonly sort: SortState
  /** Applies one input through the core reducer; returns what it emitted (already recorded). */
  dispatch(input: SortInput): readonly TaskEvent[]
}

export interface TaskStoreDeps {
  readonly task: SortTask
  readonly place: TaskPlace
  /** Read at each event: modality changes when an XR session starts or ends. */
  readonly learner: () => LearnerContext
  /** The recorder's `record`: queues in memory, returns at once. */
  readonly record: (statement: Statement) => void
  /** @default Date.now */
  readonly nowMs?: () => number
  /** @default crypto.randomUUID + Date#toISOString */
  readonly env?: StatementEnvironment
}

export type TaskStore = StoreApi<TaskStoreState>

const browserEnv: StatementEnvironment = { newId: () => crypto.randomUUID(), now: () => new Date().toISOString() }

/**
 * The task's state, one store per station. The rules are the core reducer's;
 * this store only applies it and hands emitted events to the statement mapper.
 */
export function createTaskStore(deps: TaskStoreDeps): TaskStore {
  const reduce = reduceSort(deps.task)
  const nowMs = deps.nowMs ?? Date.now
  const env = deps.env ?? browserEnv
  return createStore<TaskStoreState>()((set, get) => ({
    sort: initialSortState(),
    dispatch(input) {
      const step = reduce(get().sort, input, { nowMs: nowMs() })
      if (step.state !== get().sort) set({ sort: step.state })
      if (step.emits.length > 0) {
        const learner = deps.learner()
        for (const event of step.emits) {
          const statement = statementForEvent(event, env, learner, deps.place)
          if (statement) deps.record(statement)
        }
      }
      return step.emits
    },
  }))
}
