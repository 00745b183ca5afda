import { z } from 'zod'
import { supportStepFor } from '../mastery/support.js'
import { eliminateAfterMiss, offered } from './choice.js'
import { askHint, initialProgress, judged, startTask, type TaskProgress } from './progress.js'
import { slug, taskBasicsShape } from './schema.js'
import { unchanged, type TaskReducer } from './task.js'

const choiceSchema = z.strictObject({ id: slug, label: z.string().min(1), correct: z.boolean(), feedback: z.string().min(1) })
const oneRight = (options: readonly { correct: boolean }[]) => options.filter((o) => o.correct).length === 1

/**
 * Explain, as claim–evidence–reasoning: choose the claim that answers the
 * question, then the pieces of evidence that support it, then the reasoning
 * that links them. Each step is judged on its own.
 */
export const explainTaskSchema = z.strictObject({
  kind: z.literal('explain'),
  ...taskBasicsShape,
  question: z.string().min(1),
  claims: z.array(choiceSchema).min(2).refine(oneRight, 'exactly one claim must be correct'),
  /** `correct` here means: supports the right claim. */
  evidence: z
    .array(choiceSchema)
    .min(3)
    .refine((e) => e.some((x) => x.correct) && e.some((x) => !x.correct), 'evidence needs both supporting and non-supporting pieces'),
  reasoning: z.array(choiceSchema).min(2).refine(oneRight, 'exactly one reasoning must be correct'),
  /** Said when the evidence chosen is right. */
  evidenceExplanation: z.string().min(1),
  /** Said when the evidence chosen is not all and only the supporting pieces. */
  evidenceNudge: z.string().min(1),
})

export type ExplainTask = z.infer<typeof explainTaskSchema>
export type ExplainStep = 'claim' | 'evidence' | 'reasoning'

export type ExplainInput =
  | { readonly type: 'start' }
  /** Choose a claim (claim step) or a reasoning (reasoning step). */
  | { readonly type: 'choose'; readonly option: string }
  /** Select or unselect a piece of evidence (evidence step). */
  | { readonly type: 'toggle'; readonly evidence: string }
  /** Submit the evidence selected. */
  | { readonly type: 'submit' }
  | { readonly type: 'hint' }

export interface ExplainState extends TaskProgress {
  readonly step: ExplainStep
  readonly selected: readonly string[]
  readonly eliminated: readonly string[]
  readonly attempts: Readonly<Record<ExplainStep, number>>
}

export function initialExplainState(): ExplainState {
  return { ...initialProgress, step: 'claim', selected: [], eliminated: [], attempts: { claim: 0, evidence: 0, reasoning: 0 } }
}

/** How many pieces the student must select before the evidence can be submitted. */
export function evidenceNeeded(task: ExplainTask): number {
  return task.evidence.filter((e) => e.correct).length
}

/** Options offered at the current step. */
export function explainOptions(task: ExplainTask, state: ExplainState) {
  const options = state.step === 'claim' ? task.claims : state.step === 'reasoning' ? task.reasoning : task.evidence
  return offered(options, state.eliminated)
}

const NEXT: Readonly<Record<ExplainStep, ExplainStep>> = { claim: 'evidence', evidence: 'reasoning', reasoning: 'reasoning' }

/** Submitting with the wrong number of pieces selected, or choosing out of step, is not judged. */
export function reduceExplain(task: ExplainTask): TaskReducer<ExplainState, ExplainInput> {
  const needed = evidenceNeeded(task)
  return (state, input, clock) => {
    if (input.type === 'start') return startTask(state, clock)
    if (state.phase !== 'active') return unchanged(state)
    if (input.type === 'hint') return askHint(state, task.hints)
    if (input.type === 'toggle') {
      if (state.step !== 'evidence' || !explainOptions(task, state).some((e) => e.id === input.evidence)) return unchanged(state)
      const selected = state.selected.includes(input.evidence) ? state.selected.filter((id) => id !== input.evidence) : [...state.selected, input.evidence]
      return { state: { ...state, selected }, emits: [] }
    }

    const step = state.step
    const attempt = state.attempts[step] + 1
    const attempts = { ...state.attempts, [step]: attempt }
    const scaffold = supportStepFor(state.misses + 1) === 'scaffold'
    let judgement: { correct: boolean; response: string; responseLabel: string; text: string; eliminated: string[] }
    if (input.type === 'submit') {
      if (step !== 'evidence' || state.selected.length !== needed) return unchanged(state)
      const chosen = task.evidence.filter((e) => state.selected.includes(e.id))
      const correct = chosen.every((e) => e.correct)
      const wrong = chosen.filter((e) => !e.correct)
      judgement = {
        correct,
        response: state.selected.join('[,]'),
        responseLabel: chosen.map((e) => e.label).join('; '),
        text: correct ? task.evidenceExplanation : `${wrong[0]?.feedback ?? ''} ${task.evidenceNudge}`.trim(),
        // A miss takes away one piece that does not support the claim; the scaffold takes all but one.
        eliminated: correct ? [] : eliminateAfterMiss(task.evidence, state.eliminated, wrong[0]!.id, scaffold),
      }
    } else {
      if (step === 'evidence') return unchanged(state)
      const option = explainOptions(task, state).find((o) => o.id === input.option)
      if (!option) return unchanged(state)
      const all = step === 'claim' ? task.claims : task.reasoning
      judgement = {
        correct: option.correct,
        response: option.id,
        responseLabel: option.label,
        text: option.feedback,
        eliminated: option.correct ? [] : eliminateAfterMiss(all, state.eliminated, option.id, scaffold),
      }
    }
    const advance = judgement.correct && step !== 'reasoning'
    const next: ExplainState = {
      ...state,
      attempts,
      eliminated: judgement.eliminated,
      step: advance ? NEXT[step] : step,
      selected: judgement.correct ? [] : state.selected.filter((id) => !judgement.eliminated.includes(id)),
    }
    return judged(
      next,
      { subject: step, subjectLabel: step === 'claim' ? task.question : `${task.question} (${step})`, response: judgement.response, responseLabel: judgement.responseLabel, correct: judgement.correct, attempt, text: judgement.text },
      task,
      { done: judgement.correct && step === 'reasoning', max: 3 },
      clock,
    )
  }
}
