// Test-only hooks for the sync fault tests (?test=1 or ?emulate=…), loaded lazily as their own chunk.
import { activity, ACTIVITY_TYPE, buildStatement, FATHOM_ACTIVITIES, VERB } from '../../core/index.js'
import type { CaptureSession } from '../app/capture-session.js'
import type { FathomTestHooks } from '../app/test-hooks.js'
import type { Pairing } from '../storage/db.js'
import { syncStore, type SyncView } from '../stores/sync-store.js'
import { storageFault } from './storage-fault.js'

export interface SyncTestHooks {
  /** Records `n` real statements (core builder, the pairing's actor) through the capture session; returns their ids. */
  recordTest(n: number, tag?: string): string[]
  /** Ids of every statement stored on the device, with their delivery status. */
  storedStatements(): Promise<{ id: string; status: string; problem?: string }[]>
  /** What the student's sync status shows. */
  syncView(): SyncView
  /** Makes the next writes to IndexedDB fail as a full disk does ('quota' | 'abort'), or stops that (null). */
  failStorage(mode: 'quota' | 'abort' | null): void
  /** Statements only in memory (not yet on disk). */
  inMemory(): number
  /** Sends now, ignoring any backoff wait. */
  syncNow(): Promise<void>
  /**
   * Bench: in each of `frames` animation frames, records `perFrame` prebuilt statements
   * and returns the main-thread µs per record() for each frame.
   */
  measureRecord(frames: number, perFrame: number): Promise<number[]>
  /** Bench: queues `n` prebuilt statements, then times one flush to IndexedDB (ms). */
  measureFlush(n: number): Promise<number>
}

declare module '../app/test-hooks.js' {
  interface FathomTestHooks extends Partial<SyncTestHooks> {}
}

export function installSyncTestHooks(session: CaptureSession, pairing: Pairing): void {
  const build = (n: number, tag: string) =>
    Array.from({ length: n }, (_, i) =>
      buildStatement(
        { newId: () => crypto.randomUUID(), now: () => new Date().toISOString() },
        { actor: pairing.actor, modality: 'desktop', activityBase: FATHOM_ACTIVITIES },
        { verb: VERB.experienced, object: activity(`${FATHOM_ACTIVITIES}/test/${encodeURIComponent(tag)}/${i}`, ACTIVITY_TYPE.interaction, `Sync test ${tag} ${i}`) },
      ),
    )
  const hooks: SyncTestHooks = {
    recordTest(n, tag = 'sync') {
      const statements = build(n, tag)
      for (const statement of statements) session.record(statement)
      return statements.map((s) => s.id)
    },
    async measureRecord(frames, perFrame) {
      const out: number[] = []
      for (let f = 0; f < frames; f++) {
        const statements = build(perFrame, `bench-${f}`)
        await new Promise<void>((resolve) =>
          requestAnimationFrame(() => {
            const t0 = performance.now()
            for (const statement of statements) session.record(statement)
            out.push(((performance.now() - t0) * 1000) / perFrame)
            resolve()
          }),
        )
      }
      return out
    },
    async measureFlush(n) {
      await session.pipeline.flushToStorage()
      for (const statement of build(n, 'bench-flush')) session.pipeline.recorder.record(statement)
      const t0 = performance.now()
      await session.pipeline.flushToStorage()
      return performance.now() - t0
    },
    storedStatements: async () =>
      (await session.pipeline.repository.all()).map((s) => ({ id: s.id, status: s.status, ...(s.problem ? { problem: s.problem } : {}) })),
    syncView: () => syncStore.getState(),
    failStorage: (mode) => {
      storageFault.mode = mode
    },
    inMemory: () => session.pipeline.recorder.queued,
    syncNow: () => session.pipeline.outbox.syncNow(),
  }
  const w = window as unknown as { __fathom?: FathomTestHooks }
  w.__fathom = Object.assign(w.__fathom ?? ({} as FathomTestHooks), hooks)
}
