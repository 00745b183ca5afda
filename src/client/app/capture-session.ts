import type { Statement } from '../../core/index.js'
import type { StatementSink } from '../capture/recorder.js'
import type { FathomDatabase, Pairing } from '../storage/db.js'
import { estimateStorage, isQuotaError, nearlyFull, requestPersistence } from '../storage/storage-health.js'
import type { StatementRepository } from '../storage/statement-repository.js'
import { syncStore } from '../stores/sync-store.js'
import type { BackoffPolicy } from '../sync/backoff.js'
import { applyLrsParameters, resolveSyncTarget } from '../sync/lrs-config.js'
import { createStatementPipeline, type StatementPipeline } from '../sync/pipeline.js'
import { faultySink } from '../sync/storage-fault.js'
import type { LockManagerLike, SyncStatus } from '../sync/outbox.js'

/** A running capture for one pairing: pipeline plus the page-lifecycle wiring around it. */
export interface CaptureSession {
  readonly pipeline: StatementPipeline
  /** Records a statement (memory only) and refreshes the sync badge soon after. */
  record(statement: Statement): void
  stop(): void
}

export interface CaptureSessionOptions {
  /** Wraps the repository as the recorder's sink (tests make it throw to simulate a full disk). */
  readonly sink?: (repository: StatementRepository) => StatementSink
}

/** How often the storage estimate is read. */
const ESTIMATE_EVERY_MS = 60_000
/** The badge's waiting count is refreshed at most this often. */
const REFRESH_MS = 250
const CHANNEL = 'fathom-sync'

/** Test-only switches (with ?test=1 or ?emulate=…): lower the outbox timeout and backoff so fault tests run in seconds. */
function testTuning(search: string): { test: boolean; timeoutMs?: number; backoff?: BackoffPolicy } {
  const params = new URLSearchParams(search)
  const test = params.get('test') === '1' || params.has('emulate')
  if (!test) return { test }
  const timeout = Number(params.get('sync-timeout'))
  const [min, max] = (params.get('sync-backoff') ?? '').split(',').map(Number)
  return {
    test,
    ...(timeout > 0 ? { timeoutMs: timeout } : {}),
    ...(min && max && min > 0 && max >= min ? { backoff: { minMs: min, maxMs: max } } : {}),
  }
}

/**
 * Wires the pipeline to the page: flush on pagehide and when hidden (and XR
 * session end, from the expedition view), send when back online, watch the
 * device's storage, and keep the student's sync status current.
 */
