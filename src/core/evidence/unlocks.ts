import type { Statement } from '../xapi/types.js'
import { EXTENSION, VERB } from '../xapi/vocabulary.js'
import { studentOf } from './derive.js'

/** `expedition/station`, the key of a station across expeditions. */
export function stationKey(expedition: string, station: string): string {
  return `${expedition}/${station}`
}

/**
 * The stations teachers opened by hand, per student, from their `unlocked`
 * statements (voided ones left out). Keys are {@link stationKey}s.
 */
export function teacherUnlocks(statements: readonly Statement[]): Map<string, Set<string>> {
  const voided = new Set(statements.filter((s) => s.verb.id === VERB.voided && s.object.objectType === 'StatementRef').map((s) => (s.object as { id: string }).id))
  const unlocks = new Map<string, Set<string>>()
  for (const statement of statements) {
    if (statement.verb.id !== VERB.unlocked || voided.has(statement.id)) continue
    const student = studentOf(statement)
    const expedition = statement.context?.extensions?.[EXTENSION.expedition]
    const station = statement.context?.extensions?.[EXTENSION.station]
    if (student === undefined || typeof expedition !== 'string' || typeof station !== 'string') continue
    const set = unlocks.get(student) ?? new Set<string>()
    set.add(stationKey(expedition, station))
    unlocks.set(student, set)
  }
  return unlocks
}
