import { useEffect, useMemo } from 'react'
import { MeshBasicMaterial } from 'three'
import { cardTexture, drawCard } from '../text-texture.js'

const OPTIONS = { width: 512, height: 96, background: 'rgba(4, 20, 36, 0.78)', align: 'center', vertical: 'middle', radius: 40 } as const

/** A name tag under an entity, drawn once (redrawn only when its text changes). */
export function LabelTag({ text, y, width = 0.42, dim = false }: { readonly text: string; readonly y: number; readonly width?: number; readonly dim?: boolean }) {
  const shown = dim ? `${text} · fixed` : text
  const size = shown.length > 26 ? 30 : 40
  const material = useMemo(() => new MeshBasicMaterial({ map: cardTexture([{ text: shown, size, weight: 700 }], OPTIONS), transparent: true, depthWrite: false }), [])
  useEffect(() => {
    if (!material.map) return
    drawCard(material.map.image as HTMLCanvasElement, [{ text: shown, size, weight: 700 }], OPTIONS)
    material.map.needsUpdate = true
  }, [shown, size, material])
  return (
    <mesh position={[0, y, 0.02]} material={material}>
      <planeGeometry args={[width, width * (96 / 512)]} />
    </mesh>
  )
}
