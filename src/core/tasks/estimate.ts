import { z } from 'zod'
import { supportStepFor } from '../mastery/support.js'
import { askHint, initialProgress, judged, startTask, type TaskProgress } from './progress.js'
import { slug, taskBasicsShape } from './schema.js'
import { unchanged, type TaskReducer } from './task.js'

const questionSchema = z
  .strictObject({
    id: slug,
    prompt: z.string().min(1),
    unit: z.string().min(1),
    /** The dial's range and step. */
    min: z.number(),
    max: z.number(),
    step: z.number().positive(),
    answer: z.number(),
    /** Answers within ± tolerance of the answer are right. */
    tolerance: z.number().positive(),
    explanation: z.string().min(1),
    tooLow: z.string().min(1),
    tooHigh: z.string().min(1),
  })
  .refine((q) => q.min < q.max, { message: 'min must be below max', path: ['min'] })
  .refine((q) => q.answer >= q.min && q.answer <= q.max, { message: 'the answer must be on the dial', path: ['answer'] })
  .refine((q) => q.tolerance < q.max - q.min, { message: 'the tolerance must be narrower than the dial', path: ['tolerance'] })

/** Estimate: a numeric answer with a tolerance, set with an in-world dial or slider. */
export const estimateTaskSchema = z.strictObject({
  kind: z.literal('estimate'),
  ...taskBasicsShape,
  /** The thing in the world that is the dial. */
  dial: slug,
  questions: z.array(questionSchema).min(1),
})

export type EstimateTask = z.infer<typeof estimateTaskSchema>
export type EstimateQuestion = EstimateTask['questions'][number]

export type EstimateInput =
  | { readonly type: 'start' }
  /** Set the dial to a value (pointer on a slider); clamped to the range and snapped to the step. */
  | { readonly type: 'set'; readonly value: number }
  /** Turn the dial by whole steps (keyboard, thumbstick). */
  | { readonly type: 'turn'; readonly steps: number }
  | { readonly type: 'submit' }
  | { readonly type: 'hint' }

export interface EstimateState extends TaskProgress {
  readonly current: number
  readonly value: number
  /** The dial's range now: the scaffold narrows it around the answer. */
  readonly range: readonly [number, number]
  readonly attempts: Readonly<Record<string, number>>
}

function freshDial(question: EstimateQuestion): Pick<EstimateState, 'value' | 'range'> {
  return { value: question.min, range: [question.min, question.max] }
}

export function initialEstimateState(task: EstimateTask): EstimateState {
  return { ...initialProgress, current: 0, attempts: {}, ...freshDial(task.questions[0]!) }
}

export function currentEstimate(task: EstimateTask, state: EstimateState): EstimateQuestion {
  return task.questions[Math.min(state.current, task.questions.length - 1)]!
}

/** Clamps to the range and snaps to the question's step, avoiding binary fractions like 0.30000000000000004. */
export function snapToDial(question: EstimateQuestion, range: readonly [number, number], value: number): number {
  const clamped = Math.min(range[1], Math.max(range[0], value))
  const steps = Math.round((clamped - question.min) / question.step)
  const decimals = (String(question.step).split('.')[1] ?? '').length
  return Number((question.min + steps * question.step).toFixed(decimals))
}

/** Setting and turning the dial are not judged; only `submit` is. */
export function reduceEstimate(task: EstimateTask): TaskReducer<EstimateState, EstimateInput> {
  return (state, input, clock) => {
    if (input.type === 'start') return startTask(state, clock)
    if (state.phase !== 'active') return unchanged(state)
    const question = currentEstimate(task, state)
    switch (input.type) {
      case 'hint':
        return askHint(state, task.hints)
      case 'set':
      case 'turn': {
        if (!Number.isFinite(input.type === 'set' ? input.value : input.steps)) return unchanged(state)
        const target = input.type === 'set' ? input.value : state.value + input.steps * question.step
        const value = snapToDial(question, state.range, target)
        return value === state.value ? unchanged(state) : { state: { ...state, value }, emits: [] }
      }
      case 'submit': {
        const attempt = (state.attempts[question.id] ?? 0) + 1
        const attempts = { ...state.attempts, [question.id]: attempt }
        const error = state.value - question.answer
        const correct = Math.abs(error) <= question.tolerance + 1e-9
        const last = state.current === task.questions.length - 1
        let next: EstimateState = { ...state, attempts }
        if (correct && !last) next = { ...next, current: state.current + 1, ...freshDial(task.questions[state.current + 1]!) }
        if (!correct && supportStepFor(state.misses + 1) === 'scaffold') {
          const span = question.tolerance * 4
          next = { ...next, range: [Math.max(question.min, question.answer - span), Math.min(question.max, question.answer + span)] }
          next = { ...next, value: snapToDial(question, next.range, next.value) }
        }
        return judged(
          next,
          {
            subject: question.id,
            subjectLabel: question.prompt,
            response: String(state.value),
            responseLabel: `${state.value} ${question.unit}`,
            correct,
            attempt,
            text: correct ? question.explanation : error < 0 ? question.tooLow : question.tooHigh,
          },
          task,
          { done: correct && last, max: task.questions.length },
          clock,
        )
      }
    }
  }
}
