import type { Vec3 } from '../../core/comfort/index.js'

/**
 * The player's origin in the world (their tracked floor space), as one mutable
 * object: written by teleport, snap turn and smooth locomotion, read each frame
 * by the rig. Never rendered through React state.
 */
export const rigState: {
  /** Position of the origin on the ground, metres (the seated raise is added on top of its y). */
  position: [number, number, number]
  yaw: number
  /** Where the student was last placed (spawn or a station's anchor): the teleport floor is centred here. */
  anchor: [number, number, number]
  /** The comfort vignette's current opacity, 0 when still. */
  vignette: number
  /** Counters, for tests and the bench. */
  teleports: number
  snapTurns: number
  /** How many times the app placed the student with `moveRigTo` (the spawn does not count). */
  placements: number
  /** Set whenever the origin changed; the rig applies it on the next frame. */
  dirty: boolean
} = { position: [0, 0, 0], yaw: 0, anchor: [0, 0, 0], vignette: 0, teleports: 0, snapTurns: 0, placements: 0, dirty: true }

function place(position: Vec3, yaw: number): void {
  rigState.position = [position[0], position[1], position[2]]
  rigState.anchor = [position[0], position[1], position[2]]
  rigState.yaw = yaw
  rigState.dirty = true
}

/**
 * Moves the player to a place (e.g. a station's anchor), facing `yaw` radians
 * (0 looks down -Z): a jump, never a glide. For the expedition to call when a
 * station opens; the seated raise is applied on top.
 */
export function moveRigTo(position: Vec3, yaw = 0): void {
  rigState.placements += 1
  place(position, yaw)
}

/** The rig's own first placement at the manifest's spawn, unless the app already placed the student. */
export function placeAtSpawn(spawn: Vec3): void {
  if (rigState.placements === 0) place(spawn, 0)
}
