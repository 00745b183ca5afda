import { MASTERY_THRESHOLD } from './bkt.js'
import type { Level } from './levels.js'

/**
 * Progression by mastery, not time: a station opens when every competency it
 * requires is proficient (or advanced), or when a teacher opened it by hand.
 * No rule here looks at a clock.
 */

export interface StationGate {
  readonly id: string
  /** IRIs of competencies that must be proficient before the station opens. */
  readonly requires: readonly string[]
}

/** Levels that count as having shown mastery. */
export function showsMastery(level: Level | undefined): boolean {
  return level === 'proficient' || level === 'advanced'
}

/** Whether one station is open, given the student's levels and a teacher's unlocks. */
export function isStationOpen(station: StationGate, levels: ReadonlyMap<string, Level>, teacherUnlocked: ReadonlySet<string>): boolean {
  return teacherUnlocked.has(station.id) || station.requires.every((competency) => showsMastery(levels.get(competency)))
}

/** The stations open to a student, in manifest order. */
export function openStations(stations: readonly StationGate[], levels: ReadonlyMap<string, Level>, teacherUnlocked: ReadonlySet<string>): string[] {
  return stations.filter((s) => isStationOpen(s, levels, teacherUnlocked)).map((s) => s.id)
}

/** The first open station not yet completed: where the student goes next. */
export function nextStation(
  stations: readonly StationGate[],
  levels: ReadonlyMap<string, Level>,
  teacherUnlocked: ReadonlySet<string>,
  completed: ReadonlySet<string>,
): string | undefined {
  return openStations(stations, levels, teacherUnlocked).find((id) => !completed.has(id))
}

/**
 * The stretch (transfer) task is offered once the student is proficient on
 * every competency the station's core task names — the zone of proximal
 * development's upper edge — and not again once it succeeded (advanced).
 */
export function offerStretch(competencies: readonly string[], levels: ReadonlyMap<string, Level>): boolean {
  return competencies.length > 0 && competencies.every((c) => levels.get(c) === 'proficient')
}

/**
 * Progress toward proficiency shown to the student, 0–1: how far P(L) has come
 * from the competency's prior P(L0) to the mastery threshold. A student who has
 * not answered yet sees an empty bar (P(L) / threshold would show P(L0) — about
 * a fifth — as progress made), and one below the prior sees it empty too.
 */
export function progressTowardProficiency(pKnown: number, pInit: number): number {
  if (pKnown >= MASTERY_THRESHOLD) return 1
  if (pInit >= MASTERY_THRESHOLD) return 0
  return Math.max(0, Math.min(1, (pKnown - pInit) / (MASTERY_THRESHOLD - pInit)))
}

/** An expedition opens when the competencies it requires (from earlier expeditions) are all shown. */
export function isExpeditionOpen(requires: readonly string[], levels: ReadonlyMap<string, Level>): boolean {
  return requires.every((c) => showsMastery(levels.get(c)))
}
