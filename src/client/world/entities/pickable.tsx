import { useFrame, type ThreeEvent } from '@react-three/fiber'
import { useEffect, useMemo, useRef, type ReactNode } from 'react'
import { useStore } from 'zustand'
import { Vector3, type Group, type Mesh } from 'three'
import { currentQuestion, type OrderState, type SceneEntity, type SelectState, type SortState, type TaskState } from '../../../core/index.js'
import { useRole, useStation, useWorld } from '../world-context.js'
import { isPrimaryPress } from '../press.js'
import { sharedMaterials } from '../materials.js'
import { LabelTag } from './label-tag.js'

/** How far a held item lifts towards the student, metres. */
const HELD_LIFT = new Vector3(0, 0.05, 0.3)
const _target = new Vector3()

type Look = 'idle' | 'held' | 'placed' | 'gone' | 'locked'

/** Where a placed sort item sits in its zone, relative to the zone's centre. */
function placedOffset(kind: string, size: readonly [number, number] | undefined, slot: number): [number, number, number] {
  if (kind === 'depth-zone') return [0.68 + 0.34 * slot, 0, 0.1]
  const [w, h] = size ?? [1.1, 0.9]
  const perRow = Math.max(1, Math.floor((w - 0.1) / 0.32))
  return [-w / 2 + 0.2 + 0.32 * (slot % perRow), h / 2 - 0.3 - 0.3 * Math.floor(slot / perRow), 0.1]
}

export interface PickableProps {
  readonly entity: SceneEntity
  /** Radius of the invisible hit sphere, metres. */
  readonly hitRadius?: number
  /** Where the label sits below the model. */
  readonly labelY?: number
  readonly labelWidth?: number
  readonly spin?: boolean
  /** Whether to draw the name tag (cards carry their own text). */
  readonly showLabel?: boolean
  readonly children: ReactNode
}

/**
 * Anything a task can point at, pick up or place: a sort item, a select
 * option, an order item. The model is its children; this adds the label,
 * the hit target and the moves (lift when held, into a zone or slot when placed).
 */
export function Pickable({ entity, hitRadius = 0.2, labelY = -0.17, labelWidth = 0.42, spin = true, showLabel = true, children }: PickableProps) {
  const { taskStore, roles, freeze, targets, pointer, press, run } = useWorld()
  const station = useStation()
  const role = useRole(entity.id)
  const look = useStore(taskStore, (s): Look => lookOf(role, s.state, run.task))
  const slot = useStore(taskStore, (s) => slotOf(role, s.state, roles.entityOf, run.task))
  const active = useStore(taskStore, (s) => s.state.phase === 'active')
  const group = useRef<Group>(null)
  const hit = useRef<Mesh>(null)
  const highlight = useRef<Mesh>(null)
  const home = useMemo(() => new Vector3(...entity.position), [entity.position])
  const interactive = role !== null && role.kind !== 'sort-zone' && role.kind !== 'order-slot' && role.kind !== 'dial' && look !== 'gone' && look !== 'locked' && look !== 'held' && !(role.kind === 'sort-item' && look === 'placed')

  useEffect(() => {
    if (!interactive || !hit.current) return
    targets.set(entity.id, hit.current)
    return () => void targets.delete(entity.id)
  }, [interactive, entity.id, targets])

  useFrame((state, delta) => {
    const g = group.current
    if (!g) return
    if (slot !== null) _target.set(slot[0], role?.kind === 'order-item' ? home.y : slot[1], slot[2])
    else _target.copy(home)
    if (look === 'held') {
      if (pointer.zoneEntity && role?.kind === 'sort-item') _target.copy(pointer.point).add(HELD_LIFT).setZ(pointer.point.z + 0.15)
      else _target.add(HELD_LIFT)
    }
    if (!freeze && look === 'idle') _target.y += Math.sin(state.clock.elapsedTime * 1.3 + home.x * 3) * 0.015
    // Exponential approach: frame-rate independent, snaps when close.
    g.position.lerp(_target, 1 - Math.exp(-delta * 14))
    if (g.position.distanceToSquared(_target) < 1e-6) g.position.copy(_target)
    if (!freeze && spin) g.rotation.y = Math.sin(state.clock.elapsedTime * 0.7 + home.y * 5) * 0.35
  })

  const onDown = (e: ThreeEvent<PointerEvent>) => {
    e.stopPropagation()
    if (!isPrimaryPress(e) || !role) return
    const s = taskStore.getState().state
    switch (role.kind) {
      case 'sort-item':
        press({ type: 'grab', item: role.id }, e.nativeEvent)
        return
      case 'option':
        press({ type: 'choose', option: role.id }, e.nativeEvent, entity.id)
        return
      case 'order-item': {
        const held = (s as OrderState).held
        if (held && held !== role.id) {
          // Pressing another item while holding one drops it into that item's slot.
          press({ type: 'drop', slot: (s as OrderState).arrangement.indexOf(role.id) }, e.nativeEvent)
        } else press({ type: 'grab', item: role.id }, e.nativeEvent)
        return
      }
      default:
        return
    }
  }
  const scale = (entity.scale ?? 1) * (look === 'held' ? 1.15 : 1)

  return (
    <group ref={group} position={entity.position} visible={look !== 'gone'}>
      <group scale={scale}>{children}</group>
      {showLabel ? <LabelTag text={entity.label ?? entity.id} y={labelY} width={labelWidth} dim={look === 'locked'} /> : null}
      <mesh ref={highlight} rotation={[Math.PI / 2, 0, 0]} visible={look === 'held' || look === 'locked'} material={look === 'locked' ? sharedMaterials.lockRing : sharedMaterials.heldRing}>
        <torusGeometry args={[hitRadius, 0.008, 4, 32]} />
      </mesh>
      {/* The pointer target: a generous invisible sphere, drawn never, raycast always. */}
      <mesh
        ref={hit}
        material={sharedMaterials.invisible}
        onPointerDown={interactive && station?.current !== false ? onDown : undefined}
        onPointerOver={interactive && active ? () => (document.body.style.cursor = 'pointer') : undefined}
        onPointerOut={interactive ? () => (document.body.style.cursor = '') : undefined}
      >
        <sphereGeometry args={[hitRadius, 8, 6]} />
      </mesh>
    </group>
  )
}

