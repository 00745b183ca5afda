import { createXRStore } from '@react-three/xr'
import { fathomController } from './controller.js'

/** Where WebXR input profiles are served (copied into the build by scripts/vite-xr-profiles.ts). */
export const XR_PROFILES_PATH = '/xr-profiles/'

/** The refresh rate the performance budget asks for (Quest default, 13.9 ms a frame). */
export const TARGET_FRAME_RATE = 72

/** Picks 72 Hz, or the supported rate nearest to it. */
export function pickFrameRate(supported: ArrayLike<number>): number | false {
  const rates = Array.from(supported)
  if (rates.length === 0) return false
  if (rates.includes(TARGET_FRAME_RATE)) return TARGET_FRAME_RATE
  return rates.reduce((best, r) => (Math.abs(r - TARGET_FRAME_RATE) < Math.abs(best - TARGET_FRAME_RATE) ? r : best))
}

/**
 * The XR store. Create it only after any emulator is installed: the store reads
 * `navigator.xr` when created.
 */
export function createFathomXRStore() {
  return createXRStore({
    // Emulation is installed by hand in tests (see app/emulate-quest3.ts); never inject it here.
    emulate: false,
    // The student enters with the Enter VR button, after pairing.
    offerSession: false,
    // @react-three/xr's default 'high' picks 90/120 Hz on a Quest 3; the budget is 72 Hz.
    frameRate: pickFrameRate,
    // Controller and hand profiles from our own origin, never the CDN. Must be absolute:
    // the loader resolves profile files with `new URL(file, baseAssetPath)`.
    baseAssetPath: new URL(XR_PROFILES_PATH, window.location.href).href,
    // A plain body instead of the profile's many-mesh model (see controller.tsx); the comfort rig picks the teleport hand.
    controller: fathomController(false),
    hand: { teleportPointer: false },
  })
}

export type FathomXRStore = ReturnType<typeof createFathomXRStore>
