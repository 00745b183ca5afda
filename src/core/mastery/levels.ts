import { isMastered } from './bkt.js'

/** The levels teachers and students see, in order. */
export const LEVELS = ['no-evidence', 'not-yet-proficient', 'proficient', 'advanced'] as const
export type Level = (typeof LEVELS)[number]

export const LEVEL_LABEL: Readonly<Record<Level, string>> = {
  'no-evidence': 'No evidence yet',
  'not-yet-proficient': 'Not yet proficient',
  proficient: 'Proficient',
  advanced: 'Advanced',
}

export interface LevelInputs {
  /** Number of scored attempts seen. */
  readonly attempts: number
  /** Current P(L). */
  readonly pKnown: number
  /** Whether a transfer (stretch) task for the competency succeeded without hints. */
  readonly transferSucceeded: boolean
}

/**
 * The level rule from learning-design.md: no evidence → not yet proficient
 * (P(L) below 0.95) → proficient (P(L) ≥ 0.95) → advanced (proficient and a
 * transfer task succeeded without hints).
 */
export function levelFor({ attempts, pKnown, transferSucceeded }: LevelInputs): Level {
  if (attempts === 0) return 'no-evidence'
  if (!isMastered(pKnown)) return 'not-yet-proficient'
  return transferSucceeded ? 'advanced' : 'proficient'
}

export function isLevel(value: unknown): value is Level {
  return typeof value === 'string' && (LEVELS as readonly string[]).includes(value)
}
