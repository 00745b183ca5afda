import type { ThreeEvent } from '@react-three/fiber'
import { useEffect, useMemo, useRef } from 'react'
import { useStore } from 'zustand'
import { MeshBasicMaterial, type Mesh } from 'three'
import type { OrderState, SceneEntity } from '../../../core/index.js'
import { cardTexture } from '../text-texture.js'
import { isPrimaryPress } from '../press.js'
import { useRole, useWorld } from '../world-context.js'

/** A numbered place on an order line: drop the held item here. */
export function Slot({ entity }: { readonly entity: SceneEntity }) {
  const { taskStore, targets, press } = useWorld()
  const role = useRole(entity.id)
  const index = role?.kind === 'order-slot' ? role.index : null
  const holding = useStore(taskStore, (s) => index !== null && (s.state as OrderState).held != null)
  const mesh = useRef<Mesh>(null)
  const material = useMemo(() => {
    const colour = entity.colour ?? '#4f7ea8'
    const map = cardTexture([{ text: entity.label ?? '', size: 96, weight: 700 }], { width: 256, height: 256, background: `${colour}cc`, border: '#ffffff', align: 'center', vertical: 'middle', radius: 128 })
    return new MeshBasicMaterial({ map, transparent: true, depthWrite: false })
  }, [entity.colour, entity.label])
  useEffect(() => {
    material.color.setScalar(holding ? 1.3 : 1)
  }, [holding, material])
  useEffect(() => {
    if (index === null || !mesh.current) return
    targets.set(entity.id, mesh.current)
    return () => void targets.delete(entity.id)
  }, [index, entity.id, targets])
  const down = (e: ThreeEvent<PointerEvent>) => {
    e.stopPropagation()
    if (!isPrimaryPress(e) || index === null) return
    press({ type: 'drop', slot: index }, e.nativeEvent)
  }
  return (
    <mesh ref={mesh} position={entity.position} material={material} onPointerDown={index !== null ? down : undefined}>
      <circleGeometry args={[0.16, 24]} />
    </mesh>
  )
}
