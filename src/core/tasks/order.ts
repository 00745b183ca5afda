import { z } from 'zod'
import { supportStepFor } from '../mastery/support.js'
import { askHint, initialProgress, judged, startTask, type TaskProgress } from './progress.js'
import { slug, taskBasicsShape } from './schema.js'
import { unchanged, type TaskReducer } from './task.js'

/** Order: arrange items along a line by a quantity (distance, size, time), smallest first. */
export const orderTaskSchema = z
  .strictObject({
    kind: z.literal('order'),
    ...taskBasicsShape,
    /** What the line measures and what its ends mean, e.g. "Distance from the Sun": "closest" → "farthest". */
    axis: z.strictObject({ label: z.string().min(1), from: z.string().min(1), to: z.string().min(1) }),
    /** Slot entities along the line, one per item, in order from `from` to `to`. */
    slots: z.array(slug).min(2),
    /** Items in the order they are first shown; must not already be in order. */
    items: z
      .array(
        z.strictObject({
          id: slug,
          label: z.string().min(1),
          entity: slug,
          /** The quantity the line orders by; ties are not allowed. */
          value: z.number(),
          /** The quantity as shown once judged, e.g. "1.52 AU". */
          display: z.string().min(1),
        }),
      )
      .min(2),
    explanation: z.string().min(1),
    nudge: z.string().min(1),
  })
  .refine((t) => t.slots.length === t.items.length, { message: 'there must be one slot per item', path: ['slots'] })
  .refine((t) => new Set(t.items.map((i) => i.value)).size === t.items.length, { message: 'values must differ', path: ['items'] })
  .refine((t) => t.items.some((item, i) => i > 0 && item.value < t.items[i - 1]!.value), {
    message: 'items must not start in order',
    path: ['items'],
  })

export type OrderTask = z.infer<typeof orderTaskSchema>

export type OrderInput =
  | { readonly type: 'start' }
  | { readonly type: 'grab'; readonly item: string }
  /** Drop the held item into a slot: it moves there and the others shift. */
  | { readonly type: 'drop'; readonly slot: number }
  | { readonly type: 'release' }
  /** Move an item to a slot directly (keyboard, touch). */
  | { readonly type: 'move'; readonly item: string; readonly slot: number }
  | { readonly type: 'submit' }
  | { readonly type: 'hint' }

export interface OrderState extends TaskProgress {
  readonly arrangement: readonly string[]
  readonly held: string | null
  readonly attempts: number
  /** Items fixed in their right slot by the scaffold. */
  readonly locked: readonly string[]
}

export function initialOrderState(task: OrderTask): OrderState {
  return { ...initialProgress, arrangement: task.items.map((i) => i.id), held: null, attempts: 0, locked: [] }
}

export function correctArrangement(task: OrderTask): string[] {
  return [...task.items].sort((a, b) => a.value - b.value).map((i) => i.id)
}

/** Moves an item to a slot; locked items stay where they are. */
function moveTo(state: OrderState, item: string, slot: number): OrderState {
  if (state.locked.includes(item) || slot < 0 || slot >= state.arrangement.length) return state
  const target = state.arrangement[slot]!
  if (state.locked.includes(target) || target === item) return state
  const arrangement = [...state.arrangement]
  const from = arrangement.indexOf(item)
  arrangement[from] = target
  arrangement[slot] = item
  return { ...state, arrangement, held: null }
}

/**
 * The order reducer: items swap places as the student moves them, and only
 * `submit` is judged. The scaffold fixes the two ends in their right slots.
 */
export function reduceOrder(task: OrderTask): TaskReducer<OrderState, OrderInput> {
  const answer = correctArrangement(task)
  const label = (id: string) => task.items.find((i) => i.id === id)?.label ?? id
  return (state, input, clock) => {
    if (input.type === 'start') return startTask(state, clock)
    if (state.phase !== 'active') return unchanged(state)
    switch (input.type) {
      case 'hint':
        return askHint(state, task.hints)
      case 'grab':
        return state.arrangement.includes(input.item) && !state.locked.includes(input.item) && state.held !== input.item
          ? { state: { ...state, held: input.item }, emits: [{ type: 'grabbed', subject: input.item }] }
          : unchanged(state)
      case 'release':
        return state.held === null ? unchanged(state) : { state: { ...state, held: null }, emits: [] }
      case 'drop': {
        if (state.held === null) return unchanged(state)
        const moved = moveTo(state, state.held, input.slot)
        return moved === state ? unchanged(state) : { state: moved, emits: [] }
      }
      case 'move': {
        if (!state.arrangement.includes(input.item)) return unchanged(state)
        const moved = moveTo(state, input.item, input.slot)
        return moved === state ? unchanged(state) : { state: moved, emits: [] }
      }
      case 'submit': {
        const attempt = state.attempts + 1
        const inPlace = state.arrangement.filter((id, i) => answer[i] === id).length
        const correct = inPlace === answer.length
        let next: OrderState = { ...state, attempts: attempt, held: null, locked: [] }
        if (!correct && supportStepFor(state.misses + 1) === 'scaffold') {
          const ends = [answer[0]!, answer[answer.length - 1]!]
          for (const id of ends) next = moveTo(next, id, answer.indexOf(id))
          next = { ...next, held: null, locked: ends }
        }
        return judged(
          next,
          {
            subject: 'sequence',
            subjectLabel: task.prompt,
            response: state.arrangement.join('[,]'),
            responseLabel: state.arrangement.map(label).join(', '),
            correct,
            attempt,
            text: correct ? task.explanation : `${inPlace} of ${answer.length} are in the right place. ${task.nudge}`,
          },
          task,
          { done: correct, max: 1 },
          clock,
        )
      }
    }
  }
}
