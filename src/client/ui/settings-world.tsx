import { useState } from 'react'
import { useStore } from 'zustand'
import type { Object3D } from 'three'
import { BREAK_REMINDER_MINUTES, POSTURES, SNAP_TURN_DEGREES, TELEPORT_HANDS, TEXT_SIZES, cycle } from '../../core/comfort/index.js'
import { ComfortButton } from '../comfort/comfort-button.js'
import { pick, settingsStore } from '../stores/settings-store.js'
import { settingLabels } from './settings-text.js'

/** Where the comfort panel sits relative to the player's origin: to the right, at chest height, turned to face them. */
const AT = [0.62, 0, -0.78] as const
const FACING = -0.67
const VOLUMES = [0.2, 0.4, 0.6, 0.8, 1] as const

/**
 * The settings in the headset: a "Comfort" button beside the player that opens
 * a panel of one-press buttons, each stepping one setting. It moves with the
 * player (it is part of the origin), so it is always within reach of a ray.
 */
export function SettingsWorld({ presenting, targets }: { readonly presenting: boolean; readonly targets: Map<string, Object3D> }) {
  const [open, setOpen] = useState(false)
  const settings = useStore(settingsStore)
  const s = pick(settings)
  const labels = settingLabels(s)
  const update = settings.update
  const rows: Array<{ id: string; label: string; press: () => void }> = [
    { id: 'posture', label: labels.posture, press: () => update({ posture: cycle(POSTURES, s.posture) }) },
    { id: 'snap-turn', label: labels.snapTurnDegrees, press: () => update({ snapTurnDegrees: cycle(SNAP_TURN_DEGREES, s.snapTurnDegrees) }) },
    { id: 'smooth', label: labels.smoothLocomotion, press: () => update({ smoothLocomotion: !s.smoothLocomotion }) },
    { id: 'teleport-hand', label: labels.teleportHand, press: () => update({ teleportHand: cycle(TELEPORT_HANDS, s.teleportHand) }) },
    { id: 'text-size', label: labels.textSize, press: () => update({ textSize: cycle(TEXT_SIZES.map((t) => t.id), s.textSize) }) },
    { id: 'sound', label: labels.sound, press: () => update({ sound: !s.sound }) },
    { id: 'volume', label: labels.volume, press: () => update({ volume: cycle(VOLUMES, (VOLUMES as readonly number[]).includes(s.volume) ? (s.volume as (typeof VOLUMES)[number]) : 0.6) }) },
    { id: 'break', label: labels.breakReminderMinutes, press: () => update({ breakReminderMinutes: cycle(BREAK_REMINDER_MINUTES, s.breakReminderMinutes) }) },
  ]
  const shown = presenting && open
  return (
    <group position={AT as unknown as [number, number, number]} rotation={[0, FACING, 0]} visible={presenting}>
      <ComfortButton id="settings-toggle" label={open ? 'Close comfort' : 'Comfort settings'} position={[0, 0.95, 0]} width={0.4} height={0.09} visible={presenting} onPress={() => setOpen((o) => !o)} targets={targets} colour="#1e7fc9" />
      {rows.map((row, i) => (
        <ComfortButton
          key={row.id}
          id={`settings-${row.id}`}
          label={row.label}
          position={[i % 2 === 0 ? -0.235 : 0.235, 1.1 + Math.floor(i / 2) * 0.115, 0]}
          visible={shown}
          onPress={row.press}
          targets={targets}
        />
      ))}
    </group>
  )
}
