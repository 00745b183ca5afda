/**
 * Bayesian Knowledge Tracing (Corbett & Anderson, 1995) for one student and one
 * competency. After each scored attempt, P(L) is updated by Bayes' rule on the
 * observation and then by the chance of learning, P(T).
 */

export interface BktParameters {
  /** P(L0): probability the skill is known before any evidence. */
  readonly pInit: number
  /** P(T): probability of learning the skill at each opportunity. */
  readonly pTransit: number
  /** P(G): probability of a correct answer without the skill (≤ 0.3). */
  readonly pGuess: number
  /** P(S): probability of a wrong answer despite the skill (≤ 0.1). */
  readonly pSlip: number
}

/** Defaults used where a competency's framework entry gives none. */
export const DEFAULT_BKT: BktParameters = { pInit: 0.2, pTransit: 0.15, pGuess: 0.2, pSlip: 0.1 }

/** Mastery is declared at P(L) ≥ 0.95, the Cognitive Tutor convention. */
export const MASTERY_THRESHOLD = 0.95

/** Bounds that keep a model identifiable (guessing and slipping stay rare). */
export const BKT_BOUNDS = { pGuessMax: 0.3, pSlipMax: 0.1 } as const

/** Returns why the parameters are unusable, or undefined when they are fine. */
export function bktParameterProblem(p: BktParameters): string | undefined {
  for (const [name, value] of Object.entries(p)) {
    if (!(value >= 0 && value <= 1)) return `${name} must be a probability in [0, 1]`
  }
  if (p.pGuess > BKT_BOUNDS.pGuessMax) return `pGuess must be at most ${BKT_BOUNDS.pGuessMax}`
  if (p.pSlip > BKT_BOUNDS.pSlipMax) return `pSlip must be at most ${BKT_BOUNDS.pSlipMax}`
  return undefined
}

/** P(L) after observing one attempt, `correct` or not. */
export function updateKnowledge(pKnown: number, correct: boolean, p: BktParameters): number {
  const evidenceIfKnown = correct ? 1 - p.pSlip : p.pSlip
  const evidenceIfUnknown = correct ? p.pGuess : 1 - p.pGuess
  const posterior = (pKnown * evidenceIfKnown) / (pKnown * evidenceIfKnown + (1 - pKnown) * evidenceIfUnknown)
  return posterior + (1 - posterior) * p.pTransit
}

/** P(L) after a sequence of attempts, from P(L0). */
export function traceKnowledge(observations: readonly boolean[], p: BktParameters): number {
  return observations.reduce((pKnown, correct) => updateKnowledge(pKnown, correct, p), p.pInit)
}

export function isMastered(pKnown: number): boolean {
  return pKnown >= MASTERY_THRESHOLD
}
