import type { Level } from '../mastery/levels.js'

/**
 * The class grid as the server sends it and the teacher pages read it:
 * one contract, so the two cannot drift apart.
 */

export interface GridCompetency {
  readonly id: string
  readonly code: string
  readonly statement: string
  readonly shortName: string
  readonly expedition: string
  readonly standards: readonly { readonly code: string; readonly uri: string }[]
}

export interface GridCell {
  readonly level: Level
  readonly attempts: number
  readonly correct: number
  readonly pKnown: number
  /** Present when a teacher set the level by hand. */
  readonly override?: { readonly level: Level; readonly note: string; readonly at: string }
}

export interface Grid {
  readonly competencies: readonly GridCompetency[]
  readonly students: readonly { readonly id: string; readonly displayName: string; readonly lastSyncAt: string | null }[]
  /** cells[studentIndex][competencyIndex]. */
  readonly cells: readonly (readonly GridCell[])[]
  /** summary[competencyIndex]: how many students stand at each level. */
  readonly summary: readonly Record<Level, number>[]
  /** What the filters can be set to (all expeditions and standard codes of the loaded frameworks). */
  readonly filters: { readonly expeditions: readonly string[]; readonly standards: readonly string[] }
}
