import type { ThreeEvent } from '@react-three/fiber'
import { useEffect, useMemo, useRef } from 'react'
import { MeshBasicMaterial, type CanvasTexture, type Mesh, type Object3D } from 'three'
import { cardTexture, drawCard } from '../world/text-texture.js'

const PIXELS_PER_METRE = 800

export interface ComfortButtonProps {
  /** Key under which tests find it in `targets()`. */
  readonly id: string
  readonly label: string
  readonly position: readonly [number, number, number]
  readonly width?: number
  readonly height?: number
  readonly visible: boolean
  readonly onPress: () => void
  readonly targets: Map<string, Object3D>
  readonly colour?: string
  readonly fontPx?: number
}

/** An in-world button for the comfort panels (controller ray + trigger); redraws only when its label changes. */
export function ComfortButton({ id, label, position, width = 0.44, height = 0.1, visible, onPress, targets, colour = '#16456e', fontPx = 34 }: ComfortButtonProps) {
  const mesh = useRef<Mesh>(null)
  const options = useMemo(
    () => ({ width: Math.round(width * PIXELS_PER_METRE), height: Math.round(height * PIXELS_PER_METRE), background: colour, border: '#9fd4ff', align: 'center' as const, vertical: 'middle' as const, radius: 28, padding: 12 }),
    [width, height, colour],
  )
  const blocks = useMemo(() => [{ text: label, size: fontPx, weight: 700 as const }], [label, fontPx])
  const material = useMemo(() => new MeshBasicMaterial({ map: cardTexture(blocks, options), transparent: true, depthWrite: false }), [])
  useEffect(() => {
    const map = material.map as CanvasTexture | null
    if (!map) return
    drawCard(map.image as HTMLCanvasElement, blocks, options)
    map.needsUpdate = true
  }, [blocks, options, material])
  useEffect(() => {
    if (!visible || !mesh.current) return
    targets.set(id, mesh.current)
    return () => void targets.delete(id)
  }, [visible, id, targets])
  const press = (e: ThreeEvent<PointerEvent>) => {
    e.stopPropagation()
    const button = (e as { button?: number }).button
    if (button !== undefined && button !== 0) return
    onPress()
  }
  return (
    <mesh ref={mesh} position={position as [number, number, number]} material={material} visible={visible} onPointerDown={visible ? press : undefined} renderOrder={4}>
      <planeGeometry args={[width, height]} />
    </mesh>
  )
}
