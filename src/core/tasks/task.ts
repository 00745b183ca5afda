/**
 * Every task kind is a reducer: `(state, input) → { state, emits }`.
 * State is plain data; emits are domain events the statement mapper turns into
 * xAPI statements. A component only dispatches inputs and draws the state.
 */

export type Tier = 'core' | 'transfer'

/** The support steps of the default ladder (learning-design.md). */
export type SupportStep = 'nudge' | 'worked-hint' | 'scaffold'

/** What a student is told right after an answer. Never colour alone: the view adds shape. */
export interface Feedback {
  readonly subject: string
  readonly correct: boolean
  readonly text: string
  /** Increases with every judgement, so a view can react to a repeat of the same text. */
  readonly sequence: number
}

/** Domain events every kind emits the same way. */
export type TaskEvent =
  | { readonly type: 'started' }
  | { readonly type: 'grabbed'; readonly subject: string }
  | {
      readonly type: 'answered'
      /** What was answered (an item, a question). */
      readonly subject: string
      readonly subjectLabel: string
      /** The response in xAPI's response-pattern form. */
      readonly response: string
      readonly responseLabel: string
      readonly correct: boolean
      /** 1-based attempt at this subject. */
      readonly attempt: number
      /** Hints asked for since the previous answer: any makes the attempt count as incorrect. */
      readonly hintsUsed: number
      /** Time since the previous answer (or the start), for the teacher's reading of the evidence. */
      readonly durationMs: number
    }
  | { readonly type: 'hint'; readonly step: SupportStep; readonly text: string; readonly requested: boolean }
  | { readonly type: 'completed'; readonly raw: number; readonly max: number; readonly success: boolean; readonly durationMs: number }

export interface TaskStep<S> {
  readonly state: S
  readonly emits: readonly TaskEvent[]
}

/** The clock is passed in: reducers stay pure. */
export interface TaskClock {
  readonly nowMs: number
}

export type TaskReducer<S, I> = (state: S, input: I, clock: TaskClock) => TaskStep<S>

/** A step that changes nothing: inputs that must not count end here. */
export function unchanged<S>(state: S): TaskStep<S> {
  return { state, emits: [] }
}
