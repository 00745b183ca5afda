import { useFrame } from '@react-three/fiber'
import { useMemo, useRef } from 'react'
import {
  AdditiveBlending,
  BackSide,
  BufferAttribute,
  BufferGeometry,
  Color,
  MeshBasicMaterial,
  Points,
  PointsMaterial,
  SphereGeometry,
  TorusGeometry,
  type Group,
} from 'three'
import type { SceneEntity } from '../../../core/index.js'
import { mergeParts } from '../geometry.js'
import { planetModel } from '../models.js'
import { sharedMaterials } from '../materials.js'
import { useWorld } from '../world-context.js'
import { PanelCard } from '../../ui/panel-card.js'
import { Pickable } from './pickable.js'
import { num, random } from './util.js'

/** Stars all round, at many distances and brightnesses: one Points draw call. */
export function Starfield({ entity }: { readonly entity: SceneEntity }) {
  const count = Math.min(6000, num(entity.props?.count, 2000))
  const radius = num(entity.props?.radius, 80)
  const points = useMemo(() => {
    const rand = random(23)
    const positions = new Float32Array(count * 3)
    const colours = new Float32Array(count * 3)
    const c = new Color()
    for (let i = 0; i < count; i++) {
      // Uniform on a sphere, at 60–100 % of the radius.
      const u = rand() * 2 - 1
      const t = rand() * Math.PI * 2
      const r = radius * (0.6 + rand() * 0.4)
      const s = Math.sqrt(1 - u * u)
      positions.set([r * s * Math.cos(t), r * u, r * s * Math.sin(t)], i * 3)
      const warm = rand()
      c.setHSL(warm < 0.2 ? 0.08 : warm > 0.85 ? 0.6 : 0.15, warm < 0.2 || warm > 0.85 ? 0.6 : 0.1, 0.5 + rand() * 0.5)
      colours.set([c.r, c.g, c.b], i * 3)
    }
    const g = new BufferGeometry()
    g.setAttribute('position', new BufferAttribute(positions, 3))
    g.setAttribute('color', new BufferAttribute(colours, 3))
    return new Points(g, new PointsMaterial({ size: 2, sizeAttenuation: false, vertexColors: true, fog: false, depthWrite: false }))
  }, [count, radius])
  return <primitive object={points} position={entity.position} />
}

/** The Sun: a glowing sphere in layered additive halos (not to scale), lighting the system. */
export function Sun({ entity }: { readonly entity: SceneEntity }) {
  const { freeze } = useWorld()
  const radius = num(entity.props?.radius, 4)
  const colour = entity.colour ?? '#ffd36b'
  const core = useMemo(() => mergeParts([{ geometry: new SphereGeometry(radius, 32, 16), colour: `#${new Color(colour).lerp(new Color('#ffffff'), 0.45).getHexString()}` }]), [radius, colour])
  const halo = useMemo(() => {
    const g = new SphereGeometry(1, 24, 12)
    return g
  }, [])
  const haloMaterial = useMemo(() => new MeshBasicMaterial({ color: colour, transparent: true, opacity: 0.18, blending: AdditiveBlending, depthWrite: false, side: BackSide, fog: false }), [colour])
  const halos = useRef<Group>(null)
  useFrame((state) => {
    if (freeze || !halos.current) return
    const k = 1 + Math.sin(state.clock.elapsedTime * 0.8) * 0.015
    halos.current.scale.setScalar(k)
  })
  return (
    <group position={entity.position}>
      <mesh geometry={core} material={sharedMaterials.basicVertexNoFog} />
      <group ref={halos}>
        {[1.25, 1.6, 2.2].map((k) => (
          <mesh key={k} geometry={halo} material={haloMaterial} scale={radius * k} />
        ))}
      </group>
    </group>
  )
}

/** An orbit drawn as a thin ring around the Sun's place, with its planet on it. */
export function Orbit({ entity }: { readonly entity: SceneEntity }) {
  const { freeze } = useWorld()
  const radius = num(entity.props?.radius, 1)
  const geometry = useMemo(() => new TorusGeometry(radius, 0.006, 3, 96), [radius])
  const material = useMemo(() => new MeshBasicMaterial({ color: entity.colour ?? '#7fa3d9', transparent: true, opacity: 0.7 }), [entity.colour])
  const planet = useMemo(() => planetModel(0.05 + radius * 0.02, '#cfe3ff', false, false), [radius])
  const body = useRef<Group>(null)
  // Kepler: period grows as distance^1.5 (radius here stands for the distance).
  const speed = 0.6 / Math.pow(radius / 0.45, 1.5)
  useFrame((state) => {
    if (!body.current) return
    const t = freeze ? 1 : state.clock.elapsedTime * speed + radius
    body.current.position.set(Math.cos(t) * radius, 0, Math.sin(t) * radius)
  })
  return (
    <group position={entity.position} rotation={[0.35, 0, 0]}>
      <mesh geometry={geometry} material={material} rotation={[Math.PI / 2, 0, 0]} />
      <group ref={body}>
        <mesh geometry={planet} material={sharedMaterials.lambertVertex} />
      </group>
      {entity.label ? <PanelCard position={[radius, 0.12, 0]} width={0.36} height={0.1} text={entity.label} /> : null}
      <mesh geometry={geometry} material={sharedMaterials.invisible} />
    </group>
  )
}

const GIANTS = /jupiter|saturn/i

/** A planet (or the Earth of a model), not to scale: a task item or option when the task names it. */
export function Planet({ entity }: { readonly entity: SceneEntity }) {
  const radius = num(entity.props?.radius, 0.15)
  const tilt = (num(entity.props?.tilt, 0) * Math.PI) / 180
  const colour = entity.colour ?? '#9fb7c8'
  const geometry = useMemo(() => planetModel(radius, colour, entity.props?.rings === true, GIANTS.test(entity.label ?? '')), [radius, colour, entity.props?.rings, entity.label])
  const axis = useMemo(() => mergeParts([{ geometry: new SphereGeometry(radius * 0.05, 4, 3), colour: '#ffffff', scale: [1, 30, 1] }]), [radius])
  return (
    <Pickable entity={entity} hitRadius={Math.max(0.14, radius * 1.25)} labelY={-radius - 0.09} spin={false}>
      <group rotation={[0, 0, -tilt]}>
        <mesh geometry={geometry} material={sharedMaterials.lambertVertex} />
        {tilt !== 0 ? <mesh geometry={axis} material={sharedMaterials.basicVertex} /> : null}
      </group>
    </Pickable>
  )
}

/** The Moon in a model: lit on its Sun-facing side by the scene's key light. */
export function Moon({ entity }: { readonly entity: SceneEntity }) {
  const radius = num(entity.props?.radius, 0.07)
  const geometry = useMemo(() => planetModel(radius, entity.colour ?? '#cfcfc8', false, false), [radius, entity.colour])
  return (
    <Pickable entity={entity} hitRadius={0.15} labelY={-radius - 0.08} labelWidth={0.5} spin={false}>
      <mesh geometry={geometry} material={sharedMaterials.lambertVertex} />
    </Pickable>
  )
}
