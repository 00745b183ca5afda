import { useMemo } from 'react'
import { useStore } from 'zustand'
import type { Expedition } from '../app/expedition.js'
import { nextStationFor, stationStatuses, unlockedStations, type StationStatus } from '../../core/index.js'
import type { JourneyStore } from '../stores/journey-store.js'
import { useWorld } from '../world/world-context.js'

export interface JourneyView {
  readonly statuses: readonly StationStatus[]
  readonly current: StationStatus | undefined
  /** Where the student goes next, by the mastery rule. */
  readonly next: string | undefined
}

/** The stations of an expedition as the student stands now (levels, unlocks, done), re-derived only when those change. */
export function useStationsView(journey: JourneyStore, expedition: Expedition, stationId: string): JourneyView {
  const levels = useStore(journey, (s) => s.levels)
  const unlocks = useStore(journey, (s) => s.unlocks)
  const done = useStore(journey, (s) => s.done[expedition.manifest.id])
  return useMemo(() => {
    const open = unlockedStations(unlocks, expedition.manifest.id)
    const doneSet = new Set(done ?? [])
    const statuses = stationStatuses(expedition, levels, open, doneSet)
    return { statuses, current: statuses.find((s) => s.id === stationId), next: nextStationFor(expedition, levels, open, doneSet) }
  }, [levels, unlocks, done, expedition, stationId])
}

/** The same, inside the world. */
export function useJourneyView(): JourneyView {
  const { journey, expedition, run } = useWorld()
  return useStationsView(journey, expedition, run.station.id)
}
