/**
 * When to suggest a break. Children need breaks; the reminder is calm, and it
 * pauses nothing: the student decides. Times are milliseconds on any one clock.
 */

export interface BreakClock {
  /** When the current stretch of play began: the session start, or the last "I had a break". */
  readonly since: number
  /** Minutes between reminders; 0 turns reminders off. */
  readonly intervalMinutes: number
  /** A "remind me later" pushes the next reminder to this time, or null. */
  readonly snoozedUntil: number | null
}

/** How long "remind me later" waits, minutes. */
export const SNOOZE_MINUTES = 5

const MINUTE = 60_000

/** When the next reminder is due, or null when reminders are off. */
export function nextBreakDue(clock: BreakClock): number | null {
  if (clock.intervalMinutes <= 0) return null
  const due = clock.since + clock.intervalMinutes * MINUTE
  return clock.snoozedUntil !== null && clock.snoozedUntil > due ? clock.snoozedUntil : due
}

/** Whether a reminder should show at `now`. */
export function isBreakDue(clock: BreakClock, now: number): boolean {
  const due = nextBreakDue(clock)
  return due !== null && now >= due
}

/** The student took a break (or says so): a new stretch starts now. */
export function tookBreak(clock: BreakClock, now: number): BreakClock {
  return { ...clock, since: now, snoozedUntil: null }
}

/** "Remind me later": the reminder hides and comes back after a short snooze. */
export function snoozeBreak(clock: BreakClock, now: number, minutes = SNOOZE_MINUTES): BreakClock {
  return { ...clock, snoozedUntil: now + minutes * MINUTE }
}

/** Minutes played in the current stretch, rounded down, for the notice's text. */
export function minutesPlayed(clock: BreakClock, now: number): number {
  return Math.max(0, Math.floor((now - clock.since) / MINUTE))
}
