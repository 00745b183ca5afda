import { TEXT_SIZES, type ComfortSettings } from '../../core/comfort/index.js'

/** Short "Name: value" labels for each setting, shared by the DOM and in-world panels. */
export function settingLabels(s: ComfortSettings): Record<keyof ComfortSettings, string> {
  const hand = { left: 'Left', right: 'Right', both: 'Either' }[s.teleportHand]
  return {
    posture: `Play: ${s.posture === 'seated' ? 'Seated' : 'Standing'}`,
    snapTurnDegrees: `Snap turn: ${s.snapTurnDegrees}°`,
    smoothLocomotion: `Smooth moving: ${s.smoothLocomotion ? 'On' : 'Off'}`,
    teleportHand: `Teleport hand: ${hand}`,
    textSize: `Text: ${TEXT_SIZES.find((t) => t.id === s.textSize)?.label ?? 'Standard'}`,
    sound: `Sound: ${s.sound ? 'On' : 'Off'}`,
    volume: `Volume: ${Math.round(s.volume * 100)}%`,
    breakReminderMinutes: `Break reminder: ${s.breakReminderMinutes === 0 ? 'Off' : `${s.breakReminderMinutes} min`}`,
  }
}
