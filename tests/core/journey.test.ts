import { describe, expect, it } from 'vitest'
import { parseFramework } from '../../src/core/competency/framework.js'
import { nextStationFor, settledStations, stationStatuses, unlockedStations } from '../../src/core/mastery/journey.js'
import type { Level } from '../../src/core/mastery/levels.js'
import { parseManifest } from '../../src/core/scene/manifest.js'
import { readJson } from './fixtures.js'

const framework = parseFramework(readJson('scenes/cosmos/framework.json'))
if (!framework.ok) throw new Error(framework.errors.join('\n'))
const manifest = parseManifest(readJson('scenes/cosmos/manifest.json'), new Set(framework.value.competencies.map((c) => c.id)))
if (!manifest.ok) throw new Error(manifest.errors.join('\n'))
const plan = { manifest: manifest.value, competencies: framework.value.competencies }
const SCALE = framework.value.competencies[0]!.id
const levels = (entries: [string, Level][]) => new Map(entries)
const none = new Set<string>()

describe('a student’s journey through an expedition', () => {
  it('starts with the diagnostic', () => {
    expect(nextStationFor(plan, levels([]), none, none)).toBe('first-look')
  })

  it('goes to the first open station after the diagnostic', () => {
    expect(nextStationFor(plan, levels([[SCALE, 'not-yet-proficient']]), none, new Set(['first-look']))).toBe('planet-parade')
  })

  it('places a student ahead when the diagnostic already shows mastery of a station’s competencies', () => {
    const ahead = levels([[SCALE, 'proficient']])
    expect(settledStations(plan, ahead, new Set(['first-look']))).toEqual(new Set(['first-look', 'planet-parade']))
    expect(nextStationFor(plan, ahead, none, new Set(['first-look']))).toBe('orbit-clock')
  })

  it('brings back a station done without mastery', () => {
    expect(nextStationFor(plan, levels([[SCALE, 'not-yet-proficient']]), none, new Set(['first-look', 'planet-parade']))).toBe('planet-parade')
  })

  it('says what a locked station needs, as "I can…" statements', () => {
    const orbit = stationStatuses(plan, levels([]), none, none).find((s) => s.id === 'orbit-clock')!
    expect(orbit.open).toBe(false)
    expect(orbit.needs.map((c) => c.id)).toEqual([SCALE])
    expect(orbit.needs[0]!.statement).toMatch(/^I can /)
  })

  it('marks a station a teacher opened ahead of the rule', () => {
    const seasons = stationStatuses(plan, levels([]), new Set(['seasons']), none).find((s) => s.id === 'seasons')!
    expect(seasons).toMatchObject({ open: true, unlockedByTeacher: true })
  })

  it('offers the stretch once proficient, and not before', () => {
    const before = stationStatuses(plan, levels([[SCALE, 'not-yet-proficient']]), none, none).find((s) => s.id === 'planet-parade')!
    const after = stationStatuses(plan, levels([[SCALE, 'proficient']]), none, none).find((s) => s.id === 'planet-parade')!
    expect([before.stretchOffered, after.stretchOffered]).toEqual([false, true])
    expect(after.mastered).toBe(true)
  })

  it('reads one expedition’s teacher unlocks from station keys', () => {
    expect(unlockedStations(new Set(['cosmos/seasons', 'ocean/pressure']), 'cosmos')).toEqual(new Set(['seasons']))
  })
})
