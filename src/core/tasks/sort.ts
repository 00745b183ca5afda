import { z } from 'zod'
import { supportStepFor, SUPPORT_LADDER } from '../mastery/support.js'
import { unchanged, type Feedback, type TaskEvent, type TaskReducer, type TaskStep } from './task.js'

/** Sort: place each item into the zone it belongs to (organisms into depth zones). */
export const sortTaskSchema = z.strictObject({
  kind: z.literal('sort'),
  prompt: z.string().min(1),
  tier: z.enum(['core', 'transfer']),
  /** IRIs of the competencies this task gives evidence for. */
  competencies: z.array(z.url()).min(1),
  /** Share of items right on the first try, without hints, needed to pass. */
  passingScore: z.number().min(0).max(1).default(0.75),
  zones: z.array(z.strictObject({ id: z.string().min(1), label: z.string().min(1), entity: z.string().min(1) })).min(2),
  items: z
    .array(
      z.strictObject({
        id: z.string().min(1),
        label: z.string().min(1),
        entity: z.string().min(1),
        zone: z.string().min(1),
        /** Said when placed right: why it belongs there. */
        explanation: z.string().min(1),
        /** Said when placed wrong: points at the idea, not the answer. */
        nudge: z.string().min(1),
      }),
    )
    .min(1),
  /** Text for each support step, asked for or earned by misses. */
  hints: z.strictObject({ nudge: z.string().min(1), 'worked-hint': z.string().min(1), scaffold: z.string().min(1) }),
})

export type SortTask = z.infer<typeof sortTaskSchema>

export type SortInput =
  | { readonly type: 'start' }
  | { readonly type: 'grab'; readonly item: string }
  | { readonly type: 'drop'; readonly zone: string }
  /** Let go of the held item anywhere but a zone: it goes back, nothing is judged. */
  | { readonly type: 'release' }
  | { readonly type: 'hint' }

export interface SortState {
  readonly phase: 'ready' | 'active' | 'complete'
  readonly held: string | null
  /** Items placed in their right zone. */
  readonly placed: Readonly<Record<string, string>>
  readonly attempts: Readonly<Record<string, number>>
  /** Items right on the first attempt with no hint asked before it. */
  readonly firstTry: number
  /** Consecutive wrong answers: climbs the support ladder, reset by a right answer. */
  readonly misses: number
  readonly hintsSinceAnswer: number
  readonly hintsAsked: number
  readonly feedback: Feedback | null
  /** The latest support text shown, if any. */
  readonly support: { readonly step: string; readonly text: string } | null
  readonly startedAtMs: number
}

export function initialSortState(): SortState {
  return {
    phase: 'ready',
    held: null,
    placed: {},
    attempts: {},
    firstTry: 0,
    misses: 0,
    hintsSinceAnswer: 0,
    hintsAsked: 0,
    feedback: null,
    support: null,
    startedAtMs: 0,
  }
}

/** Items not yet in their zone, in manifest order. */
export function remainingItems(task: SortTask, state: SortState): SortTask['items'] {
  return task.items.filter((item) => state.placed[item.id] === undefined)
}

function judge(task: SortTask, state: SortState, zoneId: string, nowMs: number): TaskStep<SortState> {
  const item = task.items.find((i) => i.id === state.held)
  const zone = task.zones.find((z) => z.id === zoneId)
  if (!item || !zone) return unchanged(state)
  const correct = item.zone === zone.id
  const attempt = (state.attempts[item.id] ?? 0) + 1
  const sequence = (state.feedback?.sequence ?? 0) + 1
  const answered: TaskEvent = {
    type: 'answered',
    subject: item.id,
    subjectLabel: item.label,
    response: `${item.id}[.]${zone.id}`,
    responseLabel: zone.label,
    correct,
    attempt,
    hintsUsed: state.hintsSinceAnswer,
  }
  const base = { ...state, held: null, attempts: { ...state.attempts, [item.id]: attempt }, hintsSinceAnswer: 0 }

  if (!correct) {
    const misses = state.misses + 1
    const step = supportStepFor(misses) ?? 'nudge'
    // The first miss is answered by the item's own nudge; later misses climb the task's ladder.
    const text = step === 'nudge' ? item.nudge : task.hints[step]
    return {
      state: { ...base, misses, feedback: { subject: item.id, correct, text: item.nudge, sequence }, support: { step, text } },
      emits: [answered, { type: 'hint', step, text, requested: false }],
    }
  }

  const placed = { ...state.placed, [item.id]: zone.id }
  const firstTry = state.firstTry + (attempt === 1 && state.hintsSinceAnswer === 0 ? 1 : 0)
  const done = Object.keys(placed).length === task.items.length
  const next: SortState = {
    ...base,
    placed,
    firstTry,
    misses: 0,
    support: null,
    phase: done ? 'complete' : 'active',
    feedback: { subject: item.id, correct, text: item.explanation, sequence },
  }
  if (!done) return { state: next, emits: [answered] }
  const max = task.items.length
  return {
    state: next,
    emits: [answered, { type: 'completed', raw: firstTry, max, success: firstTry / max >= task.passingScore, durationMs: nowMs - state.startedAtMs }],
  }
}

/**
 * The sort reducer. Inputs that must not count change nothing and emit nothing:
 * dropping with nothing held, dropping outside every zone, grabbing an item
 * already placed, anything before `start` or after completion.
 */
export function reduceSort(task: SortTask): TaskReducer<SortState, SortInput> {
  return (state, input, clock) => {
    if (input.type === 'start') {
      return state.phase === 'ready'
        ? { state: { ...state, phase: 'active', startedAtMs: clock.nowMs }, emits: [{ type: 'started' }] }
        : unchanged(state)
    }
    if (state.phase !== 'active') return unchanged(state)
    switch (input.type) {
      case 'grab': {
        const item = task.items.find((i) => i.id === input.item)
        if (!item || state.placed[item.id] !== undefined || state.held === item.id) return unchanged(state)
        return { state: { ...state, held: item.id }, emits: [{ type: 'grabbed', subject: item.id }] }
      }
      case 'release':
        return state.held === null ? unchanged(state) : { state: { ...state, held: null }, emits: [] }
      case 'drop':
        return state.held === null ? unchanged(state) : judge(task, state, input.zone, clock.nowMs)
      case 'hint': {
        const step = SUPPORT_LADDER[Math.min(state.hintsAsked, SUPPORT_LADDER.length - 1)] ?? 'nudge'
        const text = task.hints[step]
        return {
          state: { ...state, hintsAsked: state.hintsAsked + 1, hintsSinceAnswer: state.hintsSinceAnswer + 1, support: { step, text } },
          emits: [{ type: 'hint', step, text, requested: true }],
        }
      }
    }
  }
}
