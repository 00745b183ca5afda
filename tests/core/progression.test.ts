import { describe, expect, it } from 'vitest'
import { stationKey, teacherUnlocks } from '../../src/core/evidence/unlocks.js'
import type { Level } from '../../src/core/mastery/levels.js'
import { isExpeditionOpen, isStationOpen, nextStation, offerStretch, openStations, progressTowardProficiency } from '../../src/core/mastery/progression.js'
import { studentAgent } from '../../src/core/xapi/builder.js'
import type { Statement } from '../../src/core/xapi/types.js'
import { EXTENSION, VERB } from '../../src/core/xapi/vocabulary.js'
import { HOME } from './fixtures.js'

const A = 'https://fathom.education/frameworks/test/items/a'
const B = 'https://fathom.education/frameworks/test/items/b'
const stations = [
  { id: 'first', requires: [] },
  { id: 'second', requires: [A] },
  { id: 'third', requires: [A, B] },
]
const levels = (entries: [string, Level][]) => new Map(entries)
const none = new Set<string>()

describe('progression by mastery', () => {
  it('opens a station without prerequisites from the start', () => {
    expect(openStations(stations, levels([]), none)).toEqual(['first'])
  })

  it('does not open a station before its prerequisite is proficient', () => {
    expect(isStationOpen(stations[1]!, levels([[A, 'not-yet-proficient']]), none)).toBe(false)
  })

  it('opens a station once every prerequisite is proficient or advanced', () => {
    expect(openStations(stations, levels([[A, 'proficient']]), none)).toEqual(['first', 'second'])
    expect(openStations(stations, levels([[A, 'advanced'], [B, 'proficient']]), none)).toEqual(['first', 'second', 'third'])
  })

  it('opens a station a teacher unlocked, whatever the levels', () => {
    expect(isStationOpen(stations[2]!, levels([]), new Set(['third']))).toBe(true)
  })

  it('sends the student to the first open station not yet completed', () => {
    expect(nextStation(stations, levels([[A, 'proficient']]), none, new Set(['first']))).toBe('second')
    expect(nextStation(stations, levels([]), none, new Set(['first']))).toBeUndefined()
  })

  it('offers the stretch task once proficient on every competency of the task, and not once advanced', () => {
    expect(offerStretch([A], levels([[A, 'not-yet-proficient']]))).toBe(false)
    expect(offerStretch([A], levels([[A, 'proficient']]))).toBe(true)
    expect(offerStretch([A, B], levels([[A, 'proficient']]))).toBe(false)
    expect(offerStretch([A], levels([[A, 'advanced']]))).toBe(false)
  })

  it('shows progress toward proficiency from the prior P(L0) to the threshold', () => {
    expect(progressTowardProficiency(0.2, 0.2)).toBe(0) // nothing answered yet: an empty bar
    expect(progressTowardProficiency(0.575, 0.2)).toBeCloseTo(0.5)
    expect(progressTowardProficiency(0.1, 0.2)).toBe(0) // below the prior after misses
    expect(progressTowardProficiency(0.95, 0.2)).toBe(1)
    expect(progressTowardProficiency(0.99, 0.2)).toBe(1)
    expect(progressTowardProficiency(0.5, 0.97)).toBe(0) // a prior above the threshold cannot divide by zero or less
    expect(progressTowardProficiency(0.97, 0.97)).toBe(1)
  })

  it('opens an expedition when the competencies it requires are shown', () => {
    expect(isExpeditionOpen([], levels([]))).toBe(true)
    expect(isExpeditionOpen([A], levels([[A, 'not-yet-proficient']]))).toBe(false)
    expect(isExpeditionOpen([A], levels([[A, 'proficient']]))).toBe(true)
  })
})

describe('teacher unlocks', () => {
  const unlock = (id: string, student: string, station: string): Statement => ({
    id,
    actor: studentAgent(HOME, 't_kim'),
    verb: { id: VERB.unlocked },
    object: studentAgent(HOME, student),
    context: { extensions: { [EXTENSION.expedition]: 'ocean', [EXTENSION.station]: station } },
    timestamp: '2026-12-03T10:00:00.000Z',
  })

  it('reads the stations a teacher opened, per student', () => {
    const unlocks = teacherUnlocks([unlock('00000000-0000-4000-8000-000000000001', 's_alex', 'second'), unlock('00000000-0000-4000-8000-000000000002', 's_bo', 'third')])
    expect([...(unlocks.get('s_alex') ?? [])]).toEqual([stationKey('ocean', 'second')])
    expect([...(unlocks.get('s_bo') ?? [])]).toEqual(['ocean/third'])
  })

  it('leaves out a voided unlock', () => {
    const u = unlock('00000000-0000-4000-8000-000000000001', 's_alex', 'second')
    const voiding: Statement = { id: '00000000-0000-4000-8000-000000000009', actor: u.actor, verb: { id: VERB.voided }, object: { objectType: 'StatementRef', id: u.id }, timestamp: u.timestamp }
    expect(teacherUnlocks([u, voiding]).get('s_alex')).toBeUndefined()
  })
})
