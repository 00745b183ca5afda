import type { Statement } from '../xapi/types.js'
import { EXTENSION, VERB } from '../xapi/vocabulary.js'

/** Why the live view flags a student. */
export type StuckReason = 'repeated-misses' | 'support-exhausted' | 'idle'

export interface LiveThresholds {
  /** Consecutive wrong answers on the current task that count as stuck. */
  readonly misses: number
  /** No statement for this long during an unfinished task counts as idle. */
  readonly idleMs: number
}

export const DEFAULT_LIVE_THRESHOLDS: LiveThresholds = { misses: 3, idleMs: 3 * 60_000 }

/** Where one student is right now and whether they need the teacher, from their statements. */
export interface LiveStatus {
  readonly expedition: string | null
  readonly station: string | null
  /** Whether the current task is finished. */
  readonly taskComplete: boolean
  readonly lastActivityAt: string | null
  readonly missesInARow: number
  readonly stuck: readonly StuckReason[]
}

/**
 * One student on the live class view and a snapshot of the class, as the
 * server streams them and the teacher page reads them: one contract, so the
 * two cannot drift apart.
 */
export interface LiveStudent extends LiveStatus {
  readonly studentId: string
  readonly displayName: string
  readonly lastSyncAt: string | null
  /** Nothing stored from this student for a while (server's SYNC_LATE_MS). */
  readonly syncLate: boolean
}

export interface LiveSnapshot {
  readonly classId: string
  readonly at: string
  /** The highest statement sequence number this snapshot has seen. */
  readonly seq: number
  readonly students: readonly LiveStudent[]
}

const SCAFFOLD = 'scaffold'

/**
 * The live view's rule: the latest station a student's statements name is
 * where they are; they are stuck after repeated misses there, once the
 * support ladder has reached its scaffold without a right answer since, or
 * when idle mid-task.
 */
export function liveStatus(statements: readonly Statement[], nowMs: number, thresholds: LiveThresholds = DEFAULT_LIVE_THRESHOLDS): LiveStatus {
  const ordered = [...statements].filter((s) => s.verb.id !== VERB.voided).sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp) || (a.id < b.id ? -1 : 1))
  const last = ordered.at(-1)
  const expedition = last?.context?.extensions?.[EXTENSION.expedition]
  const station = last?.context?.extensions?.[EXTENSION.station]
  if (!last || typeof expedition !== 'string' || typeof station !== 'string') {
    return { expedition: null, station: null, taskComplete: false, lastActivityAt: last?.timestamp ?? null, missesInARow: 0, stuck: [] }
  }
  let misses = 0
  let scaffolded = false
  let complete = false
  for (const s of ordered) {
    const ext = s.context?.extensions
    if (ext?.[EXTENSION.expedition] !== expedition || ext?.[EXTENSION.station] !== station) continue
    if (s.verb.id === VERB.attempted) {
      misses = 0
      scaffolded = false
      complete = false
    } else if (s.verb.id === VERB.answered) {
      if (s.result?.success) {
        misses = 0
        scaffolded = false
      } else misses += 1
    } else if ((s.verb.id === VERB.experienced || s.verb.id === VERB.requestedHint) && s.result?.extensions?.[EXTENSION.supportStep] === SCAFFOLD) {
      scaffolded = true
    } else if (s.verb.id === VERB.completed) {
      complete = true
    }
  }
  const stuck: StuckReason[] = []
  if (!complete && misses >= thresholds.misses) stuck.push('repeated-misses')
  if (!complete && scaffolded) stuck.push('support-exhausted')
  if (!complete && nowMs - Date.parse(last.timestamp) >= thresholds.idleMs) stuck.push('idle')
  return { expedition, station, taskComplete: complete, lastActivityAt: last.timestamp, missesInARow: misses, stuck }
}
