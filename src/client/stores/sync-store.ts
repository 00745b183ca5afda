import { createStore } from 'zustand/vanilla'
import type { ProblemKind, SyncStatus } from '../sync/outbox.js'

/** How the device's own storage is doing. */
export type StorageState = 'ok' | 'nearly-full' | 'full'

/** What the student's sync status shows (DOM and in-world). Updated on sync events, never per frame. */
export interface SyncView {
  /** Statements recorded and not yet delivered (in memory or on disk). */
  readonly waiting: number
  readonly lastSyncAt: number | null
  readonly problem: string | null
  readonly problemKind: ProblemKind | null
  readonly setAside: number
  readonly state: SyncStatus['state']
  readonly storage: StorageState
  /** Statements held only in memory because storage refused them. */
  readonly unsaved: number
  /** Whether the browser granted persistent storage (null: unknown). */
  readonly persisted: boolean | null
}

export const syncStore = createStore<SyncView>()(() => ({
  waiting: 0,
  lastSyncAt: null,
  problem: null,
  problemKind: null,
  setAside: 0,
  state: 'idle',
  storage: 'ok',
  unsaved: 0,
  persisted: null,
}))

/** What the student needs to do, if anything, in plain words; null when nothing. */
export function actionFor(view: SyncView): string | null {
  if (view.state === 'paused' || view.problemKind === 'repair') return 'This headset needs to be paired again. Ask your teacher for a new code.'
  if (view.storage === 'full') return `This device's storage is full. Your work is kept${view.unsaved > 0 ? ` (${view.unsaved} not yet saved to disk)` : ''}: keep this page open and connect to the network so it can sync.`
  if (view.storage === 'nearly-full') return "This device's storage is nearly full. Connect to the network so your work can sync."
  return null
}

/** The one-line summary shown in-world and in the DOM badge. */
export function summaryOf(view: SyncView): string {
  return view.waiting === 0 ? 'All work saved and synced' : `${view.waiting} waiting to sync`
}

export function lastSyncText(view: SyncView, format: (ms: number) => string = timeOf): string {
  return view.lastSyncAt ? `Last sync ${format(view.lastSyncAt)}` : 'Not synced yet'
}

export function timeOf(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })
}
