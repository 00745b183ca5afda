import { useThree } from '@react-three/fiber'
import { useLayoutEffect } from 'react'
import { moveRigTo } from '../comfort/rig-state.js'

/** Where the desktop camera stands and looks, relative to the anchor. */
const DESKTOP_EYE = [0, 1.6, 1.0] as const
const DESKTOP_LOOK = [0, 1.5, -2.6] as const

/**
 * The player rig: where the student stands. Starting a station teleports the
 * student to the station's anchor — a jump, never a glide, for comfort: in VR
 * through 5B's comfort rig (`moveRigTo`, which owns the XR origin, teleport and
 * snap turn), on desktop by placing the camera.
 */
export function PlayerRig({ anchor }: { readonly anchor: readonly [number, number, number] }) {
  const camera = useThree((s) => s.camera)
  const [x, y, z] = anchor
  useLayoutEffect(() => {
    camera.position.set(x + DESKTOP_EYE[0], y + DESKTOP_EYE[1], z + DESKTOP_EYE[2])
    camera.lookAt(x + DESKTOP_LOOK[0], y + DESKTOP_LOOK[1], z + DESKTOP_LOOK[2])
    camera.updateMatrixWorld()
    moveRigTo([x, y, z], 0)
  }, [camera, x, y, z])
  return null
}
