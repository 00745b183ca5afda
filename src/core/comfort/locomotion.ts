/**
 * Comfort locomotion as plain math on the player's origin (their tracked floor
 * space in the world): snap turns about the head, teleports that put the head
 * over the chosen point, seated height, and the comfort vignette's strength.
 * Vectors are [x, y, z] in metres; yaw is radians about +Y.
 */

export type Vec3 = readonly [number, number, number]

export interface Origin {
  readonly position: Vec3
  readonly yaw: number
}

/** How much higher the world floor sits under a seated player, metres (1.15 m seated eyes to 1.6 m standing). */
export const SEATED_FLOOR_RAISE = 0.45

/** Smooth locomotion speed, metres per second: slow, for comfort. */
export const SMOOTH_SPEED = 1.4

/** How far a thumbstick must be pushed before it counts. */
export const STICK_DEAD_ZONE = 0.5

/** The vertical offset of the origin for a posture. */
export function floorOffset(posture: 'standing' | 'seated'): number {
  return posture === 'seated' ? SEATED_FLOOR_RAISE : 0
}

/**
 * Turns the player by `degrees` (positive = to the left, counter-clockwise from
 * above) about their head, so the head stays where it is and only the view turns.
 */
export function snapTurn(origin: Origin, head: Vec3, degrees: number): Origin {
  const a = (degrees * Math.PI) / 180
  const dx = origin.position[0] - head[0]
  const dz = origin.position[2] - head[2]
  const cos = Math.cos(a)
  const sin = Math.sin(a)
  // Rotation about +Y: x' = x cos + z sin, z' = -x sin + z cos.
  return {
    position: [head[0] + dx * cos + dz * sin, origin.position[1], head[2] - dx * sin + dz * cos],
    yaw: origin.yaw + a,
  }
}

/**
 * Moves the origin so the head ends up above `point` (horizontally); the
 * origin's height (posture) and yaw are kept.
 */
export function teleportTo(origin: Origin, head: Vec3, point: Vec3): Origin {
  return {
    position: [origin.position[0] + point[0] - head[0], origin.position[1], origin.position[2] + point[2] - head[2]],
    yaw: origin.yaw,
  }
}

/** A thumbstick turn: -1 (left), +1 (right) or 0, with an edge so one push turns once. */
export function snapTurnInput(xAxis: number, armed: boolean): { turn: -1 | 0 | 1; armed: boolean } {
  if (Math.abs(xAxis) < STICK_DEAD_ZONE * 0.6) return { turn: 0, armed: true }
  if (!armed || Math.abs(xAxis) < STICK_DEAD_ZONE) return { turn: 0, armed }
  return { turn: xAxis > 0 ? 1 : -1, armed: false }
}

/**
 * Walking velocity on the ground plane for a thumbstick (x right, y forward-negative
 * as gamepads report it), in the direction the head faces (`headYaw`).
 */
export function smoothVelocity(xAxis: number, yAxis: number, headYaw: number, speed = SMOOTH_SPEED): Vec3 {
  const magnitude = Math.hypot(xAxis, yAxis)
  if (magnitude < STICK_DEAD_ZONE * 0.3) return [0, 0, 0]
  const k = Math.min(1, magnitude) / magnitude
  const sx = xAxis * k * speed
  const sz = yAxis * k * speed
  const cos = Math.cos(headYaw)
  const sin = Math.sin(headYaw)
  return [sx * cos + sz * sin, 0, -sx * sin + sz * cos]
}

/**
 * The vignette's target opacity for a walking speed (m/s) and turning rate
 * (rad/s): none when still, up to `max` at full speed.
 */
export function vignetteStrength(speed: number, turnRate: number, max = 0.85): number {
  const k = Math.max(speed / SMOOTH_SPEED, Math.abs(turnRate) / 1.5)
  return Math.min(max, Math.max(0, k) * max)
}

/** Eases a value towards a target, frame-rate independent. */
export function approach(current: number, target: number, deltaSeconds: number, rate = 8): number {
  const next = current + (target - current) * (1 - Math.exp(-deltaSeconds * rate))
  return Math.abs(next - target) < 1e-3 ? target : next
}
