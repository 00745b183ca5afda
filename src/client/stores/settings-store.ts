import { createJSONStorage, persist, type StateStorage } from 'zustand/middleware'
import { createStore, type StoreApi } from 'zustand/vanilla'
import { DEFAULT_COMFORT_SETTINGS, parseComfortSettings, roundVolume, type ComfortSettings } from '../../core/comfort/index.js'

/** Where the settings live in localStorage: on this device only, never synced. */
export const SETTINGS_STORAGE_KEY = 'fathom.settings'
/** Bump with a `migrate` step when a field changes meaning. */
export const SETTINGS_VERSION = 1

export interface SettingsState extends ComfortSettings {
  /** Changes some settings; values are checked by the core's rules. */
  update(patch: Partial<ComfortSettings>): void
  /** Back to the defaults. */
  reset(): void
}

export type SettingsStore = StoreApi<SettingsState>

/** localStorage when there is one (a browser), else nothing is kept (node, private modes that throw). */
function deviceStorage(): StateStorage {
  try {
    if (typeof localStorage !== 'undefined') return localStorage
  } catch {
    // Access can throw where storage is blocked: fall through.
  }
  const memory = new Map<string, string>()
  return { getItem: (k) => memory.get(k) ?? null, setItem: (k, v) => void memory.set(k, v), removeItem: (k) => void memory.delete(k) }
}

/**
 * The comfort and accessibility settings, kept on the device with zustand's
 * `persist`. Rehydration is synchronous (localStorage), so the first render
 * already has the student's settings.
 */
export function createSettingsStore(storage: StateStorage = deviceStorage()): SettingsStore {
  return createStore<SettingsState>()(
    persist(
      (set) => ({
        ...DEFAULT_COMFORT_SETTINGS,
        update(patch) {
          set((s) => {
            const next = parseComfortSettings({ ...pick(s), ...patch })
            return patch.volume === undefined ? next : { ...next, volume: roundVolume(patch.volume) }
          })
        },
        reset() {
          set({ ...DEFAULT_COMFORT_SETTINGS })
        },
      }),
      {
        name: SETTINGS_STORAGE_KEY,
        version: SETTINGS_VERSION,
        storage: createJSONStorage(() => storage),
        partialize: (s) => pick(s),
        // Whatever was stored (an older version, a hand edit), keep what is valid.
        migrate: (persisted) => parseComfortSettings(persisted),
        merge: (persisted, current) => ({ ...current, ...parseComfortSettings(persisted) }),
      },
    ),
  )
}

/** Only the settings, without the actions. */
export function pick(s: ComfortSettings): ComfortSettings {
  return {
    posture: s.posture,
    snapTurnDegrees: s.snapTurnDegrees,
    smoothLocomotion: s.smoothLocomotion,
    teleportHand: s.teleportHand,
    textSize: s.textSize,
    sound: s.sound,
    volume: s.volume,
    breakReminderMinutes: s.breakReminderMinutes,
  }
}

/** The app's one settings store. */
export const settingsStore: SettingsStore = createSettingsStore()
