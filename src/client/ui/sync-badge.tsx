import { useStore } from 'zustand'
import { syncStore } from '../stores/sync-store.js'

function timeOf(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })
}

/** A small status for the student: what waits to sync, when it last synced, and any problem. */
export function SyncBadge({ onRepair }: { readonly onRepair: () => void }) {
  const view = useStore(syncStore)
  const needsRepair = view.state === 'paused'
  return (
    <aside id="sync-status" className={view.problem ? 'sync problem' : 'sync'} aria-live="polite">
      <span id="sync-waiting">{view.waiting === 0 ? 'All work saved and synced' : `${view.waiting} waiting to sync`}</span>
      <span id="sync-last">{view.lastSyncAt ? `Last sync ${timeOf(view.lastSyncAt)}` : 'Not synced yet'}</span>
      {view.setAside > 0 ? <span id="sync-set-aside">{view.setAside} kept back for your teacher to check</span> : null}
      {view.problem ? <span id="sync-problem">{view.problem}</span> : null}
      {needsRepair ? (
        <button id="repair" type="button" onClick={onRepair}>
          Re-pair this headset
        </button>
      ) : null}
    </aside>
  )
}
