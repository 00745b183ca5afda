import { useFrame, type ThreeEvent } from '@react-three/fiber'
import { useEffect, useMemo, useRef } from 'react'
import { useStore } from 'zustand'
import { MeshBasicMaterial, MeshLambertMaterial, Vector3, type Group, type Mesh } from 'three'
import type { SceneEntity } from '../../../core/index.js'
import { cardTexture } from '../text-texture.js'
import { organismModel } from '../geometry.js'
import { useWorld } from '../world-context.js'
import { isPrimaryPress } from '../press.js'

/** How far a held item lifts towards the student, metres. */
const HELD_LIFT = new Vector3(0, 0.05, 0.3)
/** Where placed items sit in their zone, relative to the zone centre. */
const SLOT_X0 = 0.68
const SLOT_DX = 0.34
const SLOT_Z = 0.1

const _target = new Vector3()

/** An organism. When it is an item of the task, it can be picked up and placed in a zone. */
export function Organism({ entity }: { readonly entity: SceneEntity }) {
  const { taskStore, roles, freeze, targets, pointer, entityPositions } = useWorld()
  const item = roles.itemByEntity.get(entity.id)
  const held = useStore(taskStore, (s) => item !== undefined && s.sort.held === item.id)
  const placedZone = useStore(taskStore, (s) => (item ? s.sort.placed[item.id] : undefined))
  const slot = useStore(taskStore, (s) =>
    item && placedZone ? Object.entries(s.sort.placed).filter(([, z]) => z === placedZone).findIndex(([id]) => id === item.id) : 0,
  )
  const active = useStore(taskStore, (s) => s.sort.phase === 'active')

  const props = entity.props ?? {}
  const glows = props.glow === true
  const colour = entity.colour ?? '#9fb7c8'
  const model = useMemo(() => organismModel(String(props.shape ?? 'fish'), colour, glows), [props.shape, colour, glows])
  const bodyMaterial = useMemo(() => new MeshLambertMaterial({ vertexColors: true, emissive: '#000000' }), [])
  const glowMaterial = useMemo(() => new MeshBasicMaterial({ vertexColors: true }), [])
  const label = useMemo(
    () =>
      cardTexture([{ text: entity.label ?? entity.id, size: 40, weight: 700 }], {
        width: 512,
        height: 96,
        background: 'rgba(4, 20, 36, 0.78)',
        align: 'center',
        vertical: 'middle',
        radius: 40,
      }),
    [entity.label, entity.id],
  )
  const group = useRef<Group>(null)
  const hit = useRef<Mesh>(null)
  const home = useMemo(() => new Vector3(...entity.position), [entity.position])

  useEffect(() => {
    if (!item || !hit.current) return
    targets.set(entity.id, hit.current)
    return () => void targets.delete(entity.id)
  }, [item, entity.id, targets])

  useEffect(() => {
    bodyMaterial.emissive.set(held ? '#2a5f7a' : '#000000')
  }, [held, bodyMaterial])

  useFrame((state, delta) => {
    const g = group.current
    if (!g) return
    if (placedZone) {
      const zonePos = entityPositions.get(roles.zoneEntityById.get(placedZone) ?? '')
      if (zonePos) _target.set(zonePos[0] + SLOT_X0 + SLOT_DX * slot, zonePos[1], zonePos[2] + SLOT_Z)
    } else if (held) {
      if (pointer.zoneEntity) _target.copy(pointer.point).add(HELD_LIFT).setZ(pointer.point.z + 0.15)
      else _target.copy(home).add(HELD_LIFT)
    } else _target.copy(home)
    if (!freeze && !held && !placedZone) _target.y += Math.sin(state.clock.elapsedTime * 1.3 + home.x * 3) * 0.015
    // Exponential approach: frame-rate independent, snaps when close.
    g.position.lerp(_target, 1 - Math.exp(-delta * 14))
    if (g.position.distanceToSquared(_target) < 1e-6) g.position.copy(_target)
    if (!freeze) g.rotation.y = Math.sin(state.clock.elapsedTime * 0.7 + home.y * 5) * 0.35
  })

  const grab = (e: ThreeEvent<PointerEvent>) => {
    e.stopPropagation()
    if (!isPrimaryPress(e)) return
    if (item) taskStore.getState().dispatch({ type: 'grab', item: item.id })
  }
  const interactive = item !== undefined && !held && placedZone === undefined

  return (
    <group ref={group} position={entity.position} scale={entity.scale ?? 1}>
      <mesh geometry={model.body} material={bodyMaterial} scale={held ? 1.15 : 1} />
      {model.glow ? <mesh geometry={model.glow} material={glowMaterial} /> : null}
      <mesh position={[0, -0.17, 0]}>
        <planeGeometry args={[0.42, 0.08]} />
        <meshBasicMaterial map={label} transparent depthWrite={false} />
      </mesh>
      {held ? (
        <mesh rotation={[Math.PI / 2, 0, 0]}>
          <torusGeometry args={[0.2, 0.008, 4, 32]} />
          <meshBasicMaterial color="#ffe27a" />
        </mesh>
      ) : null}
      {/* The pointer target: a generous invisible sphere, drawn never, raycast always. */}
      <mesh
        ref={hit}
        onPointerDown={interactive ? grab : undefined}
        onPointerOver={interactive && active ? () => (document.body.style.cursor = 'pointer') : undefined}
        onPointerOut={interactive ? () => (document.body.style.cursor = '') : undefined}
      >
        <sphereGeometry args={[0.2, 8, 6]} />
        <meshBasicMaterial visible={false} />
      </mesh>
    </group>
  )
}
