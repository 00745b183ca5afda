/**
 * The one place that hears every judged answer, from the world or the DOM:
 * the sound cue (engineer 5B's audio) subscribes here. Called right after the
 * reducer judged, in the same handler, so a cue leaves with the next frame.
 */
type JudgedListener = (correct: boolean) => void

const listeners = new Set<JudgedListener>()

/** Subscribes to judged answers; returns the unsubscribe. */
export function onJudged(listener: JudgedListener): () => void {
  listeners.add(listener)
  return () => void listeners.delete(listener)
}

export function notifyJudged(correct: boolean): void {
  for (const listener of listeners) {
    try {
      listener(correct)
    } catch (error) {
      console.error('Fathom: a judged-answer listener failed', error)
    }
  }
}
