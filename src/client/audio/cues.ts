import { audioLog, currentEngine, soundAudible } from './engine.js'

/**
 * The right/wrong cue. Never the only signal: the badge (shape and colour) and
 * the feedback text say the same. Distinct by contour as well as pitch, so it
 * works for students who hear pitch poorly: "right" rises in two bright notes,
 * "not yet" is one soft, lower falling tone.
 */
interface Note {
  readonly from: number
  readonly to: number
  readonly at: number
  readonly length: number
  readonly type: OscillatorType
  readonly level: number
}

const RIGHT: readonly Note[] = [
  { from: 660, to: 660, at: 0, length: 0.12, type: 'sine', level: 0.35 },
  { from: 990, to: 990, at: 0.1, length: 0.22, type: 'sine', level: 0.3 },
]
const WRONG: readonly Note[] = [{ from: 330, to: 220, at: 0, length: 0.32, type: 'triangle', level: 0.3 }]

function play(notes: readonly Note[]): void {
  const engine = currentEngine()
  if (!engine || !soundAudible() || engine.context.state !== 'running') return
  const { context, master } = engine
  const t0 = context.currentTime + 0.005
  for (const n of notes) {
    const osc = context.createOscillator()
    const gain = context.createGain()
    osc.type = n.type
    osc.frequency.setValueAtTime(n.from, t0 + n.at)
    if (n.to !== n.from) osc.frequency.exponentialRampToValueAtTime(n.to, t0 + n.at + n.length)
    // A short attack and a smooth release: no clicks.
    gain.gain.setValueAtTime(0, t0 + n.at)
    gain.gain.linearRampToValueAtTime(n.level, t0 + n.at + 0.015)
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + n.at + n.length)
    osc.connect(gain).connect(master)
    osc.start(t0 + n.at)
    osc.stop(t0 + n.at + n.length + 0.02)
  }
}

/**
 * Plays the cue for a judged answer. Call it in the same handler as the visual
 * feedback, on every judgement; it returns at once and is silent when sound is
 * off, muted, or before the student's first gesture.
 */
export function playJudgement(correct: boolean): void {
  audioLog.judgements.push(correct ? 'right' : 'wrong')
  play(correct ? RIGHT : WRONG)
}
