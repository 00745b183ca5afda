import { SUPPORT_LADDER, supportStepFor } from '../mastery/support.js'
import type { Feedback, SupportStep, TaskClock, TaskEvent, TaskStep, Tier } from './task.js'

/**
 * What every task kind tracks the same way: its phase, the miss streak that
 * climbs the support ladder, hints asked since the last answer, and the last
 * feedback. Each kind's state extends this; the helpers below keep the rules
 * for starting, hints and judging in one place.
 */
export interface TaskProgress {
  readonly phase: 'ready' | 'active' | 'complete'
  /** Consecutive wrong answers: climbs the support ladder, reset by a right answer. */
  readonly misses: number
  readonly hintsSinceAnswer: number
  readonly hintsAsked: number
  /** Answers right on their first attempt with no hint asked before them. */
  readonly firstTry: number
  readonly feedback: Feedback | null
  /** The latest support shown, if any. */
  readonly support: { readonly step: SupportStep; readonly text: string } | null
  readonly startedAtMs: number
  /** When the last answer was judged (or the task started). */
  readonly lastAnswerAtMs: number
}

export type Hints = Readonly<Record<SupportStep, string>>

/** Fields every task definition has, whatever its kind. */
export interface TaskBasics {
  readonly prompt: string
  readonly tier: Tier
  readonly competencies: readonly string[]
  readonly passingScore: number
  readonly hints: Hints
}

export const initialProgress: TaskProgress = {
  phase: 'ready',
  misses: 0,
  hintsSinceAnswer: 0,
  hintsAsked: 0,
  firstTry: 0,
  feedback: null,
  support: null,
  startedAtMs: 0,
  lastAnswerAtMs: 0,
}

/** `start` moves a ready task to active once; later starts change nothing. */
export function startTask<S extends TaskProgress>(state: S, clock: TaskClock): TaskStep<S> {
  if (state.phase !== 'ready') return { state, emits: [] }
  return { state: { ...state, phase: 'active', startedAtMs: clock.nowMs, lastAnswerAtMs: clock.nowMs }, emits: [{ type: 'started' }] }
}

/** Asking for a hint climbs the ladder one step per request and marks the next answer as hinted. */
export function askHint<S extends TaskProgress>(state: S, hints: Hints): TaskStep<S> {
  const step = SUPPORT_LADDER[Math.min(state.hintsAsked, SUPPORT_LADDER.length - 1)] ?? 'nudge'
  const text = hints[step]
  return {
    state: { ...state, hintsAsked: state.hintsAsked + 1, hintsSinceAnswer: state.hintsSinceAnswer + 1, support: { step, text } },
    emits: [{ type: 'hint', step, text, requested: true }],
  }
}

export interface Judgement {
  readonly subject: string
  readonly subjectLabel: string
  readonly response: string
  readonly responseLabel: string
  readonly correct: boolean
  /** 1-based attempt at this subject. */
  readonly attempt: number
  /** What the student reads: the explanation when right, the nudge when wrong. */
  readonly text: string
}

/**
 * Records a judged answer: the `answered` event, the feedback, and on a miss
 * the support the miss earns (the answer's own nudge first, then the task's
 * worked hint, then its scaffold). `finished` completes the task.
 */
export function judged<S extends TaskProgress>(
  state: S,
  judgement: Judgement,
  basics: Pick<TaskBasics, 'hints' | 'passingScore'>,
  finished: { readonly done: boolean; readonly max: number },
  clock: TaskClock,
): TaskStep<S> {
  const sequence = (state.feedback?.sequence ?? 0) + 1
  const answered: TaskEvent = {
    type: 'answered',
    subject: judgement.subject,
    subjectLabel: judgement.subjectLabel,
    response: judgement.response,
    responseLabel: judgement.responseLabel,
    correct: judgement.correct,
    attempt: judgement.attempt,
    hintsUsed: state.hintsSinceAnswer,
    durationMs: clock.nowMs - state.lastAnswerAtMs,
  }
  const feedback: Feedback = { subject: judgement.subject, correct: judgement.correct, text: judgement.text, sequence }
  if (!judgement.correct) {
    const misses = state.misses + 1
    const step = supportStepFor(misses) ?? 'nudge'
    const text = step === 'nudge' ? judgement.text : basics.hints[step]
    return {
      state: { ...state, hintsSinceAnswer: 0, lastAnswerAtMs: clock.nowMs, misses, feedback, support: { step, text } },
      emits: [answered, { type: 'hint', step, text, requested: false }],
    }
  }
  const firstTry = state.firstTry + (judgement.attempt === 1 && state.hintsSinceAnswer === 0 ? 1 : 0)
  const next = { ...state, hintsSinceAnswer: 0, lastAnswerAtMs: clock.nowMs, misses: 0, firstTry, feedback, support: null, phase: finished.done ? 'complete' : 'active' } as S
  if (!finished.done) return { state: next, emits: [answered] }
  return {
    state: next,
    emits: [
      answered,
      {
        type: 'completed',
        raw: firstTry,
        max: finished.max,
        success: finished.max > 0 && firstTry / finished.max >= basics.passingScore,
        durationMs: clock.nowMs - state.startedAtMs,
      },
    ],
  }
}
