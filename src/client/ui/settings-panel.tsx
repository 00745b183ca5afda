import { forwardRef, useId } from 'react'
import { useStore } from 'zustand'
import {
  BREAK_REMINDER_MINUTES,
  SNAP_TURN_DEGREES,
  TEXT_SIZES,
  type ComfortSettings,
} from '../../core/comfort/index.js'
import { pick, settingsStore } from '../stores/settings-store.js'

interface Choice<T> {
  readonly value: T
  readonly label: string
}

function Choices<K extends keyof ComfortSettings>({ name, legend, value, choices, hint }: { readonly name: K; readonly legend: string; readonly value: ComfortSettings[K]; readonly choices: readonly Choice<ComfortSettings[K]>[]; readonly hint?: string }) {
  const id = useId()
  const update = settingsStore.getState().update
  return (
    <fieldset className="setting" aria-describedby={hint ? `${id}-hint` : undefined}>
      <legend>{legend}</legend>
      <div className="choices">
        {choices.map((c) => (
          <label key={String(c.value)}>
            <input type="radio" name={`setting-${name}`} value={String(c.value)} checked={value === c.value} onChange={() => update({ [name]: c.value } as Partial<ComfortSettings>)} />
            {c.label}
          </label>
        ))}
      </div>
      {hint ? (
        <p id={`${id}-hint`} className="setting-hint">
          {hint}
        </p>
      ) : null}
    </fieldset>
  )
}

/**
 * The comfort and accessibility settings as a modal dialog (Esc closes it; focus
 * stays inside while open). Every change is kept on this device at once.
 */
export const SettingsDialog = forwardRef<HTMLDialogElement>(function SettingsDialog(_props, ref) {
  const s = pick(useStore(settingsStore))
  const { update, reset } = settingsStore.getState()
  return (
    <dialog
      id="settings-dialog"
      ref={ref}
      aria-labelledby="settings-title"
      // Keys pressed in the dialog belong to it, not to the task's shortcuts (H, Esc).
      onKeyDown={(e) => e.stopPropagation()}
    >
      <form method="dialog" className="settings-form">
        <h2 id="settings-title">Comfort and settings</h2>
        <p className="setting-hint">Saved on this device.</p>
        <Choices name="posture" legend="How you play" value={s.posture} choices={[{ value: 'standing', label: 'Standing' }, { value: 'seated', label: 'Seated' }]} hint="Seated raises the floor so nothing needs reaching down." />
        <Choices name="textSize" legend="Text size" value={s.textSize} choices={TEXT_SIZES.map((t) => ({ value: t.id, label: t.label }))} />
        <Choices name="snapTurnDegrees" legend="Snap turn (VR thumbstick left/right)" value={s.snapTurnDegrees} choices={SNAP_TURN_DEGREES.map((d) => ({ value: d, label: `${d}°` }))} />
        <fieldset className="setting">
          <legend>Moving in VR</legend>
          <label>
            <input id="setting-smooth" type="checkbox" checked={s.smoothLocomotion} onChange={(e) => update({ smoothLocomotion: e.target.checked })} />
            Smooth moving with the thumbstick (a dark ring narrows the view while moving)
          </label>
          <p className="setting-hint">Teleport is always on: point at the floor and pull the trigger.</p>
        </fieldset>
        <Choices
          name="teleportHand"
          legend="Teleport hand (either hand can point and press)"
          value={s.teleportHand}
          choices={[
            { value: 'left', label: 'Left' },
            { value: 'right', label: 'Right' },
            { value: 'both', label: 'Either (one-handed)' },
          ]}
        />
        <fieldset className="setting">
          <legend>Sound</legend>
          <label>
            <input id="setting-sound" type="checkbox" checked={s.sound} onChange={(e) => update({ sound: e.target.checked })} />
            Sound on (nothing needs sound: every cue is also shown)
          </label>
          <label className="volume">
            Volume
            <input id="setting-volume" type="range" min={0} max={1} step={0.1} value={s.volume} disabled={!s.sound} onChange={(e) => update({ volume: Number(e.target.value) })} />
            <output htmlFor="setting-volume">{Math.round(s.volume * 100)}%</output>
          </label>
        </fieldset>
        <Choices
          name="breakReminderMinutes"
          legend="Break reminder"
          value={s.breakReminderMinutes}
          choices={BREAK_REMINDER_MINUTES.map((m) => ({ value: m, label: m === 0 ? 'Off' : `${m} min` }))}
        />
        <div className="actions">
          <button id="settings-close" type="submit" value="close">
            Done
          </button>
          <button id="settings-reset" type="button" className="secondary" onClick={() => reset()}>
            Reset to defaults
          </button>
        </div>
      </form>
    </dialog>
  )
})
