import { useMemo } from 'react'
import { useXR } from '@react-three/xr'
import { useStore } from 'zustand'
import { actionFor, lastSyncText, summaryOf, syncStore } from '../stores/sync-store.js'
import type { TextBlock } from '../world/text-texture.js'
import { PanelCard } from './panel-card.js'

/** Where the in-world sync card stands: under the task panel, turned towards the student. */
export const SYNC_PANEL = { position: [-2.45, 0.82, -1.9] as const, rotationY: 0.75, width: 1.3, height: 0.34 }

/**
 * The student's sync status in the headset: how many statements wait, when the
 * last sync succeeded, and any problem that needs them (re-pair, storage full).
 * Redraws only when the status changes (sync events), never per frame. Shown in
 * VR; on desktop the DOM SyncBadge says the same.
 */
export function SyncPanel() {
  const presenting = useXR((s) => s.session != null)
  const view = useStore(syncStore)
  const summary = summaryOf(view)
  const last = lastSyncText(view)
  const action = actionFor(view)
  const problem = view.problem
  const blocks = useMemo((): TextBlock[] => {
    const out: TextBlock[] = [{ text: `${summary} · ${last}`, size: 34, colour: '#9fd4ff', gap: 10 }]
    if (action) out.push({ text: action, size: 30, weight: 700, colour: '#ffb36b' })
    else if (problem) out.push({ text: problem, size: 28, colour: '#e6f2ff' })
    return out
  }, [summary, last, action, problem])
  const { position, rotationY, width, height } = SYNC_PANEL
  return (
    <group position={position as unknown as [number, number, number]} rotation={[0, rotationY, 0]} visible={presenting} name="sync-panel">
      <PanelCard position={[0, 0, 0]} width={width} height={height} blocks={blocks} colour={action ? '#4a1f0b' : '#0b2942'} />
    </group>
  )
}
