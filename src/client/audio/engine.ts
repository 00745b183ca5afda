import { settingsStore } from '../stores/settings-store.js'

/**
 * One AudioContext for the page, made only after a user gesture (browsers
 * refuse to start audio before one, and a headset would surprise the student).
 * Everything plays through one master gain that follows the sound settings.
 */
interface Engine {
  readonly context: AudioContext
  readonly master: GainNode
}

let engine: Engine | null = null
const waiting: Array<(e: Engine) => void> = []

/** What the audio did, for tests (the sound itself cannot be asserted). */
export const audioLog: { judgements: Array<'right' | 'wrong'>; ambience: string; unlocked: boolean; contextState: string } = {
  judgements: [],
  ambience: 'none',
  unlocked: false,
  contextState: 'none',
}

function masterLevel(): number {
  const { sound, volume } = settingsStore.getState()
  return sound ? volume : 0
}

function create(): Engine | null {
  const Ctor = typeof AudioContext !== 'undefined' ? AudioContext : null
  if (!Ctor) return null
  const context = new Ctor({ latencyHint: 'interactive' })
  const master = context.createGain()
  master.gain.value = masterLevel()
  master.connect(context.destination)
  settingsStore.subscribe((s, prev) => {
    if (s.sound === prev.sound && s.volume === prev.volume) return
    master.gain.setTargetAtTime(masterLevel(), context.currentTime, 0.05)
  })
  context.addEventListener('statechange', () => (audioLog.contextState = context.state))
  audioLog.contextState = context.state
  return { context, master }
}

/** Call from inside a user-gesture handler: creates or resumes the context. */
export function unlockAudio(): void {
  engine ??= create()
  if (!engine) return
  audioLog.unlocked = true
  if (engine.context.state === 'suspended') void engine.context.resume().catch(() => undefined)
  for (const run of waiting.splice(0)) run(engine)
}

/** The engine if unlocked, else null: cues before the first gesture are simply not heard. */
export function currentEngine(): Engine | null {
  return engine
}

/** Runs once the engine exists (now, or after the first gesture). */
export function whenUnlocked(run: (e: Engine) => void): () => void {
  if (engine) {
    run(engine)
    return () => undefined
  }
  waiting.push(run)
  return () => {
    const i = waiting.indexOf(run)
    if (i >= 0) waiting.splice(i, 1)
  }
}

/** Whether sound would be heard now (settings on and volume above zero). */
export function soundAudible(): boolean {
  return masterLevel() > 0
}

/** Listens for the first gesture anywhere on the page (pointer, key, touch) and unlocks audio then. */
export function unlockOnFirstGesture(target: EventTarget = window): () => void {
  const events = ['pointerdown', 'keydown', 'touchend'] as const
  const onGesture = () => {
    unlockAudio()
    remove()
  }
  const remove = () => events.forEach((e) => target.removeEventListener(e, onGesture, true))
  events.forEach((e) => target.addEventListener(e, onGesture, true))
  return remove
}
