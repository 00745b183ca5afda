import { describe, expect, it } from 'vitest'
import { setAmbience } from '../../src/client/audio/ambience.js'
import { playJudgement } from '../../src/client/audio/cues.js'
import { audioLog, currentEngine, soundAudible } from '../../src/client/audio/engine.js'
import { settingsStore } from '../../src/client/stores/settings-store.js'

describe('sound cues', () => {
  it('takes every judgement, and is silent (no audio context) before a user gesture', () => {
    expect(() => {
      playJudgement(true)
      playJudgement(false)
    }).not.toThrow()
    expect(audioLog.judgements.slice(-2)).toEqual(['right', 'wrong'])
    expect(currentEngine()).toBeNull()
  })

  it('is inaudible when sound is off or the volume is zero', () => {
    settingsStore.getState().update({ sound: true, volume: 0.6 })
    expect(soundAudible()).toBe(true)
    settingsStore.getState().update({ sound: false })
    expect(soundAudible()).toBe(false)
    settingsStore.getState().update({ sound: true, volume: 0 })
    expect(soundAudible()).toBe(false)
    settingsStore.getState().reset()
  })

  it('remembers the ambience asked for, to start it after the first gesture', () => {
    setAmbience('deep-water')
    expect(audioLog.ambience).toBe('deep-water')
    setAmbience('none')
    expect(audioLog.ambience).toBe('none')
  })
})
