import type { ThreeEvent } from '@react-three/fiber'
import { useEffect, useMemo, useRef } from 'react'
import { useStore } from 'zustand'
import { MeshBasicMaterial, type Mesh } from 'three'
import type { SceneEntity, SortState } from '../../../core/index.js'
import { cardTexture } from '../text-texture.js'
import { useRole, useWorld } from '../world-context.js'
import { isPrimaryPress } from '../press.js'

export function sizeOf(entity: SceneEntity, fallback: readonly [number, number]): [number, number] {
  const size = entity.props?.size
  return Array.isArray(size) && typeof size[0] === 'number' && typeof size[1] === 'number' ? [size[0], size[1]] : [fallback[0], fallback[1]]
}

/**
 * A labelled region items are sorted into: a band of water (`depth-zone`) or
 * an era's table (`zone`). A drop target when it is a zone of the current task.
 */
export function DepthZone({ entity }: { readonly entity: SceneEntity }) {
  const { taskStore, targets, pointer, press } = useWorld()
  const role = useRole(entity.id)
  const zone = role?.kind === 'sort-zone' ? role : null
  const holding = useStore(taskStore, (s) => zone !== null && (s.state as SortState).held != null)
  const [width, height] = sizeOf(entity, entity.kind === 'zone' ? [1.1, 0.9] : [2, 0.5])
  const mesh = useRef<Mesh>(null)
  const material = useMemo(() => {
    const colour = entity.colour ?? '#1f5b94'
    const square = entity.kind === 'zone'
    const map = cardTexture([{ text: entity.label ?? entity.id, size: square ? 64 : 52, weight: 700 }], {
      width: 1024,
      height: Math.round((1024 * height) / width),
      background: `${colour}d9`,
      border: 'rgba(255,255,255,0.35)',
      padding: 28,
      radius: 16,
      vertical: square ? 'top' : 'middle',
      align: square ? 'center' : 'left',
    })
    return new MeshBasicMaterial({ map, transparent: true, depthWrite: false })
  }, [entity.colour, entity.label, entity.id, entity.kind, width, height])

  useEffect(() => {
    if (!zone || !mesh.current) return
    targets.set(entity.id, mesh.current)
    return () => void targets.delete(entity.id)
  }, [zone, entity.id, targets])

  useEffect(() => {
    if (!holding) material.color.setScalar(1)
  }, [holding, material])

  const drop = (e: ThreeEvent<PointerEvent>) => {
    e.stopPropagation()
    if (!isPrimaryPress(e) || !zone) return
    press({ type: 'drop', zone: zone.id }, e.nativeEvent)
    pointer.zoneEntity = null
    material.color.setScalar(1)
  }
  const over = (e: ThreeEvent<PointerEvent>) => {
    // Keep the background catcher behind from clearing the hovered zone.
    e.stopPropagation()
    if ((taskStore.getState().state as SortState).held == null) return
    pointer.zoneEntity = entity.id
    // Items live in the station's frame: keep the point there too.
    pointer.point.copy(e.point)
    mesh.current?.parent?.worldToLocal(pointer.point)
    material.color.setScalar(1.35)
  }
  const out = () => {
    if (pointer.zoneEntity === entity.id) pointer.zoneEntity = null
    material.color.setScalar(1)
  }

  return (
    <mesh
      ref={mesh}
      position={entity.position}
      material={material}
      onPointerDown={zone ? drop : undefined}
      onPointerMove={zone ? over : undefined}
      onPointerOut={zone ? out : undefined}
    >
      <planeGeometry args={[width, height]} />
    </mesh>
  )
}
