import type { SupportStep } from '../tasks/task.js'

/**
 * The default support ladder: the n-th consecutive miss on a task earns the
 * n-th step — a nudge, then a worked hint, then a scaffolded variant.
 * Asking for a hint climbs the same ladder.
 */
export const SUPPORT_LADDER: readonly SupportStep[] = ['nudge', 'worked-hint', 'scaffold']

/** The support step for a number of consecutive misses (0 → none). */
export function supportStepFor(misses: number): SupportStep | undefined {
  if (misses <= 0) return undefined
  return SUPPORT_LADDER[Math.min(misses, SUPPORT_LADDER.length) - 1]
}
