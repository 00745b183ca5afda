import type { ThreeEvent } from '@react-three/fiber'
import { createContext, useContext, useEffect, useMemo, useRef, type ReactNode } from 'react'
import { MeshBasicMaterial, type Mesh, type Object3D } from 'three'
import { cardTexture } from './text-texture.js'
import { isPrimaryPress } from './press.js'

const TargetsContext = createContext<Map<string, Object3D> | null>(null)

/** A pressable button for the hub (no task around it), registered in the test targets. */
export function HubButton({ id, label, position, enabled, onPress }: { readonly id: string; readonly label: string; readonly position: readonly [number, number, number]; readonly enabled: boolean; readonly onPress: () => void }) {
  const targets = useContext(TargetsContext)
  const mesh = useRef<Mesh>(null)
  const material = useMemo(
    () => new MeshBasicMaterial({ map: cardTexture([{ text: label, size: 52, weight: 700 }], { width: 400, height: 128, background: enabled ? '#1f9d55' : '#4a5563', border: '#ffffff', align: 'center', vertical: 'middle', radius: 48 }), transparent: true, depthWrite: false }),
    [label, enabled],
  )
  useEffect(() => {
    if (!enabled || !mesh.current || !targets) return
    targets.set(id, mesh.current)
    return () => void targets.delete(id)
  }, [enabled, id, targets])
  const down = (e: ThreeEvent<PointerEvent>) => {
    e.stopPropagation()
    if (enabled && isPrimaryPress(e)) onPress()
  }
  return (
    <mesh ref={mesh} position={position as [number, number, number]} material={material} onPointerDown={down}>
      <planeGeometry args={[0.5, 0.16]} />
    </mesh>
  )
}

HubButton.Targets = function Targets({ value, children }: { readonly value: Map<string, Object3D>; readonly children: ReactNode }) {
  return <TargetsContext.Provider value={value}>{children}</TargetsContext.Provider>
}
