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
 * by replaying the evidence rule on growing prefixes of the same statements —
 * so the chart cannot disagree with the record it ends at.
 */
export function masteryHistory(statements: readonly Statement[], competency: Competency, studentId: string): MasteryPoint[] {
  const record = deriveEvidence(statements, [competency]).find((r) => r.studentId === studentId)
  if (!record) return []
  const byId = new Map(statements.map((s) => [s.id, s]))
  // The record's statements are already the non-voided evidence, in the order applied.
  const evidence = record.statementIds.map((id) => byId.get(id)!)
  const points: MasteryPoint[] = []
  evidence.forEach((statement, i) => {
    const id = statement.id
    const prefix = evidence.slice(0, i + 1)
    const at = deriveEvidence(prefix, [competency]).find((r) => r.studentId === studentId)!
    points.push({ at: byId.get(id)!.timestamp, statementId: id, pKnown: at.pKnown, level: at.derivedLevel })
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
