import type { Competency } from '../competency/framework.js'
import type { Statement } from '../xapi/types.js'
import { deriveEvidence, type EvidenceRecord } from './derive.js'
import type { Level } from '../mastery/levels.js'

/** One point of a mastery-over-time chart: the state after a statement was applied. */
export interface MasteryPoint {
  readonly at: string
  readonly statementId: string
  readonly pKnown: number
  readonly level: Level
}

/**
 * P(L) and level after each piece of evidence for one student and competency,
 * observed while the evidence rule itself runs — so the chart cannot disagree
 * with the record it ends at, in one pass over the statements.
 */
export function masteryHistory(statements: readonly Statement[], competency: Competency, studentId: string): MasteryPoint[] {
  const points: MasteryPoint[] = []
  deriveEvidence(statements, [competency], (step) => {
    if (step.studentId === studentId) points.push({ at: step.statement.timestamp, statementId: step.statement.id, pKnown: step.pKnown, level: step.level })
  })
  return points
}

/** How many students stand at each level on one competency: the class summary row. */
export function levelCounts(records: readonly EvidenceRecord[], competencyId: string, studentIds: readonly string[]): Record<Level, number> {
  const counts: Record<Level, number> = { 'no-evidence': 0, 'not-yet-proficient': 0, proficient: 0, advanced: 0 }
  for (const student of studentIds) {
    const record = records.find((r) => r.studentId === student && r.competencyId === competencyId)
    counts[record?.level ?? 'no-evidence'] += 1
  }
  return counts
}
