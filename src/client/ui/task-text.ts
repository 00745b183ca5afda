import type { SortState } from '../../core/index.js'

/** One line on where the student is in the task, for the overlay and the panel. */
export function taskStatusLine(phase: SortState['phase'], heldLabel: string | null, placed: number, total: number): string {
  if (phase === 'ready') return 'Press Start when you are ready.'
  if (phase === 'complete') return `All ${total} placed. Well done!`
  if (heldLabel) return `Holding: ${heldLabel}. Point at a zone and press to place it.`
  return `${placed} of ${total} placed. Pick up an organism.`
}
