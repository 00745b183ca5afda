import { describe, expect, it } from 'vitest'
import {
  BREAK_REMINDER_MINUTES,
  DEFAULT_COMFORT_SETTINGS,
  MAX_READING_DISTANCE_METRES,
  MIN_LINE_ANGLE_DEGREES,
  SEATED_FLOOR_RAISE,
  TEXT_SIZES,
  cycle,
  floorOffset,
  isBreakDue,
  lineAngleDegrees,
  maxLegibleDistance,
  minutesPlayed,
  nextBreakDue,
  panelLineHeightMetres,
  parseComfortSettings,
  roundVolume,
  smoothVelocity,
  snapTurn,
  snapTurnInput,
  snoozeBreak,
  stepTextSize,
  teleportTo,
  textScale,
  tookBreak,
  vignetteStrength,
} from '../../src/core/comfort/index.js'

const MIN = 60_000
const close = (a: readonly number[], b: readonly number[]) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 6))

describe('comfort settings', () => {
  it('defaults to standing, teleport and snap turn, smooth locomotion off, sound on and a 20-minute break reminder', () => {
    expect(parseComfortSettings(undefined)).toEqual(DEFAULT_COMFORT_SETTINGS)
    expect(DEFAULT_COMFORT_SETTINGS).toMatchObject({ posture: 'standing', smoothLocomotion: false, snapTurnDegrees: 45, sound: true, breakReminderMinutes: 20 })
  })

  it('keeps valid stored fields and replaces only an invalid one with its default', () => {
    const parsed = parseComfortSettings({ posture: 'seated', textSize: 'huge', volume: 0.3, sound: false, snapTurnDegrees: 30 })
    expect(parsed).toEqual({ ...DEFAULT_COMFORT_SETTINGS, posture: 'seated', volume: 0.3, sound: false, snapTurnDegrees: 30 })
  })

  it('rejects break intervals and turn angles that are not offered', () => {
    expect(parseComfortSettings({ breakReminderMinutes: 7, snapTurnDegrees: 10 })).toMatchObject({ breakReminderMinutes: 20, snapTurnDegrees: 45 })
    expect(parseComfortSettings({ breakReminderMinutes: 0 }).breakReminderMinutes).toBe(0)
    expect(BREAK_REMINDER_MINUTES).toContain(20)
  })

  it('rounds volume to its step and clamps it to 0..1', () => {
    expect(roundVolume(0.34)).toBe(0.3)
    expect(roundVolume(1.7)).toBe(1)
    expect(roundVolume(-1)).toBe(0)
    expect(roundVolume(Number.NaN)).toBe(0)
    expect(parseComfortSettings({ volume: 2 }).volume).toBe(DEFAULT_COMFORT_SETTINGS.volume)
  })

  it('has three text-size steps that grow, and steps stop at the ends', () => {
    expect(TEXT_SIZES.map((t) => t.scale)).toEqual([1, 1.25, 1.5])
    expect(stepTextSize('standard', 1)).toBe('large')
    expect(stepTextSize('largest', 1)).toBe('largest')
    expect(stepTextSize('standard', -1)).toBe('standard')
    expect(textScale('largest')).toBe(1.5)
  })

  it('cycles through a list of values, wrapping round', () => {
    expect(cycle(['left', 'right', 'both'], 'both')).toBe('left')
    expect(cycle([30, 45], 30)).toBe(45)
  })
})

describe('legibility', () => {
  it('gives the smallest panel text (34 px on an 800 px/m card) at least 0.4° per line at 3 m, at every text size', () => {
    for (const { scale } of TEXT_SIZES) {
      const line = panelLineHeightMetres(34, 800, 1.25, scale)
      expect(lineAngleDegrees(line, MAX_READING_DISTANCE_METRES)).toBeGreaterThanOrEqual(MIN_LINE_ANGLE_DEGREES)
    }
  })

  it('computes the angle of a line and the distance it stays legible to', () => {
    // 2 cm at 2 m is about 0.573°.
    expect(lineAngleDegrees(0.02, 2)).toBeCloseTo(0.573, 3)
    expect(lineAngleDegrees(0.02, maxLegibleDistance(0.02, 0.4))).toBeCloseTo(0.4, 6)
  })
})

