import { audioLog } from '../audio/engine.js'
import { pick, settingsStore } from '../stores/settings-store.js'
import { breakDueNow, breakStore } from './break-store.js'
import { rigState } from './rig-state.js'

/** What the test hooks read about comfort, sound and which expedition is open. */
export const comfortHooks = {
  /** The expedition now shown (manifest id), set by the comfort overlay. */
  expedition: null as string | null,
  settings: () => pick(settingsStore.getState()),
  rig: () => ({ position: [...rigState.position] as [number, number, number], yaw: rigState.yaw, vignette: rigState.vignette, teleports: rigState.teleports, snapTurns: rigState.snapTurns }),
  audio: () => ({ ...audioLog, judgements: [...audioLog.judgements] }),
  breakDue: () => breakStore.getState().due,
  showBreakReminder: () => breakDueNow(),
}
