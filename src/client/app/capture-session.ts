import type { Statement } from '../../core/index.js'
import type { FathomDatabase, Pairing } from '../storage/db.js'
import { syncStore } from '../stores/sync-store.js'
import { createStatementPipeline, type StatementPipeline } from '../sync/pipeline.js'
import type { LockManagerLike } from '../sync/outbox.js'

/** A running capture for one pairing: pipeline plus the page-lifecycle wiring around it. */
export interface CaptureSession {
  readonly pipeline: StatementPipeline
  /** Records a statement (memory only) and refreshes the sync badge soon after. */
  record(statement: Statement): void
  stop(): void
}

/**
 * Wires the pipeline to the page: flush on pagehide and when hidden, send when
 * back online, and keep the student's sync badge current.
 */
export function startCaptureSession(db: FathomDatabase, pairing: Pairing): CaptureSession {
  let refreshTimer: ReturnType<typeof setTimeout> | null = null
  const refreshWaiting = () => {
    if (refreshTimer !== null) return
    refreshTimer = setTimeout(() => {
      refreshTimer = null
      void pipeline.pending().then((waiting) => syncStore.setState({ waiting }))
    }, 0)
  }
  const locks = typeof navigator !== 'undefined' && 'locks' in navigator ? (navigator.locks as unknown as LockManagerLike) : undefined
  const pipeline = createStatementPipeline({
    db,
    target: { endpoint: pairing.endpoint, auth: pairing.auth },
    fetch: (input, init) => fetch(input, init),
    ...(locks ? { locks } : {}),
    onStatus: (status) => {
      syncStore.setState({ state: status.state, problem: status.problem, lastSyncAt: status.lastSyncAt, setAside: status.setAside })
      refreshWaiting()
    },
  })
  const flushNow = () => void pipeline.flushToStorage().catch(() => undefined)
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') flushNow()
  }
  const onOnline = () => pipeline.outbox.kick()
  window.addEventListener('pagehide', flushNow)
  document.addEventListener('visibilitychange', onVisibility)
  window.addEventListener('online', onOnline)
  // Deliver whatever an earlier visit left behind, and prune old delivered records.
  void pipeline.repository.pruneDelivered().catch(() => undefined)
  pipeline.outbox.kick()
  refreshWaiting()
  return {
    pipeline,
    record(statement) {
      pipeline.record(statement)
      refreshWaiting()
    },
    stop() {
      flushNow()
      pipeline.outbox.stop()
      window.removeEventListener('pagehide', flushNow)
      document.removeEventListener('visibilitychange', onVisibility)
      window.removeEventListener('online', onOnline)
    },
  }
}