describe('break reminder', () => {
  const clock = { since: 0, intervalMinutes: 20, snoozedUntil: null }

  it('is due 20 minutes after play starts, not before', () => {
    expect(nextBreakDue(clock)).toBe(20 * MIN)
    expect(isBreakDue(clock, 20 * MIN - 1)).toBe(false)
    expect(isBreakDue(clock, 20 * MIN)).toBe(true)
  })

  it('is never due when turned off', () => {
    expect(nextBreakDue({ ...clock, intervalMinutes: 0 })).toBeNull()
    expect(isBreakDue({ ...clock, intervalMinutes: 0 }, 10 * 60 * MIN)).toBe(false)
  })

  it('starts a new stretch after a break', () => {
    const after = tookBreak(clock, 25 * MIN)
    expect(isBreakDue(after, 30 * MIN)).toBe(false)
    expect(nextBreakDue(after)).toBe(45 * MIN)
  })

  it('comes back five minutes after "remind me later"', () => {
    const snoozed = snoozeBreak(clock, 21 * MIN)
    expect(isBreakDue(snoozed, 25 * MIN)).toBe(false)
    expect(isBreakDue(snoozed, 26 * MIN)).toBe(true)
  })

  it('counts whole minutes played in the current stretch', () => {
    expect(minutesPlayed(clock, 20 * MIN + 59_000)).toBe(20)
  })
})

describe('locomotion', () => {
  it('raises the floor for a seated player and not for a standing one', () => {
    expect(floorOffset('seated')).toBe(SEATED_FLOOR_RAISE)
    expect(floorOffset('standing')).toBe(0)
  })

  it('snap-turns about the head, so the head stays put', () => {
    const origin = { position: [1, 0.45, 2] as const, yaw: 0 }
    const head = [1.5, 1.6, 1] as const
    const turned = snapTurn(origin, head, 90)
    expect(turned.yaw).toBeCloseTo(Math.PI / 2, 6)
    // The head's offset from the origin, (0.5, -1) in x/z, rotated by the same 90°, lands on the same head point.
    const offset = [head[0] - origin.position[0], head[2] - origin.position[2]] as const
    const c = Math.cos(turned.yaw)
    const s = Math.sin(turned.yaw)
    close([turned.position[0] + offset[0] * c + offset[1] * s, turned.position[2] - offset[0] * s + offset[1] * c], [head[0], head[2]])
    expect(turned.position[1]).toBe(0.45)
  })

  it('turns once per push of the stick, not once per frame', () => {
    let armed = true
    const turns: number[] = []
    for (const x of [0, 0.9, 0.95, 0.9, 0.1, -0.8, -0.9, 0]) {
      const step = snapTurnInput(x, armed)
      armed = step.armed
      turns.push(step.turn)
    }
    expect(turns).toEqual([0, 1, 0, 0, 0, -1, 0, 0])
  })

  it('teleports so the head, not the origin, lands over the chosen point, keeping height and yaw', () => {
    const origin = { position: [0, 0.45, 0] as const, yaw: 0.3 }
    const moved = teleportTo(origin, [0.2, 1.6, -0.1], [3, 0, -4])
    close(moved.position, [2.8, 0.45, -3.9])
    expect(moved.yaw).toBe(0.3)
  })

  it('walks where the head faces, no faster than the comfort speed', () => {
    // Stick forward (y = -1) while facing -Z: walk towards -Z.
    close(smoothVelocity(0, -1, 0, 1.4), [0, 0, -1.4])
    // Facing +X (yaw -90°): forward is +X.
    close(smoothVelocity(0, -1, -Math.PI / 2, 1), [1, 0, 0])
    expect(Math.hypot(...smoothVelocity(1, -1, 0, 1.4))).toBeCloseTo(1.4, 6)
    expect(smoothVelocity(0.05, 0.05, 0)).toEqual([0, 0, 0])
  })

  it('shows no vignette when still and a stronger one when moving', () => {
    expect(vignetteStrength(0, 0)).toBe(0)
    expect(vignetteStrength(0.7, 0)).toBeGreaterThan(0)
    expect(vignetteStrength(5, 0)).toBe(0.85)
  })
})
