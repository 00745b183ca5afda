// Test-only hooks (?emulate=quest3 or ?test=1), loaded lazily as their own chunk.
import type { Object3D } from 'three'
import { hapticLog } from '../xr/haptics.js'
import { renderBridge } from '../world/render-bridge.js'
import { hooksContext } from './hooks-context.js'
import { onJudged } from '../world/judged-cue.js'
import { rigState } from '../comfort/rig-state.js'
import { comfortHooks } from '../comfort/comfort-hooks.js'

export interface FathomTestHooks {
  /** The iwer device (emulation only). */
  readonly device?: unknown
  /** World positions of the task's interactable objects (entity ids, `start-button`, `hint-button`). */
  targets(): Record<string, [number, number, number]>
  /** Where a target appears on the page, in CSS pixels (desktop camera), or null. */
  screenPoint(id: string): { x: number; y: number } | null
  /** Where a world point appears on the page, in CSS pixels (desktop camera). */
  project(x: number, y: number, z: number): { x: number; y: number } | null
  isPresenting(): boolean
  /** The XR session, when presenting (for listening to its input events in tests). */
  session(): XRSession | null
  renderInfo(): { calls: number; triangles: number; programs: number; programsAfterLoad: number | null; firstFrameAt: number | null }
  /** Statements recorded and not yet delivered. */
  pending(): Promise<number>
  /** Writes queued statements and sends them now. */
  flush(): Promise<void>
  /** The task's state (phase, held, placed…), for assertions. */
  task(): unknown
  /** Haptic pulses fired so far. */
  haptics(): number
  /** Comfort, settings, sound and the open expedition's id (see comfort/comfort-hooks.ts). */
  readonly comfort: typeof comfortHooks
  /** Where the student is: hub, or expedition/station/tier and the task's kind. */
  journey(): { screen: unknown; kind: string | null; levels: Record<string, string>; pKnown: Record<string, number>; done: unknown; unlocks: string[] }
  /** The player rig's world position (station anchor): add it to controller poses. */
  origin(): [number, number, number]
  /** Fetches teacher statements (unlocks, overrides) from the LRS now. */
  refresh(): Promise<void>
  /** Judged answers heard by the sound-cue hook (onJudged), in order. */
  judged(): boolean[]
}

declare global {
  interface Window {
    __fathom?: FathomTestHooks
  }
}

/** World position without importing three here (keeps this chunk tiny). */
function worldPosition(object: Object3D): [number, number, number] {
  object.updateWorldMatrix(true, false)
  const e = object.matrixWorld.elements
  return [e[12]!, e[13]!, e[14]!]
}

export function installTestHooks(device?: unknown): void {
  const judged: boolean[] = []
  onJudged((correct) => judged.push(correct))
  const hooks: FathomTestHooks = {
    ...(device === undefined ? {} : { device }),
    targets() {
      const out: Record<string, [number, number, number]> = {}
      for (const [id, object] of hooksContext.targets ?? []) out[id] = worldPosition(object)
      return out
    },
    screenPoint(id) {
      const object = hooksContext.targets?.get(id)
      if (!object) return null
      return hooks.project(...worldPosition(object))
    },
    project: (x, y, z) => renderBridge.project?.(x, y, z) ?? null,
    session: () => hooksContext.xrStore?.getState().session ?? null,
    isPresenting: () => hooksContext.xrStore?.getState().session != null,
    renderInfo() {
      const gl = renderBridge.get?.().gl
      return {
        calls: gl?.info.render.calls ?? 0,
        triangles: gl?.info.render.triangles ?? 0,
        programs: gl?.info.programs?.length ?? 0,
        programsAfterLoad: renderBridge.programsAfterLoad,
        firstFrameAt: renderBridge.firstFrameAt,
      }
    },
    pending: async () => (hooksContext.pipeline ? hooksContext.pipeline.pending() : 0),
    flush: async () => {
      await hooksContext.pipeline?.flush()
    },
    task: () => hooksContext.taskStore?.getState().state ?? null,
    haptics: () => hapticLog.pulses,
    journey() {
      const j = hooksContext.journey?.getState()
      return {
        screen: j?.screen ?? null,
        kind: hooksContext.taskStore?.getState().task.kind ?? null,
        levels: Object.fromEntries(j?.levels ?? []),
        pKnown: Object.fromEntries([...(j?.records ?? new Map()).values()].map((r) => [r.competencyId, r.pKnown])),
        done: j?.done ?? {},
        unlocks: [...(j?.unlocks ?? [])],
      }
    },
    origin: () => [rigState.position[0], rigState.position[1], rigState.position[2]],
    refresh: async () => {
      await hooksContext.refresh?.()
      await new Promise((resolve) => setTimeout(resolve, 20))
    },
    judged: () => [...judged],
    comfort: comfortHooks,
  }
  window.__fathom = hooks
}
