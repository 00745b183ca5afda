/**
 * The competency grid: students × competencies, each cell the level from core
 * `deriveEvidence` (overrides included), filterable by expedition and by
 * standard code, with the class summary per competency from core `levelCounts`.
 */
import type { Competency } from '../../core/competency/framework.js'
import { deriveEvidence, type EvidenceRecord } from '../../core/evidence/derive.js'
import { levelCounts } from '../../core/evidence/history.js'
import type { Level } from '../../core/mastery/levels.js'
import type { Statement } from '../../core/xapi/types.js'
import { EXTENSION, VERB } from '../../core/xapi/vocabulary.js'
import type { ClassRow, EvidenceFact, Store } from '../db/store.js'

export interface GridFilter {
  /** Only competencies of this expedition (scene folder name). */
  readonly expedition?: string
  /** Only competencies whose own code or an aligned standard's code is this (case-insensitive). */
  readonly standard?: string
}

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

export function gridCompetency(c: Competency, expeditionOf: ReadonlyMap<string, string>): GridCompetency {
  return {
    id: c.id,
    code: c.code,
    statement: c.statement,
    shortName: c.shortName,
    expedition: expeditionOf.get(c.id) ?? '',
    standards: c.alignments.map((a) => ({ code: a.code, uri: a.uri })),
  }
}

export function matchesFilter(c: GridCompetency, filter: GridFilter): boolean {
  if (filter.expedition && c.expedition !== filter.expedition) return false
  if (filter.standard) {
    const want = filter.standard.toLowerCase()
    if (c.code.toLowerCase() !== want && !c.standards.some((s) => s.code.toLowerCase() === want)) return false
  }
  return true
}

/** Pure part: the grid from parsed statements (the benchmark times this and the store read separately). */
export function gridFromStatements(
  students: readonly { readonly id: string; readonly displayName: string }[],
  lastSync: ReadonlyMap<string, string>,
  statements: readonly Statement[],
  competencies: readonly Competency[],
  expeditionOf: ReadonlyMap<string, string>,
  filter: GridFilter = {},
): Grid {
  const all = competencies.map((c) => gridCompetency(c, expeditionOf))
  const chosen = competencies.filter((_, i) => matchesFilter(all[i]!, filter))
  const shown = chosen.map((c) => gridCompetency(c, expeditionOf))
  const records = deriveEvidence(statements, chosen)
  const byKey = new Map<string, EvidenceRecord>(records.map((r) => [`${r.studentId}\u0000${r.competencyId}`, r]))
  const cells = students.map((s) =>
    chosen.map((c): GridCell => {
      const r = byKey.get(`${s.id}\u0000${c.id}`)
      if (!r) return { level: 'no-evidence', attempts: 0, correct: 0, pKnown: c.bkt.pInit }
      return {
        level: r.level,
        attempts: r.attempts,
        correct: r.correct,
        pKnown: r.pKnown,
        ...(r.override ? { override: { level: r.override.level, note: r.override.note, at: r.override.at } } : {}),
      }
    }),
  )
  const ids = students.map((s) => s.id)
  const summary = chosen.map((c) => levelCounts(records.filter((r) => r.competencyId === c.id), c.id, ids))
  return {
    competencies: shown,
    students: students.map((s) => ({ id: s.id, displayName: s.displayName, lastSyncAt: lastSync.get(s.id) ?? null })),
    cells,
    summary,
    filters: {
      expeditions: [...new Set(all.map((c) => c.expedition).filter(Boolean))].sort(),
      standards: [...new Set(all.flatMap((c) => [c.code, ...c.standards.map((s) => s.code)]))].sort(),
    },
  }
}

/** The verbs core deriveEvidence reads (voided statements are already left out by the store). */
export const EVIDENCE_VERBS = [VERB.answered, VERB.overrodeLevel] as const

/**
 * A statement rebuilt from its evidence facts: exactly the fields
 * deriveEvidence reads (the student as actor and object, competencies, tier,
 * success, hints, level, response), so the grid need not parse full bodies.
 * tests/server/teacher-grid.test.ts checks it derives the same records.
 */
export function factStatement(f: EvidenceFact): Statement {
  const agent = { objectType: 'Agent' as const, account: { homePage: '', name: f.studentId } }
  let competencies: unknown = null
  try {
    competencies = f.competencies === null ? null : JSON.parse(f.competencies)
  } catch {
    competencies = null
  }
  return {
    id: f.id,
    timestamp: f.timestamp,
    actor: agent,
    verb: { id: f.verbId },
    object: agent,
    context: { extensions: { [EXTENSION.competencies]: competencies, ...(f.tier === null ? {} : { [EXTENSION.tier]: f.tier }) } },
    result: {
      ...(f.success === null ? {} : { success: f.success }),
      ...(f.response === null ? {} : { response: f.response }),
      extensions: { ...(f.hintsUsed === null ? {} : { [EXTENSION.hintsUsed]: f.hintsUsed }), ...(f.level === null ? {} : { [EXTENSION.level]: f.level }) },
    },
  } as unknown as Statement
}

/** Chronological order, computed once (core sorts again, which is then linear). */
export function chronologically(statements: Statement[]): Statement[] {
  const keyed = statements.map((s) => ({ t: Date.parse(s.timestamp), s }))
  keyed.sort((a, b) => a.t - b.t || (a.s.id < b.s.id ? -1 : a.s.id > b.s.id ? 1 : 0))
  return keyed.map((k) => k.s)
}

/** The grid of a class, recomputed from its students' stored, non-voided statements. */
export async function classGrid(store: Store, klass: ClassRow, competencies: readonly Competency[], expeditionOf: ReadonlyMap<string, string>, filter: GridFilter = {}): Promise<Grid> {
  const students = await store.listStudents(klass.id)
  const ids = students.map((s) => s.id)
  const [facts, lastSync] = await Promise.all([store.evidenceFacts(ids, EVIDENCE_VERBS), store.lastStoredByStudent(ids)])
  return gridFromStatements(students, lastSync, chronologically(facts.map(factStatement)), competencies, expeditionOf, filter)
}
