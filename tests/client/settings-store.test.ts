import { describe, expect, it } from 'vitest'
import type { StateStorage } from 'zustand/middleware'
import { DEFAULT_COMFORT_SETTINGS } from '../../src/core/comfort/index.js'
import { createSettingsStore, pick, SETTINGS_STORAGE_KEY, SETTINGS_VERSION } from '../../src/client/stores/settings-store.js'

function memoryStorage(initial: Record<string, string> = {}): StateStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial))
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) }
}

describe('settings store', () => {
  it('starts with the defaults on a new device', () => {
    expect(pick(createSettingsStore(memoryStorage()).getState())).toEqual(DEFAULT_COMFORT_SETTINGS)
  })

  it('keeps changed settings on the device and reads them back in a new store', () => {
    const storage = memoryStorage()
    const store = createSettingsStore(storage)
    store.getState().update({ posture: 'seated', textSize: 'largest', sound: false, smoothLocomotion: true, teleportHand: 'both' })
    const stored = JSON.parse(storage.data.get(SETTINGS_STORAGE_KEY)!) as { state: unknown; version: number }
    expect(stored.version).toBe(SETTINGS_VERSION)
    expect(stored.state).toMatchObject({ posture: 'seated', textSize: 'largest' })
    const again = createSettingsStore(storage).getState()
    expect(pick(again)).toEqual({ ...DEFAULT_COMFORT_SETTINGS, posture: 'seated', textSize: 'largest', sound: false, smoothLocomotion: true, teleportHand: 'both' })
  })

  it('ignores an invalid update value and keeps the rest', () => {
    const store = createSettingsStore(memoryStorage())
    store.getState().update({ posture: 'lying' as never, snapTurnDegrees: 30 })
    expect(store.getState()).toMatchObject({ posture: 'standing', snapTurnDegrees: 30 })
  })

  it('rounds volume to its step', () => {
    const store = createSettingsStore(memoryStorage())
    store.getState().update({ volume: 0.74 })
    expect(store.getState().volume).toBe(0.7)
  })

  it('recovers valid fields from damaged or older stored settings', () => {
    const storage = memoryStorage({ [SETTINGS_STORAGE_KEY]: JSON.stringify({ state: { posture: 'seated', textSize: 42 }, version: 0 }) })
    expect(pick(createSettingsStore(storage).getState())).toEqual({ ...DEFAULT_COMFORT_SETTINGS, posture: 'seated' })
    const broken = memoryStorage({ [SETTINGS_STORAGE_KEY]: '{not json' })
    expect(pick(createSettingsStore(broken).getState())).toEqual(DEFAULT_COMFORT_SETTINGS)
  })

  it('resets to the defaults', () => {
    const store = createSettingsStore(memoryStorage())
    store.getState().update({ sound: false })
    store.getState().reset()
    expect(pick(store.getState())).toEqual(DEFAULT_COMFORT_SETTINGS)
  })
})
