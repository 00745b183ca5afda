import type { TaskDefinition } from '../scene/manifest.js'
import { initialEstimateState, reduceEstimate, type EstimateInput, type EstimateState } from './estimate.js'
import { initialExplainState, reduceExplain, type ExplainInput, type ExplainState } from './explain.js'
import { initialOrderState, reduceOrder, type OrderInput, type OrderState } from './order.js'
import { initialSelectState, reduceSelect, type SelectInput, type SelectState } from './select.js'
import { initialSortState, reduceSort, type SortInput, type SortState } from './sort.js'
import { unchanged, type TaskClock, type TaskStep } from './task.js'

export type TaskState = SortState | SelectState | OrderState | EstimateState | ExplainState
export type TaskInput = SortInput | SelectInput | OrderInput | EstimateInput | ExplainInput

/** The inputs each kind understands; anything else is ignored, never misread. */
const INPUTS = {
  sort: ['start', 'grab', 'drop', 'release', 'hint'],
  select: ['start', 'choose', 'hint'],
  order: ['start', 'grab', 'drop', 'release', 'move', 'submit', 'hint'],
  estimate: ['start', 'set', 'turn', 'submit', 'hint'],
  explain: ['start', 'choose', 'toggle', 'submit', 'hint'],
} as const satisfies Record<TaskDefinition['kind'], readonly TaskInput['type'][]>

/** One task, ready to run: its first state and its reducer, whatever its kind. */
export interface TaskRunner {
  readonly task: TaskDefinition
  readonly initial: TaskState
  readonly reduce: (state: TaskState, input: TaskInput, clock: TaskClock) => TaskStep<TaskState>
  /** Whether this kind understands an input type (for showing the right controls). */
  readonly accepts: (type: TaskInput['type']) => boolean
}

// Each branch pairs a kind's reducer with its own state and inputs; the casts
// are safe because a runner only ever sees states it made and inputs it accepts.
function bind<S extends TaskState, I extends TaskInput>(
  task: TaskDefinition,
  initial: S,
  reduce: (state: S, input: I, clock: TaskClock) => TaskStep<S>,
): TaskRunner {
  const accepted = new Set<string>(INPUTS[task.kind])
  return {
    task,
    initial,
    accepts: (type) => accepted.has(type),
    reduce: (state, input, clock) => (accepted.has(input.type) ? reduce(state as S, input as I, clock) : unchanged(state)),
  }
}

export function taskRunner(task: TaskDefinition): TaskRunner {
  switch (task.kind) {
    case 'sort':
      return bind(task, initialSortState(), reduceSort(task))
    case 'select':
      return bind(task, initialSelectState(), reduceSelect(task))
    case 'order':
      return bind(task, initialOrderState(task), reduceOrder(task))
    case 'estimate':
      return bind(task, initialEstimateState(task), reduceEstimate(task))
    case 'explain':
      return bind(task, initialExplainState(), reduceExplain(task))
  }
}
