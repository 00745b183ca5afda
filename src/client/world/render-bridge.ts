import type { RootState } from '@react-three/fiber'

/** Lets code outside the canvas (test hooks, the sync badge) read the renderer, scene and camera. */
export const renderBridge: {
  get: (() => RootState) | null
  /** Projects a world point to page CSS pixels with the current camera. */
  project: ((x: number, y: number, z: number) => { x: number; y: number } | null) | null
  programsAfterLoad: number | null
  firstFrameAt: number | null
} = {
  get: null,
  project: null,
  programsAfterLoad: null,
  firstFrameAt: null,
}
