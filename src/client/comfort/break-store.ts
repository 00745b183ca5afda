import { createStore } from 'zustand/vanilla'
import { isBreakDue, nextBreakDue, snoozeBreak, tookBreak, type BreakClock } from '../../core/comfort/index.js'
import { settingsStore } from '../stores/settings-store.js'

/** A hidden page (headset off, tab away) for this long counts as a break. */
const AWAY_COUNTS_AS_BREAK_MS = 5 * 60_000

export interface BreakView {
  readonly due: boolean
  readonly clock: BreakClock
}

/**
 * The break reminder's state. Changes only on timers and the student's answers,
 * never per frame; it shows a notice and pauses nothing.
 */
export const breakStore = createStore<BreakView>()(() => ({
  due: false,
  clock: { since: Date.now(), intervalMinutes: settingsStore.getState().breakReminderMinutes, snoozedUntil: null },
}))

let timer: ReturnType<typeof setTimeout> | null = null

function schedule(): void {
  if (timer !== null) clearTimeout(timer)
  timer = null
  const { clock } = breakStore.getState()
  const now = Date.now()
  const due = isBreakDue(clock, now)
  if (due !== breakStore.getState().due) breakStore.setState({ due })
  const at = nextBreakDue(clock)
  if (at !== null && !due) timer = setTimeout(schedule, Math.min(at - now + 50, 2 ** 31 - 1))
}

function setClock(clock: BreakClock): void {
  breakStore.setState({ clock })
  schedule()
}

/** "I had a break" / "Back to it": a new stretch of play starts now. */
export function breakTaken(): void {
  setClock(tookBreak(breakStore.getState().clock, Date.now()))
}

/** "Remind me later". */
export function breakSnoozed(): void {
  setClock(snoozeBreak(breakStore.getState().clock, Date.now()))
}

/** Test hook: make the reminder due now, as if the interval had passed. */
export function breakDueNow(): void {
  const { clock } = breakStore.getState()
  const minutes = clock.intervalMinutes > 0 ? clock.intervalMinutes : 20
  setClock({ since: Date.now() - minutes * 60_000, intervalMinutes: minutes, snoozedUntil: null })
}

let started = false

/** Starts the clock for this page (idempotent): follows the setting and counts time away as a break. */
export function startBreakClock(): () => void {
  if (started) return () => undefined
  started = true
  setClock({ ...breakStore.getState().clock, since: Date.now() })
  const unsubscribe = settingsStore.subscribe((s, prev) => {
    if (s.breakReminderMinutes !== prev.breakReminderMinutes) setClock({ ...breakStore.getState().clock, intervalMinutes: s.breakReminderMinutes })
  })
  let hiddenAt: number | null = null
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') hiddenAt = Date.now()
    else {
      if (hiddenAt !== null && Date.now() - hiddenAt >= AWAY_COUNTS_AS_BREAK_MS) breakTaken()
      hiddenAt = null
    }
  }
  document.addEventListener('visibilitychange', onVisibility)
  return () => {
    started = false
    unsubscribe()
    document.removeEventListener('visibilitychange', onVisibility)
    if (timer !== null) clearTimeout(timer)
    timer = null
  }
}
