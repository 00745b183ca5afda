import { createContext, useContext } from 'react'
import { Vector3, type Object3D } from 'three'
import type { TaskDefinition, TaskEvent, TaskInput } from '../../core/index.js'
import type { Expedition, StationRun } from '../app/expedition.js'
import type { JourneyStore } from '../stores/journey-store.js'
import type { TaskStore } from '../stores/task-store.js'

/** What an entity is to the current task. */
export type TaskRole =
  | { readonly kind: 'sort-item'; readonly id: string }
  | { readonly kind: 'sort-zone'; readonly id: string }
  | { readonly kind: 'option'; readonly id: string }
  | { readonly kind: 'order-item'; readonly id: string }
  | { readonly kind: 'order-slot'; readonly index: number }
  | { readonly kind: 'dial' }

export interface TaskRoles {
  readonly byEntity: ReadonlyMap<string, TaskRole>
  /** Sort zone id → zone entity; order item id → entity. */
  readonly entityOf: ReadonlyMap<string, string>
}

export function rolesOf(task: TaskDefinition): TaskRoles {
  const byEntity = new Map<string, TaskRole>()
  const entityOf = new Map<string, string>()
  switch (task.kind) {
    case 'sort':
      for (const z of task.zones) {
        byEntity.set(z.entity, { kind: 'sort-zone', id: z.id })
        entityOf.set(z.id, z.entity)
      }
      for (const i of task.items) {
        byEntity.set(i.entity, { kind: 'sort-item', id: i.id })
        entityOf.set(i.id, i.entity)
      }
      break
    case 'select':
      for (const q of task.questions) for (const o of q.options) byEntity.set(o.entity, { kind: 'option', id: o.id })
      break
    case 'order':
      task.slots.forEach((s, index) => byEntity.set(s, { kind: 'order-slot', index }))
      for (const i of task.items) {
        byEntity.set(i.entity, { kind: 'order-item', id: i.id })
        entityOf.set(i.id, i.entity)
      }
      break
    case 'estimate':
      byEntity.set(task.dial, { kind: 'dial' })
      break
    case 'explain':
      break
  }
  return { byEntity, entityOf }
}

/** Mutable, per-frame pointer facts: read in useFrame, never rendered through state. */
export interface PointerFacts {
  /** The drop target entity under a pointer while an item is held, or null. */
  zoneEntity: string | null
  readonly point: Vector3
}

export function createPointerFacts(): PointerFacts {
  return { zoneEntity: null, point: new Vector3() }
}

/** The station's part of the world: shown while the station is current. */
export interface StationScope {
  readonly stationId: string
  /** Whether this station is the one being played. */
  readonly current: boolean
  /** Entity positions relative to the station's anchor. */
  readonly positions: ReadonlyMap<string, readonly [number, number, number]>
  readonly sizes: ReadonlyMap<string, readonly [number, number]>
}

export interface WorldContextValue {
  readonly expedition: Expedition
  readonly run: StationRun
  readonly taskStore: TaskStore
  readonly journey: JourneyStore
  readonly roles: TaskRoles
  readonly freeze: boolean
  /** Interactable objects by id (entity ids and world buttons), for aiming in tests. */
  readonly targets: Map<string, Object3D>
  readonly pointer: PointerFacts
  /**
   * Dispatches an input from a press in the world: notes which entity the
   * feedback belongs beside, and pulses the controller when it was judged.
   */
  /** The entity (or target id) the latest feedback belongs beside, when the feedback's subject is not one. */
  readonly feedbackAnchor: { entity: string | null }
  readonly press: (input: TaskInput, nativeEvent: unknown, feedbackEntity?: string | null) => readonly TaskEvent[]
}

export const WorldContext = createContext<WorldContextValue | null>(null)
export const StationContext = createContext<StationScope | null>(null)

export function useWorld(): WorldContextValue {
  const value = useContext(WorldContext)
  if (!value) throw new Error('useWorld outside <WorldContext>')
  return value
}

/** The station scope of an entity, or null for the expedition's surroundings. */
export function useStation(): StationScope | null {
  return useContext(StationContext)
}

/** The entity's role in the current task, or null when it has none (or its station is not current). */
export function useRole(entityId: string): TaskRole | null {
  const { roles } = useWorld()
  const station = useStation()
  if (station && !station.current) return null
  return roles.byEntity.get(entityId) ?? null
}
