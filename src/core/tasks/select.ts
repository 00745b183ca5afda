import { z } from 'zod'
import { supportStepFor } from '../mastery/support.js'
import { eliminateAfterMiss, offered } from './choice.js'
import { askHint, initialProgress, judged, startTask, type TaskProgress } from './progress.js'
import { slug, taskBasicsShape } from './schema.js'
import { unchanged, type TaskReducer } from './task.js'

const optionSchema = z.strictObject({
  id: slug,
  label: z.string().min(1),
  /** The thing in the world the student points at. */
  entity: slug,
  correct: z.boolean(),
  feedback: z.string().min(1),
})

/** Select: point at the right thing among distractors, one question after another. */
export const selectTaskSchema = z.strictObject({
  kind: z.literal('select'),
  ...taskBasicsShape,
  questions: z
    .array(
      z.strictObject({
        id: slug,
        prompt: z.string().min(1),
        options: z
          .array(optionSchema)
          .min(2)
          .refine((o) => o.some((x) => x.correct), 'at least one option must be correct')
          .refine((o) => o.some((x) => !x.correct), 'at least one option must be a distractor'),
      }),
    )
    .min(1),
})

export type SelectTask = z.infer<typeof selectTaskSchema>

export type SelectInput = { readonly type: 'start' } | { readonly type: 'choose'; readonly option: string } | { readonly type: 'hint' }

export interface SelectState extends TaskProgress {
  /** Index of the question being asked. */
  readonly current: number
  readonly attempts: Readonly<Record<string, number>>
  /** Options taken away from the current question. */
  readonly eliminated: readonly string[]
}

export function initialSelectState(): SelectState {
  return { ...initialProgress, current: 0, attempts: {}, eliminated: [] }
}

/** The question being asked and the options still offered for it. */
export function currentQuestion(task: SelectTask, state: SelectState) {
  const question = task.questions[Math.min(state.current, task.questions.length - 1)]!
  return { question, options: offered(question.options, state.eliminated) }
}

/** Choosing an option taken away, or one not on the current question, is not judged. */
export function reduceSelect(task: SelectTask): TaskReducer<SelectState, SelectInput> {
  return (state, input, clock) => {
    if (input.type === 'start') return startTask(state, clock)
    if (state.phase !== 'active') return unchanged(state)
    if (input.type === 'hint') return askHint(state, task.hints)
    const { question, options } = currentQuestion(task, state)
    const option = options.find((o) => o.id === input.option)
    if (!option) return unchanged(state)
    const attempt = (state.attempts[question.id] ?? 0) + 1
    const attempts = { ...state.attempts, [question.id]: attempt }
    const last = state.current === task.questions.length - 1
    const next: SelectState = option.correct
      ? { ...state, attempts, current: last ? state.current : state.current + 1, eliminated: [] }
      : { ...state, attempts, eliminated: eliminateAfterMiss(question.options, state.eliminated, option.id, supportStepFor(state.misses + 1) === 'scaffold') }
    return judged(
      next,
      { subject: question.id, subjectLabel: question.prompt, response: option.id, responseLabel: option.label, correct: option.correct, attempt, text: option.feedback },
      task,
      { done: option.correct && last, max: task.questions.length },
      clock,
    )
  }
}
