import type { ThreeEvent } from '@react-three/fiber'
import { useEffect, useMemo, useRef } from 'react'
import { useStore } from 'zustand'
import { MeshBasicMaterial, type Mesh } from 'three'
import type { SceneEntity } from '../../../core/index.js'
import { cardTexture } from '../text-texture.js'
import { useWorld } from '../world-context.js'
import { pulseFrom } from '../../xr/haptics.js'
import { isPrimaryPress } from '../press.js'

function sizeOf(entity: SceneEntity): [number, number] {
  const size = entity.props?.size
  return Array.isArray(size) && typeof size[0] === 'number' && typeof size[1] === 'number' ? [size[0], size[1]] : [2, 0.5]
}

/** A depth zone: a labelled band of water; a drop target when it is a zone of the task. */
export function DepthZone({ entity }: { readonly entity: SceneEntity }) {
  const { taskStore, roles, targets, pointer } = useWorld()
  const zone = roles.zoneByEntity.get(entity.id)
  const holding = useStore(taskStore, (s) => s.sort.held !== null)
  const [width, height] = sizeOf(entity)
  const mesh = useRef<Mesh>(null)
  const material = useMemo(() => {
    const colour = entity.colour ?? '#1f5b94'
    const map = cardTexture([{ text: entity.label ?? entity.id, size: 52, weight: 700 }], {
      width: 1024,
      height: Math.round((1024 * height) / width),
      background: `${colour}d9`,
      border: 'rgba(255,255,255,0.35)',
      padding: 28,
      radius: 16,
      vertical: 'middle',
    })
    return new MeshBasicMaterial({ map, transparent: true, depthWrite: false })
  }, [entity.colour, entity.label, entity.id, width, height])

  useEffect(() => {
    if (!zone || !mesh.current) return
    targets.set(entity.id, mesh.current)
    return () => void targets.delete(entity.id)
  }, [zone, entity.id, targets])

  useEffect(() => {
    if (!holding) material.color.setScalar(1)
  }, [holding, material])

  if (!zone) {
    return (
      <mesh position={entity.position} material={material}>
        <planeGeometry args={[width, height]} />
      </mesh>
    )
  }

  const drop = (e: ThreeEvent<PointerEvent>) => {
    e.stopPropagation()
    if (!isPrimaryPress(e)) return
    const emits = taskStore.getState().dispatch({ type: 'drop', zone: zone.id })
    const answered = emits.find((event) => event.type === 'answered')
    // Same handler as the visual feedback: the pulse leaves with this frame.
    if (answered) pulseFrom(e.nativeEvent, answered.correct ? 0.4 : 0.9, answered.correct ? 40 : 120)
    pointer.zoneEntity = null
    material.color.setScalar(1)
  }
  const over = (e: ThreeEvent<PointerEvent>) => {
    // Keep the background catcher behind from clearing the hovered zone.
    e.stopPropagation()
    if (taskStore.getState().sort.held === null) return
    pointer.zoneEntity = entity.id
    pointer.point.copy(e.point)
    material.color.setScalar(1.35)
  }
  const out = () => {
    if (pointer.zoneEntity === entity.id) pointer.zoneEntity = null
    material.color.setScalar(1)
  }

  return (
    <mesh ref={mesh} position={entity.position} material={material} onPointerDown={drop} onPointerMove={over} onPointerOut={out}>
      <planeGeometry args={[width, height]} />
    </mesh>
  )
}
