import { z } from 'zod'

/**
 * Comfort and accessibility preferences, kept on the device. Pure: the client's
 * settings store persists them; this module says what they may be and what
 * they default to (see learning-design.md, "Comfort and accessibility").
 */

/** Text-size steps: a scale for DOM text and in-world panels. */
export const TEXT_SIZES = [
  { id: 'standard', scale: 1, label: 'Standard' },
  { id: 'large', scale: 1.25, label: 'Large' },
  { id: 'largest', scale: 1.5, label: 'Largest' },
] as const
export type TextSize = (typeof TEXT_SIZES)[number]['id']

/** Snap-turn angles offered, degrees. */
export const SNAP_TURN_DEGREES = [30, 45] as const
export type SnapTurnDegrees = (typeof SNAP_TURN_DEGREES)[number]

/** Break-reminder intervals offered, minutes; 0 turns the reminder off. */
export const BREAK_REMINDER_MINUTES = [0, 10, 15, 20, 30, 45] as const
export type BreakReminderMinutes = (typeof BREAK_REMINDER_MINUTES)[number]

export const POSTURES = ['standing', 'seated'] as const
export type Posture = (typeof POSTURES)[number]

/** Which controller's trigger teleports when it points at the floor; both rays always interact. */
export const TELEPORT_HANDS = ['left', 'right', 'both'] as const
export type TeleportHand = (typeof TELEPORT_HANDS)[number]

/** Volume steps, so a headset's ray-and-trigger panel can step it too. */
export const VOLUME_STEP = 0.1

export interface ComfortSettings {
  /** Seated raises the floor so nothing needs reaching it. @default 'standing' */
  readonly posture: Posture
  /** @default 45 */
  readonly snapTurnDegrees: SnapTurnDegrees
  /** Thumbstick walking, with a comfort vignette; opt-in. @default false */
  readonly smoothLocomotion: boolean
  /** @default 'left' (the right hand is free for the task; either ray can do everything) */
  readonly teleportHand: TeleportHand
  /** @default 'standard' */
  readonly textSize: TextSize
  /** Sound is never needed: every cue has a visual twin. @default true */
  readonly sound: boolean
  /** 0..1. @default 0.6 */
  readonly volume: number
  /** @default 20 */
  readonly breakReminderMinutes: BreakReminderMinutes
}

export const DEFAULT_COMFORT_SETTINGS: ComfortSettings = {
  posture: 'standing',
  snapTurnDegrees: 45,
  smoothLocomotion: false,
  teleportHand: 'left',
  textSize: 'standard',
  sound: true,
  volume: 0.6,
  breakReminderMinutes: 20,
}

const d = DEFAULT_COMFORT_SETTINGS
const oneOf = <T extends readonly (string | number)[]>(values: T, fallback: T[number]) =>
  z.custom<T[number]>((v) => (values as readonly unknown[]).includes(v)).catch(fallback)

const schema = z.object({
  posture: oneOf(POSTURES, d.posture),
  snapTurnDegrees: oneOf(SNAP_TURN_DEGREES, d.snapTurnDegrees),
  smoothLocomotion: z.boolean().catch(d.smoothLocomotion),
  teleportHand: oneOf(TELEPORT_HANDS, d.teleportHand),
  textSize: oneOf(TEXT_SIZES.map((t) => t.id), d.textSize),
  sound: z.boolean().catch(d.sound),
  volume: z.number().min(0).max(1).catch(d.volume),
  breakReminderMinutes: oneOf(BREAK_REMINDER_MINUTES, d.breakReminderMinutes),
})

/**
 * Reads stored settings field by field: a missing or invalid field takes its
 * default and the others are kept, so a bad value never loses the rest.
 */
export function parseComfortSettings(raw: unknown): ComfortSettings {
  const input = typeof raw === 'object' && raw !== null ? raw : {}
  const parsed = schema.parse(input)
  return { ...parsed, volume: roundVolume(parsed.volume) }
}

/** Clamps to 0..1 and rounds to the volume step. */
export function roundVolume(volume: number): number {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(volume) ? volume : 0))
  return Number((Math.round(clamped / VOLUME_STEP) * VOLUME_STEP).toFixed(1))
}

/** The scale of a text-size step. */
export function textScale(size: TextSize): number {
  return TEXT_SIZES.find((t) => t.id === size)?.scale ?? 1
}

/** The next text-size step up (+1) or down (-1), staying at the ends. */
export function stepTextSize(size: TextSize, direction: 1 | -1): TextSize {
  const i = TEXT_SIZES.findIndex((t) => t.id === size)
  const next = Math.min(TEXT_SIZES.length - 1, Math.max(0, (i < 0 ? 0 : i) + direction))
  return TEXT_SIZES[next]!.id
}

/** The next value in a list, wrapping round: for one-button toggles on an in-world panel. */
export function cycle<T>(values: readonly T[], current: T): T {
  const i = values.indexOf(current)
  return values[(i + 1) % values.length]!
}
