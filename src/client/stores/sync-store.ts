import { createStore } from 'zustand/vanilla'
import type { SyncStatus } from '../sync/outbox.js'

/** What the student's sync badge shows. Updated on sync events, never per frame. */
export interface SyncView {
  readonly waiting: number
  readonly lastSyncAt: number | null
  readonly problem: string | null
  readonly setAside: number
  readonly state: SyncStatus['state']
}

export const syncStore = createStore<SyncView>()(() => ({ waiting: 0, lastSyncAt: null, problem: null, setAside: 0, state: 'idle' }))
