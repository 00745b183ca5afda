/** Counts pulses sent, so emulator tests can check that feedback reached the controller. */
export const hapticLog = { pulses: 0 }

interface HapticActuatorLike {
  pulse?: (value: number, duration: number) => Promise<boolean> | boolean
  playEffect?: (type: string, params: { duration: number; strongMagnitude: number; weakMagnitude: number }) => Promise<unknown>
}

interface GamepadLike {
  hapticActuators?: readonly HapticActuatorLike[]
  vibrationActuator?: HapticActuatorLike | null
}

/**
 * Pulses the controller an event came from, if it came from an XR input source
 * with a gamepad. Call it in the same handler as the visual feedback.
 */
export function pulseFrom(nativeEvent: unknown, intensity: number, durationMs: number): void {
  const source = (nativeEvent as { inputSource?: { gamepad?: GamepadLike | null } } | null)?.inputSource
  const gamepad = source?.gamepad
  if (!gamepad) return
  const actuator = gamepad.hapticActuators?.[0]
  if (actuator?.pulse) {
    void actuator.pulse(intensity, durationMs)
    hapticLog.pulses += 1
    return
  }
  const vibration = gamepad.vibrationActuator
  if (vibration?.playEffect) {
    void vibration.playEffect('dual-rumble', { duration: durationMs, strongMagnitude: intensity, weakMagnitude: intensity })
    hapticLog.pulses += 1
  }
}
