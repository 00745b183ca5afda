import { describe, expect, it } from 'vitest'
import { pickFrameRate, TARGET_FRAME_RATE } from '../../src/client/xr/store.js'

describe('session frame rate', () => {
  it('asks for 72 Hz when the headset offers it (a Quest 3 offers 72, 80, 90 and 120)', () => {
    expect(TARGET_FRAME_RATE).toBe(72)
    expect(pickFrameRate([72, 80, 90, 120])).toBe(72)
  })

  it('takes the nearest rate when 72 Hz is not offered, and leaves it alone when none are listed', () => {
    expect(pickFrameRate([60, 90])).toBe(60)
    expect(pickFrameRate([80, 90, 120])).toBe(80)
    expect(pickFrameRate([])).toBe(false)
  })
})
