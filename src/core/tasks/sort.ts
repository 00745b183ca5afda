import { z } from 'zod'
import { askHint, initialProgress, judged, startTask, type TaskProgress } from './progress.js'
import { slug, taskBasicsShape } from './schema.js'
import { unchanged, type TaskReducer } from './task.js'

/** Sort: place each item into the zone it belongs to (organisms into depth zones). */
export const sortTaskSchema = z.strictObject({
  kind: z.literal('sort'),
  ...taskBasicsShape,
  zones: z.array(z.strictObject({ id: slug, label: z.string().min(1), entity: slug })).min(2),
  items: z
    .array(
      z.strictObject({
        id: slug,
        label: z.string().min(1),
        entity: slug,
        zone: slug,
        /** Said when placed right: why it belongs there. */
        explanation: z.string().min(1),
        /** Said when placed wrong: points at the idea, not the answer. */
        nudge: z.string().min(1),
      }),
    )
    .min(1),
})

export type SortTask = z.infer<typeof sortTaskSchema>

export type SortInput =
  | { readonly type: 'start' }
  | { readonly type: 'grab'; readonly item: string }
  | { readonly type: 'drop'; readonly zone: string }
  /** Let go of the held item anywhere but a zone: it goes back, nothing is judged. */
  | { readonly type: 'release' }
  | { readonly type: 'hint' }

export interface SortState extends TaskProgress {
  readonly held: string | null
  /** Items placed in their right zone. */
  readonly placed: Readonly<Record<string, string>>
  readonly attempts: Readonly<Record<string, number>>
}

export function initialSortState(): SortState {
  return { ...initialProgress, held: null, placed: {}, attempts: {} }
}

/** Items not yet in their zone, in manifest order. */
export function remainingItems(task: SortTask, state: SortState): SortTask['items'] {
  return task.items.filter((item) => state.placed[item.id] === undefined)
}

/**
 * The sort reducer. Inputs that must not count change nothing and emit nothing:
 * dropping with nothing held, dropping outside every zone, grabbing an item
 * already placed, anything before `start` or after completion.
 * A wrong drop sends the item back to be tried again.
 */
export function reduceSort(task: SortTask): TaskReducer<SortState, SortInput> {
  return (state, input, clock) => {
    if (input.type === 'start') return startTask(state, clock)
    if (state.phase !== 'active') return unchanged(state)
    switch (input.type) {
      case 'grab': {
        const item = task.items.find((i) => i.id === input.item)
        if (!item || state.placed[item.id] !== undefined || state.held === item.id) return unchanged(state)
        return { state: { ...state, held: item.id }, emits: [{ type: 'grabbed', subject: item.id }] }
      }
      case 'release':
        return state.held === null ? unchanged(state) : { state: { ...state, held: null }, emits: [] }
      case 'hint':
        return askHint(state, task.hints)
      case 'drop': {
        const item = task.items.find((i) => i.id === state.held)
        const zone = task.zones.find((z) => z.id === input.zone)
        if (!item || !zone) return unchanged(state)
        const correct = item.zone === zone.id
        const attempt = (state.attempts[item.id] ?? 0) + 1
        const placed = correct ? { ...state.placed, [item.id]: zone.id } : state.placed
        const moved: SortState = { ...state, held: null, placed, attempts: { ...state.attempts, [item.id]: attempt } }
        return judged(
          moved,
          {
            subject: item.id,
            subjectLabel: item.label,
            response: `${item.id}[.]${zone.id}`,
            responseLabel: zone.label,
            correct,
            attempt,
            text: correct ? item.explanation : item.nudge,
          },
          task,
          { done: Object.keys(placed).length === task.items.length, max: task.items.length },
          clock,
        )
      }
    }
  }
}
