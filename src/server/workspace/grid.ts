/**
 * The competency grid: students × competencies, each cell the level from core
 * `deriveEvidence` (overrides included), filterable by expedition and by
 * standard code, with the class summary per competency from core `levelCounts`.
 */
import type { Competency } from '../../core/competency/framework.js'
import { deriveEvidence, type EvidenceRecord } from '../../core/evidence/derive.js'
import { levelCounts } from '../../core/evidence/history.js'
import type { Statement } from '../../core/xapi/types.js'
import { EXTENSION } from '../../core/xapi/vocabulary.js'
import type { Grid, GridCell, GridCompetency } from '../../core/evidence/grid.js'

export type { Grid, GridCell, GridCompetency }
import { PROJECTED_VERB_LIST, type EvidenceTuple } from '../db/evidence.js'
import type { ClassRow, Store } from '../db/store.js'

export interface GridFilter {
  /** Only competencies of this expedition (scene folder name). */
  readonly expedition?: string
  /** Only competencies whose own code or an aligned standard's code is this (case-insensitive). */
  readonly standard?: string
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

/**
 * A statement rebuilt from its evidence projection (db/evidence.ts): exactly
 * the fields deriveEvidence reads, with the values the stored statement has at
 * those paths (absent ones as null, which deriveEvidence reads as absent).
 * tests/server/evidence-projection.test.ts checks it derives the same records
 * as the full statements, on both backends.
 */
export function projectedStatement(t: EvidenceTuple, shared: SharedParts = newSharedParts()): Statement {
  const [id, timestamp, verb, actorType, actorHasAccount, actorName, objectType, objectHasAccount, objectName, success, response, hints, level, competencies, tier] = t
  return {
    id,
    timestamp,
    // deriveEvidence only reads statements, so equal agents and verbs can be one object.
    actor: agentOf(shared, actorType, actorHasAccount, actorName),
    verb: shared.verbs[verb] ?? { id: PROJECTED_VERB_LIST[verb] },
    object: agentOf(shared, objectType, objectHasAccount, objectName),
    context: { extensions: { [EXTENSION.competencies]: competencies, [EXTENSION.tier]: tier } },
    result: { success, response, extensions: { [EXTENSION.hintsUsed]: hints, [EXTENSION.level]: level } },
  } as unknown as Statement
}

/** Agents by [hasAccount][objectType][name] (Map keys compare by value for strings, by identity otherwise) and the verbs. */
export interface SharedParts {
  readonly agents: readonly [Map<unknown, Map<unknown, unknown>>, Map<unknown, Map<unknown, unknown>>]
  readonly verbs: readonly { readonly id: string }[]
}

export function newSharedParts(): SharedParts {
  return { agents: [new Map(), new Map()], verbs: PROJECTED_VERB_LIST.map((id) => ({ id })) }
}

function agentOf(shared: SharedParts, objectType: unknown, hasAccount: 0 | 1, name: unknown): unknown {
  const byType = shared.agents[hasAccount === 1 ? 1 : 0]
  let byName = byType.get(objectType)
  if (byName === undefined) byType.set(objectType, (byName = new Map()))
  let agent = byName.get(name)
  if (agent === undefined) byName.set(name, (agent = hasAccount === 1 ? { objectType, account: { name } } : { objectType }))
  return agent
}

/**
 * Statements from projection texts: one JSON.parse per 10,000 of them (far
 * cheaper than one each; unbounded, a huge class would pass V8's string limit).
 */
export function projectedStatements(facts: readonly string[]): Statement[] {
  const shared = newSharedParts()
  const out: Statement[] = []
  for (let i = 0; i < facts.length; i += 10_000) {
    for (const t of JSON.parse(`[${facts.slice(i, i + 10_000).join(',')}]`) as EvidenceTuple[]) out.push(projectedStatement(t, shared))
  }
  return out
}

/** Chronological order (core's: the instant of `timestamp`, then id), computed once so core's own sort is linear. */
export function chronologically(statements: Statement[]): Statement[] {
  const keyed = statements.map((s) => ({ t: Date.parse(s.timestamp), s }))
  keyed.sort((a, b) => a.t - b.t || (a.s.id < b.s.id ? -1 : a.s.id > b.s.id ? 1 : 0))
  return keyed.map((k) => k.s)
}

/**
 * The grid of a class, from the evidence projections of its students' stored,
 * non-voided statements. The store answers them in chronological order, so
 * core's sort is one pass.
 */
export async function classGrid(store: Store, klass: ClassRow, competencies: readonly Competency[], expeditionOf: ReadonlyMap<string, string>, filter: GridFilter = {}): Promise<Grid> {
  const students = await store.listStudents(klass.id)
  const ids = students.map((s) => s.id)
  const [facts, lastSync] = await Promise.all([store.evidenceProjections(ids), store.lastStoredByStudent(ids)])
  return gridFromStatements(students, lastSync, projectedStatements(facts), competencies, expeditionOf, filter)
}
