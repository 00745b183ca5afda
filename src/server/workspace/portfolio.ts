/**
 * A student's portfolio: per competency the level (core `deriveEvidence`, an
 * override shown as such), its history (core `masteryHistory`), the evidence
 * statements in plain language (core `describeStatement`), the support the
 * student needed, and artifacts (xAPI attachments); plus teacher unlocks.
 */
import type { Competency } from '../../core/competency/framework.js'
import { competenciesOf, deriveEvidence, type EvidenceRecord } from '../../core/evidence/derive.js'
import { describeStatement } from '../../core/evidence/describe.js'
import { masteryHistory, type MasteryPoint } from '../../core/evidence/history.js'
import { teacherUnlocks } from '../../core/evidence/unlocks.js'
import type { Statement } from '../../core/xapi/types.js'
import { EXTENSION, VERB } from '../../core/xapi/vocabulary.js'
import type { ClassRow, Store, StudentWithOwner } from '../db/store.js'
import { SIGNATURE_USAGE_TYPE } from '../../core/xapi/validate.js'
import { gridCompetency, type GridCompetency } from './grid.js'

export interface DescribedStatement {
  readonly id: string
  readonly timestamp: string
  readonly text: string
  readonly verb: string
  readonly success?: boolean
}

export interface Artifact {
  readonly statementId: string
  readonly sha2: string
  readonly contentType: string
  readonly name: string
  readonly timestamp: string
  /** Where the teacher page fetches it (authorised like the portfolio). */
  readonly url: string
}

export interface PortfolioCompetency {
  readonly competency: GridCompetency
  readonly record: EvidenceRecord
  readonly history: readonly MasteryPoint[]
  readonly evidence: readonly DescribedStatement[]
  readonly support: readonly (DescribedStatement & { readonly step: string | null })[]
  readonly overrides: readonly DescribedStatement[]
  readonly artifacts: readonly Artifact[]
}

export interface Portfolio {
  readonly student: { readonly id: string; readonly displayName: string; readonly classId: string; readonly className: string }
  readonly generatedAt: string
  readonly competencies: readonly PortfolioCompetency[]
  readonly unlocks: readonly string[]
  readonly statementCount: number
}

const SUPPORT_VERBS = new Set<string>([VERB.requestedHint, VERB.experienced, VERB.offeredStretch])

function described(s: Statement): DescribedStatement {
  return { id: s.id, timestamp: s.timestamp, text: describeStatement(s), verb: s.verb.id, ...(typeof s.result?.success === 'boolean' ? { success: s.result.success } : {}) }
}

function englishName(map: Readonly<Record<string, string>> | undefined): string | undefined {
  return map ? (map.en ?? map['en-US'] ?? Object.values(map)[0]) : undefined
}

export function emptyRecord(studentId: string, competency: Competency): EvidenceRecord {
  return { studentId, competencyId: competency.id, level: 'no-evidence', derivedLevel: 'no-evidence', pKnown: competency.bkt.pInit, attempts: 0, correct: 0, statementIds: [], lastEvidenceAt: null }
}

/** The portfolio from the student's statements (pure apart from the URL prefix). */
export function portfolioFromStatements(
  student: StudentWithOwner,
  klass: ClassRow,
  statements: readonly Statement[],
  competencies: readonly Competency[],
  expeditionOf: ReadonlyMap<string, string>,
  now: Date,
): Portfolio {
  const records = new Map(deriveEvidence(statements, competencies).filter((r) => r.studentId === student.id).map((r) => [r.competencyId, r]))
  const byId = new Map(statements.map((s) => [s.id, s]))
  const chronological = [...statements].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp) || (a.id < b.id ? -1 : 1))
  const out: PortfolioCompetency[] = competencies.map((c) => {
    const record = records.get(c.id) ?? emptyRecord(student.id, c)
    const mine = chronological.filter((s) => competenciesOf(s).includes(c.id))
    const artifacts: Artifact[] = []
    for (const s of mine) {
      for (const a of s.attachments ?? []) {
        if (a.usageType === SIGNATURE_USAGE_TYPE) continue
        artifacts.push({
          statementId: s.id,
          sha2: a.sha2.toLowerCase(),
          contentType: a.contentType,
          name: englishName(a.display) ?? 'Artifact',
          timestamp: s.timestamp,
          url: `/api/students/${encodeURIComponent(student.id)}/attachments/${a.sha2.toLowerCase()}`,
        })
      }
    }
    return {
      competency: gridCompetency(c, expeditionOf),
      record,
      history: record.attempts > 0 ? masteryHistory(statements, c, student.id) : [],
      evidence: record.statementIds.map((id) => byId.get(id)).filter((s): s is Statement => s !== undefined).map(described),
      support: mine
        .filter((s) => SUPPORT_VERBS.has(s.verb.id))
        .map((s) => {
          const step = s.result?.extensions?.[EXTENSION.supportStep]
          return { ...described(s), step: typeof step === 'string' ? step : s.verb.id === VERB.offeredStretch ? 'stretch' : null }
        }),
      overrides: mine.filter((s) => s.verb.id === VERB.overrodeLevel).map(described),
      artifacts,
    }
  })
  return {
    student: { id: student.id, displayName: student.displayName, classId: klass.id, className: klass.name },
    generatedAt: now.toISOString(),
    competencies: out,
    unlocks: [...(teacherUnlocks(statements).get(student.id) ?? [])].sort(),
    statementCount: statements.length,
  }
}

export async function studentPortfolio(
  store: Store,
  student: StudentWithOwner,
  klass: ClassRow,
  competencies: readonly Competency[],
  expeditionOf: ReadonlyMap<string, string>,
  now: Date,
): Promise<Portfolio> {
  const rows = await store.statementsOfStudents([student.id])
  return portfolioFromStatements(student, klass, rows.map((r) => JSON.parse(r.body) as Statement), competencies, expeditionOf, now)
}
