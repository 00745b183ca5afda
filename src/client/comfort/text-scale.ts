import { useStore } from 'zustand'
import { textScale } from '../../core/comfort/index.js'
import { settingsStore } from '../stores/settings-store.js'

/** The in-world panel scale for the student's text-size setting (1, 1.25 or 1.5). */
export function usePanelTextScale(): number {
  return useStore(settingsStore, (s) => textScale(s.textSize))
}
