import { audioLog, whenUnlocked } from './engine.js'

/** The ambiences a manifest can ask for (`environment.ambience`). */
export type AmbienceKind = 'deep-water' | 'space-hum' | 'desert-wind' | 'city-bustle' | 'none'

/** How loud ambience sits under the cues: quiet, it sets the place and never covers speech or cues. */
const AMBIENCE_LEVEL = 0.18

interface Running {
  readonly kind: AmbienceKind
  stop(): void
}

let running: Running | null = null
let cancelPending: (() => void) | null = null

function noiseBuffer(context: BaseAudioContext, seconds: number, colour: 'white' | 'brown'): AudioBuffer {
  const buffer = context.createBuffer(1, Math.floor(context.sampleRate * seconds), context.sampleRate)
  const data = buffer.getChannelData(0)
  // A fixed seed: the same place sounds the same every visit.
  let s = 12345
  let last = 0
  for (let i = 0; i < data.length; i++) {
    s = (s * 1664525 + 1013904223) >>> 0
    const white = s / 2 ** 31 - 1
    if (colour === 'white') data[i] = white * 0.5
    else {
      last = (last + 0.02 * white) / 1.02
      data[i] = last * 3.5
    }
  }
  return buffer
}

function loop(context: AudioContext, buffer: AudioBuffer): AudioBufferSourceNode {
  const source = context.createBufferSource()
  source.buffer = buffer
  source.loop = true
  return source
}

/** A slow wobble on an AudioParam. */
function lfo(context: AudioContext, param: AudioParam, hz: number, depth: number): OscillatorNode {
  const osc = context.createOscillator()
  const gain = context.createGain()
  osc.frequency.value = hz
  gain.gain.value = depth
  osc.connect(gain).connect(param)
  return osc
}

/** Builds one ambience graph into `out`; returns the sources to start and stop. */
function build(kind: Exclude<AmbienceKind, 'none'>, context: AudioContext, out: AudioNode): AudioScheduledSourceNode[] {
  const nodes: AudioScheduledSourceNode[] = []
  const filtered = (colour: 'white' | 'brown', type: BiquadFilterType, frequency: number, q: number, level: number) => {
    const source = loop(context, noiseBuffer(context, 4, colour))
    const filter = context.createBiquadFilter()
    filter.type = type
    filter.frequency.value = frequency
    filter.Q.value = q
    const gain = context.createGain()
    gain.gain.value = level
    source.connect(filter).connect(gain).connect(out)
    nodes.push(source)
    return { filter, gain }
  }
  const drone = (hz: number, level: number, type: OscillatorType = 'sine') => {
    const osc = context.createOscillator()
    osc.type = type
    osc.frequency.value = hz
    const gain = context.createGain()
    gain.gain.value = level
    osc.connect(gain).connect(out)
    nodes.push(osc)
    return gain
  }
  switch (kind) {
    case 'deep-water': {
      // Muffled rumble, slowly swelling, with a faint low tone: the pressure of deep water.
      const { filter, gain } = filtered('brown', 'lowpass', 320, 0.7, 0.9)
      nodes.push(lfo(context, filter.frequency, 0.07, 120), lfo(context, gain.gain, 0.11, 0.25))
      drone(49, 0.12)
      break
    }
    case 'space-hum': {
      // Two detuned low drones and a whisper of hiss: vast and still.
      drone(55, 0.22)
      const beat = drone(55.6, 0.18)
      nodes.push(lfo(context, beat.gain, 0.05, 0.06))
      drone(82.5, 0.07, 'triangle')
      filtered('white', 'highpass', 5000, 0.5, 0.02)
      break
    }
    case 'desert-wind': {
      // Band-passed noise whose pitch and strength drift like gusts.
      const { filter, gain } = filtered('white', 'bandpass', 700, 1.2, 0.5)
      nodes.push(lfo(context, filter.frequency, 0.09, 350), lfo(context, gain.gain, 0.13, 0.25))
      filtered('brown', 'lowpass', 200, 0.7, 0.4)
      break
    }
    case 'city-bustle': {
      // A murmur of voices and traffic: mid-band noise with an uneven swell.
      const { gain } = filtered('brown', 'bandpass', 500, 0.6, 1)
      nodes.push(lfo(context, gain.gain, 0.23, 0.3), lfo(context, gain.gain, 0.37, 0.2))
      filtered('white', 'bandpass', 2200, 2, 0.04)
      break
    }
  }
  return nodes
}

/**
 * Plays the expedition's ambience, quietly and looped, starting only once the
 * student has made a gesture. Changing the kind crossfades; 'none' stops it.
 */
export function setAmbience(kind: AmbienceKind): void {
  audioLog.ambience = kind
  if (running?.kind === kind) return
  cancelPending?.()
  cancelPending = null
  running?.stop()
  running = null
  if (kind === 'none') return
  cancelPending = whenUnlocked(({ context, master }) => {
    cancelPending = null
    if (audioLog.ambience !== kind) return
    const bus = context.createGain()
    bus.gain.setValueAtTime(0, context.currentTime)
    bus.gain.linearRampToValueAtTime(AMBIENCE_LEVEL, context.currentTime + 2)
    bus.connect(master)
    const sources = build(kind, context, bus)
    sources.forEach((s) => s.start())
    running = {
      kind,
      stop() {
        const t = context.currentTime
        bus.gain.cancelScheduledValues(t)
        bus.gain.setValueAtTime(bus.gain.value, t)
        bus.gain.linearRampToValueAtTime(0, t + 0.8)
        sources.forEach((s) => s.stop(t + 0.9))
        setTimeout(() => bus.disconnect(), 1000)
      },
    }
  })
}
