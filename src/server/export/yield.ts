/**
 * A turn of the event loop for other requests. SQLite reads are synchronous and
 * a localhost socket can take every write at once, so a long export that never
 * yields runs in one turn: no other request (the live view, a headset's sync)
 * is served until it ends. Exports call this between pages and between students.
 */
export function yieldToOthers(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}
