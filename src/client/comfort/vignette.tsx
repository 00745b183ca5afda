import { useMemo } from 'react'
import { BufferAttribute, BufferGeometry, MeshBasicMaterial, type Mesh } from 'three'

/** Radii of the vignette ring at 0.2 m in front of the eye: clear inside, dark from the middle ring out. */
const DISTANCE = 0.2
const RADII = [0.1, 0.17, 2.5] as const
const ALPHAS = [0, 1, 1] as const
const SEGMENTS = 48

function ringGeometry(): BufferGeometry {
  const positions: number[] = []
  const colours: number[] = []
  for (let r = 0; r < RADII.length; r++) {
    for (let s = 0; s < SEGMENTS; s++) {
      const a = (s / SEGMENTS) * Math.PI * 2
      positions.push(Math.cos(a) * RADII[r]!, Math.sin(a) * RADII[r]!, -DISTANCE)
      colours.push(0, 0, 0, ALPHAS[r]!)
    }
  }
  const index: number[] = []
  for (let r = 0; r < RADII.length - 1; r++) {
    for (let s = 0; s < SEGMENTS; s++) {
      const a = r * SEGMENTS + s
      const b = r * SEGMENTS + ((s + 1) % SEGMENTS)
      const c = a + SEGMENTS
      const d = b + SEGMENTS
      index.push(a, c, b, b, c, d)
    }
  }
  const g = new BufferGeometry()
  g.setAttribute('position', new BufferAttribute(new Float32Array(positions), 3))
  g.setAttribute('color', new BufferAttribute(new Float32Array(colours), 4))
  g.setIndex(index)
  return g
}

/**
 * The comfort vignette: a dark ring around the view, drawn locked to each eye
 * (its matrix is set from the eye camera just before it is drawn, so it never
 * lags the head). The rig sets its opacity and visibility while the player moves.
 */
export function ComfortVignette({ meshRef }: { readonly meshRef: (mesh: Mesh | null) => void }) {
  const geometry = useMemo(ringGeometry, [])
  const material = useMemo(() => new MeshBasicMaterial({ vertexColors: true, transparent: true, opacity: 0, depthTest: false, depthWrite: false, fog: false }), [])
  return (
    <mesh
      ref={(m: Mesh | null) => {
        // Locked to the eye being drawn: its matrix comes from that eye's camera, this frame.
        if (m) m.onBeforeRender = (_renderer, _scene, camera) => void m.matrixWorld.copy(camera.matrixWorld)
        meshRef(m)
      }}
      geometry={geometry}
      material={material}
      visible={false}
      frustumCulled={false}
      renderOrder={1000}
      matrixAutoUpdate={false}
    />
  )
}
