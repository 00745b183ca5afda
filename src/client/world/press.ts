import type { ThreeEvent } from '@react-three/fiber'

/**
 * Whether a pointer-down is a primary press: left mouse button, a touch, or a
 * controller's select (trigger). Interactions act on press, not on click:
 * a click needs the release within 300 ms on the same object, which slow
 * frames (and people) do not always manage.
 */
export function isPrimaryPress(e: ThreeEvent<PointerEvent>): boolean {
  const button = (e as { button?: number }).button
  return button === undefined || button === 0
}
