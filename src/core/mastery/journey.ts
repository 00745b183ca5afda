/**
 * The student's way through an expedition, composed from the progression
 * rules (openStations, nextStation, offerStretch, showsMastery): which stations
 * are open, done, or placed ahead by the diagnostic, and what comes next.
 * The headset calls it with the levels derived from its own statements.
 */
import type { Competency } from '../competency/framework.js'
import type { EvidenceRecord } from '../evidence/derive.js'
import type { SceneManifest, Station } from '../scene/manifest.js'
import type { Level } from './levels.js'
import { isStationOpen, nextStation, offerStretch, showsMastery } from './progression.js'

/** What the journey rules read of an expedition: its stations and its competencies. */
export interface ExpeditionPlan {
  readonly manifest: Pick<SceneManifest, 'stations'>
  readonly competencies: readonly Competency[]
}

export interface StationStatus {
  readonly id: string
  readonly title: string
  readonly role: Station['role']
  readonly open: boolean
  /** Opened by a teacher ahead of the mastery rule. */
  readonly unlockedByTeacher: boolean
  /** The core task was completed at least once. */
  readonly done: boolean
  /** Every competency of the core task shows mastery (proficient or advanced). */
  readonly mastered: boolean
  /** Prerequisites not yet shown ("I can…" statements), for a locked station. */
  readonly needs: readonly Competency[]
  /** Whether the stretch is offered now (proficient, not yet advanced). */
  readonly stretchOffered: boolean
  readonly hasStretch: boolean
}

/** Levels by competency IRI for one student. */
export function levelsOf(records: readonly EvidenceRecord[], studentId: string): Map<string, Level> {
  return new Map(records.filter((r) => r.studentId === studentId).map((r) => [r.competencyId, r.level]))
}

/** Teacher unlocks of one expedition, as station ids. */
export function unlockedStations(keys: ReadonlySet<string>, expedition: string): Set<string> {
  const prefix = `${expedition}/`
  return new Set([...keys].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)))
}

/**
 * Stations counted as behind the student: the diagnostic once taken, and any
 * station whose core competencies already show mastery (done here, or placed
 * ahead by the diagnostic). A station done without mastery stays ahead: it
 * comes back until the student shows mastery.
 */
export function settledStations(expedition: ExpeditionPlan, levels: ReadonlyMap<string, Level>, done: ReadonlySet<string>): Set<string> {
  return new Set(
    expedition.manifest.stations
      .filter((s) => (s.role === 'diagnostic' ? done.has(s.id) : s.task.competencies.every((c) => showsMastery(levels.get(c)))))
      .map((s) => s.id),
  )
}

export function stationStatuses(
  expedition: ExpeditionPlan,
  levels: ReadonlyMap<string, Level>,
  unlocks: ReadonlySet<string>,
  done: ReadonlySet<string>,
): StationStatus[] {
  const byId = new Map(expedition.competencies.map((c) => [c.id, c]))
  return expedition.manifest.stations.map((s) => {
    const open = isStationOpen(s, levels, unlocks)
    return {
      id: s.id,
      title: s.title,
      role: s.role,
      open,
      unlockedByTeacher: unlocks.has(s.id) && !s.requires.every((c) => showsMastery(levels.get(c))),
      done: done.has(s.id),
      mastered: s.task.competencies.every((c) => showsMastery(levels.get(c))),
      needs: s.requires.filter((c) => !showsMastery(levels.get(c))).map((c) => byId.get(c)).filter((c): c is Competency => c !== undefined),
      stretchOffered: open && s.stretch !== undefined && offerStretch(s.task.competencies, levels),
      hasStretch: s.stretch !== undefined,
    }
  })
}

/** Where the student goes next: the diagnostic first, then the first open station not settled. */
export function nextStationFor(expedition: ExpeditionPlan, levels: ReadonlyMap<string, Level>, unlocks: ReadonlySet<string>, done: ReadonlySet<string>): string | undefined {
  return nextStation(expedition.manifest.stations, levels, unlocks, settledStations(expedition, levels, done))
}