function lookOf(role: ReturnType<typeof useRole>, state: TaskState, task: import('../../../core/index.js').TaskDefinition): Look {
  if (!role) return 'idle'
  switch (role.kind) {
    case 'sort-item': {
      const s = state as SortState
      return s.held === role.id ? 'held' : s.placed[role.id] !== undefined ? 'placed' : 'idle'
    }
    case 'option': {
      if (task.kind !== 'select') return 'idle'
      const { options } = currentQuestion(task, state as SelectState)
      return options.some((o) => o.id === role.id) ? 'idle' : 'gone'
    }
    case 'order-item': {
      const s = state as OrderState
      return s.locked.includes(role.id) ? 'locked' : s.held === role.id ? 'held' : 'placed'
    }
    default:
      return 'idle'
  }
}

/** Where the item should stand (station-relative), or null for its home spot. Returned as a stable string-free tuple key. */
function slotOf(role: ReturnType<typeof useRole>, state: TaskState, entityOf: ReadonlyMap<string, string>, task: import('../../../core/index.js').TaskDefinition): readonly [number, number, number] | null {
  if (!role) return null
  if (role.kind === 'order-item' && task.kind === 'order') {
    const index = (state as OrderState).arrangement.indexOf(role.id)
    return slotPositions.get(task.slots[index] ?? '') ?? null
  }
  if (role.kind === 'sort-item' && task.kind === 'sort') {
    const s = state as SortState
    const zone = s.placed[role.id]
    if (!zone) return null
    const zoneEntity = entityOf.get(zone) ?? ''
    const base = slotPositions.get(zoneEntity)
    if (!base) return null
    const index = Object.entries(s.placed).filter(([, z]) => z === zone).findIndex(([id]) => id === role.id)
    const offset = placedOffset(zoneKinds.get(zoneEntity) ?? 'zone', zoneSizes.get(zoneEntity), index)
    return cached(`${zoneEntity}:${index}`, [base[0] + offset[0], base[1] + offset[1], base[2] + offset[2]])
  }
  return null
}

/**
 * Station-relative positions, kinds and sizes of drop targets (slots, zones),
 * registered by the World for every station; tuples are cached so a zustand
 * selector returns the same object while nothing moved.
 */
export const slotPositions = new Map<string, readonly [number, number, number]>()
export const zoneKinds = new Map<string, string>()
export const zoneSizes = new Map<string, readonly [number, number]>()
const tupleCache = new Map<string, readonly [number, number, number]>()
function cached(key: string, value: [number, number, number]): readonly [number, number, number] {
  const hit = tupleCache.get(key)
  if (hit && hit[0] === value[0] && hit[1] === value[1] && hit[2] === value[2]) return hit
  tupleCache.set(key, value)
  return value
}
