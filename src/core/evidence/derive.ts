import type { Competency } from '../competency/framework.js'
import { updateKnowledge } from '../mastery/bkt.js'
import { isLevel, levelFor, type Level } from '../mastery/levels.js'
import type { Statement } from '../xapi/types.js'
import { EXTENSION, VERB } from '../xapi/vocabulary.js'

/** A teacher's hand-set level, kept visible as an override. */
export interface LevelOverride {
  readonly level: Level
  readonly note: string
  readonly statementId: string
  readonly at: string
}

/** What the statements show about one student on one competency. */
export interface EvidenceRecord {
  readonly studentId: string
  readonly competencyId: string
  /** The level shown: the override's where a teacher set one, else the derived level. */
  readonly level: Level
  /** The level the statements alone give. */
  readonly derivedLevel: Level
  /** P(L) after the last scored attempt. */
  readonly pKnown: number
  readonly attempts: number
  readonly correct: number
  /** Ids of the statements this record rests on, in the order they were applied. */
  readonly statementIds: readonly string[]
  /** Timestamp of the last statement applied, or null when none. */
  readonly lastEvidenceAt: string | null
  readonly override?: LevelOverride
}

/** A teacher's decision (a level overridden, a station unlocked) is about the student named as its object, not its actor. */
export function isTeacherDecision(verbId: string): boolean {
  return verbId === VERB.overrodeLevel || verbId === VERB.unlocked
}

/** The student a statement is about: the account name of an account agent. */
export function studentOf(statement: Statement): string | undefined {
  const actor = isTeacherDecision(statement.verb.id) ? statement.object : statement.actor
  if (!('account' in actor) || actor.objectType === 'Group' || !actor.account) return undefined
  return actor.account.name
}

/** The competency IRIs a statement names in Fathom's extension. */
export function competenciesOf(statement: Statement): readonly string[] {
  const value = statement.context?.extensions?.[EXTENSION.competencies]
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

function hintsUsed(statement: Statement): number {
  const value = statement.result?.extensions?.[EXTENSION.hintsUsed]
  return typeof value === 'number' ? value : 0
}

/** Chronological by the instant of `timestamp`, then by id, so the order never depends on arrival. */
function chronological(a: Statement, b: Statement): number {
  const dt = Date.parse(a.timestamp) - Date.parse(b.timestamp)
  if (dt !== 0) return dt
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

interface Tally {
  pKnown: number
  attempts: number
  correct: number
  transferSucceeded: boolean
  statementIds: string[]
  lastEvidenceAt: string | null
  override?: LevelOverride
}

/**
 * Evidence is a pure function of statements: the same statements give the same
 * records, in the same order, on the headset and on the server.
 *
 * - A scored attempt is an `answered` statement with `result.success` that names
 *   competencies. It counts as correct only when it succeeded with no hints:
 *   asking for a hint counts the attempt as incorrect.
 * - A transfer-tier attempt that is correct makes a proficient student advanced.
 * - Statements voided by a voiding statement in the input are left out.
 * - A teacher's `overrode-level` statement sets the shown level, kept as an override.
 */
/** Called after each scored attempt is applied, for charts of mastery over time. */
export type EvidenceObserver = (step: {
  readonly studentId: string
  readonly competencyId: string
  readonly statement: Statement
  readonly pKnown: number
  readonly level: Level
}) => void

export function deriveEvidence(statements: readonly Statement[], competencies: readonly Competency[], observe?: EvidenceObserver): EvidenceRecord[] {
  const byId = new Map(competencies.map((c) => [c.id, c]))
  const voided = new Set(
    statements
      .filter((s) => s.verb.id === VERB.voided && s.object.objectType === 'StatementRef')
      .map((s) => (s.object as { id: string }).id),
  )
  const tallies = new Map<string, Tally>()
  const keys: string[] = []
  const tallyFor = (studentId: string, competency: Competency): Tally => {
    const key = `${studentId}\u0000${competency.id}`
    let tally = tallies.get(key)
    if (!tally) {
      tally = { pKnown: competency.bkt.pInit, attempts: 0, correct: 0, transferSucceeded: false, statementIds: [], lastEvidenceAt: null }
      tallies.set(key, tally)
      keys.push(key)
    }
    return tally
  }

  for (const statement of [...statements].sort(chronological)) {
    if (voided.has(statement.id) || statement.verb.id === VERB.voided) continue
    const studentId = studentOf(statement)
    if (studentId === undefined) continue
    for (const competencyId of competenciesOf(statement)) {
      const competency = byId.get(competencyId)
      if (!competency) continue
      if (statement.verb.id === VERB.overrodeLevel) {
        const level = statement.result?.extensions?.[EXTENSION.level]
        if (!isLevel(level)) continue
        const tally = tallyFor(studentId, competency)
        tally.override = { level, note: statement.result?.response ?? '', statementId: statement.id, at: statement.timestamp }
        continue
      }
      if (statement.verb.id !== VERB.answered || typeof statement.result?.success !== 'boolean') continue
      const tally = tallyFor(studentId, competency)
      const correct = statement.result.success && hintsUsed(statement) === 0
      tally.pKnown = updateKnowledge(tally.pKnown, correct, competency.bkt)
      tally.attempts += 1
      if (correct) tally.correct += 1
      if (correct && statement.context?.extensions?.[EXTENSION.tier] === 'transfer') tally.transferSucceeded = true
      tally.statementIds.push(statement.id)
      tally.lastEvidenceAt = statement.timestamp
      observe?.({ studentId, competencyId, statement, pKnown: tally.pKnown, level: levelFor(tally) })
    }
  }

  return keys.map((key) => {
    const tally = tallies.get(key)!
    const [studentId = '', competencyId = ''] = key.split('\u0000')
    const derivedLevel = levelFor(tally)
    return {
      studentId,
      competencyId,
      level: tally.override?.level ?? derivedLevel,
      derivedLevel,
      pKnown: tally.pKnown,
      attempts: tally.attempts,
      correct: tally.correct,
      statementIds: tally.statementIds,
      lastEvidenceAt: tally.lastEvidenceAt,
      ...(tally.override ? { override: tally.override } : {}),
    }
  })
}
