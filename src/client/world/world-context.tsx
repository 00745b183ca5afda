import { createContext, useContext } from 'react'
import { Vector3, type Object3D } from 'three'
import type { SortTask } from '../../core/index.js'
import type { Expedition } from '../app/expedition.js'
import type { TaskStore } from '../stores/task-store.js'

type Item = SortTask['items'][number]
type Zone = SortTask['zones'][number]

/** How the task refers to scene entities: which entity is an item, which a zone. */
export interface TaskRoles {
  readonly itemByEntity: ReadonlyMap<string, Item>
  readonly zoneByEntity: ReadonlyMap<string, Zone>
  readonly zoneEntityById: ReadonlyMap<string, string>
}

export function rolesOf(task: SortTask): TaskRoles {
  return {
    itemByEntity: new Map(task.items.map((i) => [i.entity, i])),
    zoneByEntity: new Map(task.zones.map((z) => [z.entity, z])),
    zoneEntityById: new Map(task.zones.map((z) => [z.id, z.entity])),
  }
}

/** Mutable, per-frame pointer facts: read in useFrame, never rendered through state. */
export interface PointerFacts {
  /** The zone entity under a pointer while an item is held, or null. */
  zoneEntity: string | null
  readonly point: Vector3
}

export interface WorldContextValue {
  readonly expedition: Expedition
  readonly taskStore: TaskStore
  readonly roles: TaskRoles
  readonly freeze: boolean
  /** Interactable objects by id (entity ids, plus `start-button` and `hint-button`), for aiming in tests. */
  readonly targets: Map<string, Object3D>
  readonly pointer: PointerFacts
  /** World positions of the entities, as the manifest places them. */
  readonly entityPositions: ReadonlyMap<string, readonly [number, number, number]>
}

export function createPointerFacts(): PointerFacts {
  return { zoneEntity: null, point: new Vector3() }
}

export const WorldContext = createContext<WorldContextValue | null>(null)

export function useWorld(): WorldContextValue {
  const value = useContext(WorldContext)
  if (!value) throw new Error('useWorld outside <WorldContext>')
  return value
}
