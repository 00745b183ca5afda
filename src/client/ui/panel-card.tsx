import { useEffect, useMemo } from 'react'
import { MeshBasicMaterial } from 'three'
import { usePanelTextScale } from '../comfort/text-scale.js'
import { cardTexture, drawCard, type TextBlock } from '../world/text-texture.js'

const PIXELS_PER_METRE = 800

export interface PanelCardProps {
  readonly position: readonly [number, number, number]
  readonly rotation?: readonly [number, number, number]
  readonly width: number
  readonly height: number
  readonly text?: string
  readonly blocks?: readonly TextBlock[]
  readonly colour?: string
}

/** An in-world card of text, drawn with the app's font into a canvas texture. Redraws only when its text changes. */
export function PanelCard({ position, rotation = [0, 0, 0], width, height, text = '', blocks, colour = '#0b2942' }: PanelCardProps) {
  const content = useMemo(() => blocks ?? [{ text, size: 36 }], [blocks, text])
  const options = useMemo(
    () => ({ width: Math.round(width * PIXELS_PER_METRE), height: Math.round(height * PIXELS_PER_METRE), background: `${colour}e6`, border: 'rgba(159,212,255,0.5)', padding: 36 }),
    [width, height, colour],
  )
  const material = useMemo(() => new MeshBasicMaterial({ map: cardTexture(content, options), transparent: true, depthWrite: false }), [])
  useEffect(() => {
    const map = material.map
    if (!map) return
    drawCard(map.image as HTMLCanvasElement, content, options)
    map.needsUpdate = true
  }, [content, options, material])
  // The text-size setting grows the whole card (same layout, larger text), upwards from its bottom edge so nothing below is covered.
  const scale = usePanelTextScale()
  return (
    <mesh position={[position[0], position[1] + (height * (scale - 1)) / 2, position[2]]} rotation={rotation as [number, number, number]} material={material} scale={scale}>
      <planeGeometry args={[width, height]} />
    </mesh>
  )
}
