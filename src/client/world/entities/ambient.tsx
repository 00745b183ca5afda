import { useFrame } from '@react-three/fiber'
import { useMemo, useRef } from 'react'
import {
  AdditiveBlending,
  BufferAttribute,
  Color,
  CylinderGeometry,
  DoubleSide,
  IcosahedronGeometry,
  Matrix4,
  MeshBasicMaterial,
  Vector3,
  type Group,
  type InstancedMesh,
} from 'three'
import { mergeGeometries } from 'three/examples/jsm/utils/BufferGeometryUtils.js'
import type { SceneEntity } from '../../../core/index.js'
import { useWorld } from '../world-context.js'
import { PanelCard } from '../../ui/panel-card.js'
import { sharedMaterials } from '../materials.js'
import { num, random, terrainGeometry } from './util.js'

/** Sunlight from above: tapered additive cones fading to nothing with depth, merged into one draw call. */
export function LightShafts({ entity }: { readonly entity: SceneEntity }) {
  const { freeze } = useWorld()
  const count = num(entity.props?.count, 5)
  const colour = new Color(entity.colour ?? '#9fd4ff')
  const geometry = useMemo(() => {
    const rand = random(7)
    const cones = Array.from({ length: count }, (_, i) => {
      const height = 7 + rand() * 2
      const g = new CylinderGeometry(0.15 + rand() * 0.15, 0.5 + rand() * 0.4, height, 12, 4, true).toNonIndexed()
      const position = g.getAttribute('position')
      const colours = new Float32Array(position.count * 3)
      for (let v = 0; v < position.count; v++) {
        // Bright at the top, black (invisible when added) at the bottom.
        const t = Math.pow((position.getY(v) + height / 2) / height, 2.2) * 0.07
        colours.set([colour.r * t, colour.g * t, colour.b * t], v * 3)
      }
      g.setAttribute('color', new BufferAttribute(colours, 3))
      g.deleteAttribute('uv')
      const x = (i - (count - 1) / 2) * 1.5 + (rand() - 0.5) * 0.6
      g.applyMatrix4(new Matrix4().makeRotationZ((rand() - 0.5) * 0.35).setPosition(x, -height / 2 + 1.5, (rand() - 0.5) * 2))
      return g
    })
    return mergeGeometries(cones)!
  }, [count, colour.r, colour.g, colour.b])
  const material = useMemo(
    () => new MeshBasicMaterial({ vertexColors: true, transparent: true, blending: AdditiveBlending, depthWrite: false, side: DoubleSide, fog: false }),
    [],
  )
  const group = useRef<Group>(null)
  useFrame((state) => {
    if (freeze || !group.current) return
    group.current.rotation.z = Math.sin(state.clock.elapsedTime * 0.15) * 0.03
  })
  return (
    <group ref={group} position={entity.position}>
      <mesh geometry={geometry} material={material} renderOrder={2} />
    </group>
  )
}

const _m = new Matrix4()
const _p = new Vector3()

/** Marine snow: drifting specks, one instanced draw call. */
export function MarineSnow({ entity }: { readonly entity: SceneEntity }) {
  const { freeze } = useWorld()
  const count = Math.min(2000, num(entity.props?.count, 300))
  const radius = num(entity.props?.radius, 4)
  const height = 4
  const mesh = useRef<InstancedMesh>(null)
  const specks = useMemo(() => {
    const rand = random(11)
    return Array.from({ length: count }, () => ({
      x: (rand() - 0.5) * 2 * radius,
      y: (rand() - 0.5) * height,
      z: (rand() - 0.5) * 2 * radius,
      speed: 0.03 + rand() * 0.05,
      phase: rand() * Math.PI * 2,
      size: 0.6 + rand() * 0.8,
    }))
  }, [count, radius])
  const geometry = useMemo(() => new IcosahedronGeometry(0.012, 0), [])
  const material = useMemo(() => new MeshBasicMaterial({ color: entity.colour ?? '#dfe8ee', transparent: true, opacity: 0.7, depthWrite: false }), [entity.colour])

  const place = (t: number) => {
    const m = mesh.current
    if (!m) return
    for (let i = 0; i < specks.length; i++) {
      const s = specks[i]!
      // Sink and wrap around, with a slow sideways sway.
      const y = ((((s.y - s.speed * t) % height) + height * 1.5) % height) - height / 2
      _p.set(s.x + Math.sin(t * 0.3 + s.phase) * 0.08, y, s.z)
      _m.makeScale(s.size, s.size, s.size).setPosition(_p)
      m.setMatrixAt(i, _m)
    }
    m.instanceMatrix.needsUpdate = true
  }

  useFrame((state) => {
    if (freeze && mesh.current?.userData.placed) return
    place(freeze ? 0 : state.clock.elapsedTime)
    if (mesh.current) mesh.current.userData.placed = true
  })

  return <instancedMesh ref={mesh} args={[geometry, material, count]} position={entity.position} frustumCulled={false} />
}

/** The sea floor: a gently rolling plane, darker in the hollows. */
export function Seafloor({ entity }: { readonly entity: SceneEntity }) {
  const size = entity.props?.size
  const [w, d] = Array.isArray(size) ? [num(size[0], 16), num(size[1], 16)] : [16, 16]
  const geometry = useMemo(
    () =>
      terrainGeometry(w, d, [32, 32], entity.colour ?? '#1b2a33', (x, z) => {
        const h = Math.sin(x * 0.9) * Math.cos(z * 0.7) * 0.12 + Math.sin(x * 2.3 + z * 1.7) * 0.04
        return { height: h, shade: 0.75 + h * 2 }
      }),
    [w, d, entity.colour],
  )
  return <mesh geometry={geometry} material={sharedMaterials.lambertVertex} position={entity.position} />
}

/** A free-standing text panel from the manifest (label as its text). */
export function Panel({ entity }: { readonly entity: SceneEntity }) {
  const size = entity.props?.size
  const [w, h] = Array.isArray(size) ? [num(size[0], 1), num(size[1], 0.5)] : [num(entity.props?.width, 1), num(entity.props?.height, 0.5)]
  return <PanelCard position={entity.position} rotation={entity.rotation ?? [0, 0, 0]} width={w} height={h} text={entity.label ?? ''} colour={entity.colour ?? '#0b2942'} />
}
