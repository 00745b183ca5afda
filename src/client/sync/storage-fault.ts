import type { StatementSink } from '../capture/recorder.js'

/** Test-only switch: makes the recorder's writes fail as a full disk does. Off (null) unless a test sets it. */
export const storageFault: { mode: 'quota' | 'abort' | null } = { mode: null }

/** Wraps a sink so that, while `storageFault.mode` is set, writes throw QuotaExceededError or Chromium's near-quota AbortError. */
export function faultySink(sink: StatementSink): StatementSink {
  return {
    addAll(statements) {
      if (storageFault.mode === 'quota') return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))
      if (storageFault.mode === 'abort') return Promise.reject(new DOMException('Transaction aborted: not enough disk space (quota)', 'AbortError'))
      return sink.addAll(statements)
    },
  }
}
