import { useStore } from 'zustand'
import { actionFor, lastSyncText, summaryOf, syncStore } from '../stores/sync-store.js'

/** The student's sync status on desktop (the in-world SyncPanel says the same in VR). */
export function SyncBadge({ onRepair }: { readonly onRepair: () => void }) {
  const view = useStore(syncStore)
  const needsRepair = view.state === 'paused' || view.problemKind === 'repair'
  const action = actionFor(view)
  const attention = needsRepair || view.storage !== 'ok'
  return (
    <aside id="sync-status" className={attention || view.problem ? 'sync problem' : 'sync'} aria-live="polite" data-state={view.state} data-storage={view.storage}>
      <span id="sync-waiting">{summaryOf(view)}</span>
      <span id="sync-last">{lastSyncText(view)}</span>
      {view.setAside > 0 ? <span id="sync-set-aside">{view.setAside} kept back for your teacher to check</span> : null}
      {view.problem && !needsRepair ? <span id="sync-problem">{view.problem}</span> : null}
      {action ? (
        <span id={needsRepair ? 'sync-repair-needed' : 'sync-storage'} role="alert">
          {action}
        </span>
      ) : null}
      {needsRepair ? (
        <button id="repair" type="button" onClick={onRepair}>
          Re-pair this headset
        </button>
      ) : null}
    </aside>
  )
}
