import type { ThreeEvent } from '@react-three/fiber'
import { useEffect, useMemo, useRef } from 'react'
import { MeshBasicMaterial, type Mesh } from 'three'
import { cardTexture } from './text-texture.js'
import { useWorld } from './world-context.js'
import { isPrimaryPress } from './press.js'

export interface WorldButtonProps {
  /** Key under which tests find it in `targets()`. */
  readonly id: string
  readonly label: string
  readonly position: readonly [number, number, number]
  readonly visible: boolean
  readonly onPress: (e: ThreeEvent<PointerEvent>) => void
  readonly colour?: string
  /** Width in metres (height is a third of the default width). @default 0.5 */
  readonly width?: number
  readonly height?: number
}

/** A pressable in-world button (controller ray + trigger, or mouse). */
export function WorldButton({ id, label, position, visible, onPress, colour = '#1e7fc9', width = 0.5, height = 0.16 }: WorldButtonProps) {
  const { targets } = useWorld()
  const mesh = useRef<Mesh>(null)
  const material = useMemo(
    () =>
      new MeshBasicMaterial({
        map: cardTexture([{ text: label, size: 52, weight: 700 }], { width: Math.round(800 * width), height: Math.round(800 * height), background: colour, border: '#ffffff', align: 'center', vertical: 'middle', radius: 48 }),
        transparent: true,
        depthWrite: false,
      }),
    [label, colour, width, height],
  )
  useEffect(() => {
    if (!visible || !mesh.current) return
    targets.set(id, mesh.current)
    return () => void targets.delete(id)
  }, [visible, id, targets])
  const press = (e: ThreeEvent<PointerEvent>) => {
    e.stopPropagation()
    if (!isPrimaryPress(e)) return
    onPress(e)
  }
  return (
    <mesh ref={mesh} position={position as [number, number, number]} material={material} visible={visible} onPointerDown={visible ? press : undefined}>
      <planeGeometry args={[width, height]} />
    </mesh>
  )
}
