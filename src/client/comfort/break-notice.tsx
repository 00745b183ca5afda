import { useStore } from 'zustand'
import { minutesPlayed } from '../../core/comfort/index.js'
import { breakSnoozed, breakStore, breakTaken } from './break-store.js'

/** The break reminder on the page: calm, in a corner, pausing nothing. */
export function BreakNotice() {
  const due = useStore(breakStore, (s) => s.due)
  const clock = useStore(breakStore, (s) => s.clock)
  if (!due) return null
  return (
    <aside id="break-reminder" className="break-notice card" role="status" aria-live="polite">
      <p className="break-title">Time for a break?</p>
      <p>You have been exploring for {minutesPlayed(clock, Date.now())} minutes. Look away from the screen, stretch, have a drink. Your work is saved.</p>
      <div className="actions">
        <button id="break-taken" type="button" onClick={breakTaken}>
          Back to it
        </button>
        <button id="break-later" type="button" className="secondary" onClick={breakSnoozed}>
          Remind me later
        </button>
      </div>
    </aside>
  )
}