export function startCaptureSession(db: FathomDatabase, pairing: Pairing, options: CaptureSessionOptions = {}): CaptureSession {
  const hasWindow = typeof window !== 'undefined'
  if (hasWindow) {
    // ?lrs=…: point this device at another LRS (see sync/lrs-config.ts), then tidy the address bar.
    const cleaned = applyLrsParameters(window.location.href)
    if (cleaned !== null) window.history.replaceState(window.history.state, '', cleaned)
  }
  const tuning = hasWindow ? testTuning(window.location.search) : { test: false }
  let stopped = false
  let refreshTimer: ReturnType<typeof setTimeout> | null = null
  const refreshWaiting = () => {
    if (refreshTimer !== null || stopped) return
    refreshTimer = setTimeout(() => {
      refreshTimer = null
      void pipeline.pending().then(
        (waiting) => syncStore.setState({ waiting, unsaved: pipeline.recorder.queued }),
        () => undefined,
      )
    }, REFRESH_MS)
  }
  const channel = typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel(CHANNEL) : null
  let lastBroadcast: number | null = null
  const locks = typeof navigator !== 'undefined' && 'locks' in navigator ? (navigator.locks as unknown as LockManagerLike) : undefined

  const checkStorage = async () => {
    const { usage, quota } = await estimateStorage()
    const current = syncStore.getState().storage
    if (current === 'full') return
    syncStore.setState({ storage: nearlyFull(usage, quota) ? 'nearly-full' : 'ok' })
  }

  const onStorageError = (error: unknown) => {
    console.warn('Fathom: could not save statements to this device; they are kept in memory and retried', error)
    if (isQuotaError(error) || (error as { name?: unknown } | null)?.name === 'AbortError') {
      syncStore.setState({ storage: 'full', unsaved: pipeline.recorder.queued })
      // Free what the LRS already holds; never what it does not.
      void pipeline.repository.pruneDelivered(0).catch(() => undefined)
    } else {
      syncStore.setState({ problem: `Could not save to this device: ${String(error)}`, problemKind: 'storage', unsaved: pipeline.recorder.queued })
    }
    refreshWaiting()
  }

  const pipeline = createStatementPipeline({
    db,
    target: resolveSyncTarget(pairing),
    fetch: (input, init) => fetch(input, init),
    ...(locks ? { locks } : {}),
    ...(tuning.timeoutMs !== undefined ? { timeoutMs: tuning.timeoutMs } : {}),
    ...(tuning.backoff ? { backoff: tuning.backoff } : {}),
    ...(options.sink ? { sink: options.sink } : tuning.test ? { sink: faultySink } : {}),
    onStorageError,
    onFlushed: () => {
      const view = syncStore.getState()
      if (view.storage === 'full') {
        syncStore.setState({ storage: 'ok' })
        void checkStorage()
      }
      if (view.problemKind === 'storage') syncStore.setState({ problem: null, problemKind: null })
      refreshWaiting()
    },
    onStatus: (status: SyncStatus) => {
      syncStore.setState({ state: status.state, problem: status.problem, problemKind: status.problemKind, setAside: status.setAside, ...(status.lastSyncAt !== null ? { lastSyncAt: status.lastSyncAt } : {}) })
      if (status.lastSyncAt !== null && status.lastSyncAt !== lastBroadcast) {
        lastBroadcast = status.lastSyncAt
        channel?.postMessage({ lastSyncAt: status.lastSyncAt })
      }
      refreshWaiting()
    },
  })
  // Another tab delivered: its last sync is ours too, and our waiting count changed.
  if (channel) {
    channel.onmessage = (event: MessageEvent<{ lastSyncAt?: number }>) => {
      const at = event.data?.lastSyncAt
      if (typeof at === 'number' && at > (syncStore.getState().lastSyncAt ?? 0)) syncStore.setState({ lastSyncAt: at })
      refreshWaiting()
    }
  }

  const flushNow = () => void pipeline.flushToStorage().catch(() => undefined)
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') flushNow()
  }
  const onOnline = () => {
    pipeline.outbox.networkBack()
    pipeline.outbox.kick()
  }
  let estimateTimer: ReturnType<typeof setInterval> | null = null
  if (hasWindow) {
    window.addEventListener('pagehide', flushNow)
    document.addEventListener('visibilitychange', onVisibility)
    window.addEventListener('online', onOnline)
    void requestPersistence().then((persisted) => syncStore.setState({ persisted }))
    void checkStorage()
    estimateTimer = setInterval(() => void checkStorage(), ESTIMATE_EVERY_MS)
  }
  // Deliver whatever an earlier visit left behind, and prune old delivered records.
  void pipeline.repository.pruneDelivered().catch(() => undefined)
  pipeline.outbox.kick()
  refreshWaiting()

  const session: CaptureSession = {
    pipeline,
    record(statement) {
      pipeline.record(statement)
      refreshWaiting()
    },
    stop() {
      stopped = true
      flushNow()
      pipeline.outbox.stop()
      channel?.close()
      if (estimateTimer !== null) clearInterval(estimateTimer)
      if (refreshTimer !== null) clearTimeout(refreshTimer)
      if (hasWindow) {
        window.removeEventListener('pagehide', flushNow)
        document.removeEventListener('visibilitychange', onVisibility)
        window.removeEventListener('online', onOnline)
      }
    },
  }
  if (tuning.test) void import('../sync/sync-test-hooks.js').then(({ installSyncTestHooks }) => installSyncTestHooks(session, pairing))
  return session
}
