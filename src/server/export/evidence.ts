import type { Competency } from '../../core/competency/framework.js'
import { deriveEvidence, type EvidenceRecord } from '../../core/evidence/derive.js'
import type { ClassRow, Store, StudentRow } from '../db/store.js'
import { projectedStatements } from '../workspace/grid.js'
import { yieldToOthers } from './yield.js'

export interface ClassEvidence {
  readonly competencies: readonly { readonly id: string; readonly code: string; readonly statement: string; readonly shortName: string }[]
  readonly students: readonly { readonly id: string; readonly displayName: string; readonly lastSyncAt: string | null }[]
  /**
   * One record per student × competency, students in class order, competencies
   * in framework order. Pairs without evidence are filled by the server with
   * level 'no-evidence' (attempts 0, pKnown = the competency's pInit).
   */
  readonly records: readonly EvidenceRecord[]
}

function emptyRecord(studentId: string, competency: Competency): EvidenceRecord {
  return {
    studentId,
    competencyId: competency.id,
    level: 'no-evidence',
    derivedLevel: 'no-evidence',
    pKnown: competency.bkt.pInit,
    attempts: 0,
    correct: 0,
    statementIds: [],
    lastEvidenceAt: null,
  }
}

/**
 * deriveEvidence over these students' stored, non-voided statements, one student
 * at a time, from their evidence projections (db/evidence.ts: the fields
 * deriveEvidence reads, not whole bodies). A statement is filed under the
 * student deriveEvidence credits it to (its actor; for a teacher decision, the
 * student in its object — lrs/access.ts#teacherDecisionStudent), so the records
 * equal one call over the whole class; memory is bounded by the largest student instead of the class
 * (a class of 1,000,000 statements held at once took 3.7 GB), and other
 * requests are served between students.
 */
export async function studentsEvidence(store: Store, studentIds: readonly string[], competencies: readonly Competency[]): Promise<EvidenceRecord[]> {
  const records: EvidenceRecord[] = []
  for (const id of studentIds) {
    for (const record of deriveEvidence(projectedStatements(await store.evidenceProjections([id])), competencies)) records.push(record)
    await yieldToOthers()
  }
  return records
}

/** Evidence for a class (or only the student `onlyStudentId` of it), recomputed from stored, non-voided statements. */
export async function classEvidence(store: Store, klass: ClassRow, competencies: readonly Competency[], onlyStudentId?: string): Promise<ClassEvidence> {
  const roster: StudentRow[] = await store.listStudents(klass.id)
  const students = onlyStudentId === undefined ? roster : roster.filter((s) => s.id === onlyStudentId)
  const ids = students.map((s) => s.id)
  const [derived, lastSync] = await Promise.all([studentsEvidence(store, ids, competencies), store.lastStoredByStudent(ids)])
  const byKey = new Map(derived.map((r) => [`${r.studentId}\u0000${r.competencyId}`, r]))
  const records: EvidenceRecord[] = []
  for (const student of students) {
    for (const competency of competencies) {
      records.push(byKey.get(`${student.id}\u0000${competency.id}`) ?? emptyRecord(student.id, competency))
    }
  }
  return {
    competencies: competencies.map((c) => ({ id: c.id, code: c.code, statement: c.statement, shortName: c.shortName })),
    students: students.map((s) => ({ id: s.id, displayName: s.displayName, lastSyncAt: lastSync.get(s.id) ?? null })),
    records,
  }
}

/** One CSV cell: formula-injection guard, then RFC 4180 quoting. */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text
}

export const CSV_HEADER = ['student', 'student_id', 'competency', 'competency_code', 'level', 'p_known', 'supporting_statements', 'last_evidence_at'] as const

/**
 * The class evidence as CSV: one row per student × competency (no-evidence rows
 * included). `competency` is the "I can…" statement; `supporting_statements`
 * is the number of statements the record rests on; `p_known` has 4 decimals.
 */
export function evidenceCsv(evidence: ClassEvidence): string {
  const names = new Map(evidence.students.map((s) => [s.id, s.displayName]))
  const competencies = new Map(evidence.competencies.map((c) => [c.id, c]))
  const lines = [CSV_HEADER.join(',')]
  for (const record of evidence.records) {
    const competency = competencies.get(record.competencyId)
    lines.push(
      [
        csvCell(names.get(record.studentId) ?? ''),
        csvCell(record.studentId),
        csvCell(competency?.statement ?? record.competencyId),
        csvCell(competency?.code ?? ''),
        csvCell(record.level),
        csvCell(record.pKnown.toFixed(4)),
        csvCell(record.statementIds.length),
        csvCell(record.lastEvidenceAt),
      ].join(','),
    )
  }
  return `${lines.join('\r\n')}\r\n`
}

/** A safe attachment file name for a class's CSV. */
export function csvFileName(klass: ClassRow, now: Date): string {
  const slug = klass.name.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase().slice(0, 40) || 'class'
  return `fathom-evidence-${slug}-${now.toISOString().slice(0, 10)}.csv`
}
