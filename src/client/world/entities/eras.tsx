import { useMemo } from 'react'
import { BackSide, BufferAttribute, Color, CylinderGeometry, Matrix4, MeshBasicMaterial, MeshLambertMaterial, SphereGeometry, type InstancedMesh } from 'three'
import type { SceneEntity } from '../../../core/index.js'
import { artifactModel, monumentModel } from '../models.js'
import { sharedMaterials } from '../materials.js'
import { PanelCard } from '../../ui/panel-card.js'
import { Pickable } from './pickable.js'
import { num, random, terrainGeometry } from './util.js'

/** Sand and stone underfoot: a wide plane, gently rolling, with paler and darker patches. */
export function Ground({ entity }: { readonly entity: SceneEntity }) {
  const size = entity.props?.size
  const [w, d] = Array.isArray(size) ? [num(size[0], 40), num(size[1], 24)] : [40, 24]
  const geometry = useMemo(() => {
    const rand = random(5)
    return terrainGeometry(w, d, [48, 32], entity.colour ?? '#8a7a5c', (x, z) => {
      // Flat where the student stands, dunes further out.
      const far = Math.min(1, Math.max(0, (Math.hypot(x, z) - 5) / 10))
      const h = (Math.sin(x * 0.35) * Math.cos(z * 0.4) * 0.5 + Math.sin(x * 0.9 + z * 0.7) * 0.12) * far
      return { height: h - 0.01, shade: 0.85 + h * 0.3 + (rand() - 0.5) * 0.08 }
    })
  }, [w, d, entity.colour])
  return <mesh geometry={geometry} material={sharedMaterials.lambertVertex} position={entity.position} />
}

/** The sky: a dome shaded from the horizon colour up to the zenith colour, unaffected by fog. */
export function Sky({ entity }: { readonly entity: SceneEntity }) {
  const geometry = useMemo(() => {
    const g = new SphereGeometry(60, 24, 12)
    const position = g.getAttribute('position')
    const top = new Color(entity.colour ?? '#9cc3e6')
    const horizon = new Color(typeof entity.props?.horizon === 'string' ? entity.props.horizon : '#f1dcb4')
    const c = new Color()
    const colours = new Float32Array(position.count * 3)
    for (let i = 0; i < position.count; i++) {
      const t = Math.max(0, position.getY(i) / 60)
      c.copy(horizon).lerp(top, Math.pow(t, 0.6))
      colours.set([c.r, c.g, c.b], i * 3)
    }
    g.setAttribute('color', new BufferAttribute(colours, 3))
    g.deleteAttribute('uv')
    return g
  }, [entity.colour, entity.props?.horizon])
  const material = useMemo(() => new MeshBasicMaterial({ vertexColors: true, side: BackSide, fog: false, depthWrite: false }), [])
  return <mesh geometry={geometry} material={material} position={entity.position} renderOrder={-1} />
}

const _m = new Matrix4()

/** A monument far off: the pyramids of Giza, the Colosseum, a brick cotton mill with its chimneys (instanced). */
export function Monument({ entity }: { readonly entity: SceneEntity }) {
  const shape = String(entity.props?.shape ?? 'pyramid')
  const size = num(entity.props?.size, 5)
  const colour = entity.colour ?? '#d8c08a'
  const geometry = useMemo(() => monumentModel(shape, size, colour), [shape, size, colour])
  const chimney = useMemo(() => (shape === 'mill' ? new CylinderGeometry(size * 0.06, size * 0.09, size * 1.6, 8) : null), [shape, size])
  const chimneyMaterial = useMemo(() => new MeshLambertMaterial({ color: '#5a3328' }), [])
  const place = (mesh: InstancedMesh | null) => {
    if (!mesh) return
    ;[-0.6, 0.1, 0.7].forEach((x, i) => mesh.setMatrixAt(i, _m.makeTranslation(x * size, size * 0.8, -size * 0.2 - i * 0.3)))
    mesh.instanceMatrix.needsUpdate = true
  }
  return (
    <group position={entity.position} rotation={entity.rotation ?? [0, 0, 0]}>
      <mesh geometry={geometry} material={sharedMaterials.lambertVertex} />
      {chimney ? <instancedMesh ref={place} args={[chimney, chimneyMaterial, 3]} /> : null}
      {entity.label ? <PanelCard position={[0, -0.2 + size * (shape === 'pyramid' ? 0.1 : 0.05), size * 0.9]} width={2.4} height={0.45} text={entity.label} /> : null}
    </group>
  )
}

/** An object from the past (or an event card): pick it up, sort it, order it, point at it. */
export function Artifact({ entity }: { readonly entity: SceneEntity }) {
  const shape = String(entity.props?.shape ?? 'card')
  const colour = entity.colour ?? '#d9c9a3'
  const geometry = useMemo(() => (shape === 'card' ? null : artifactModel(shape, colour)), [shape, colour])
  if (!geometry) return <Card entity={entity} />
  return (
    <Pickable entity={entity} hitRadius={0.17} labelY={-0.2} labelWidth={0.56} spin={shape !== 'coin'}>
      <mesh geometry={geometry} material={sharedMaterials.lambertVertex} />
    </Pickable>
  )
}

/** A card of text that a task can use as an item or option (events, developments). */
export function Card({ entity }: { readonly entity: SceneEntity }) {
  const long = (entity.label ?? '').length > 40
  const w = long ? 0.55 : 0.6
  const h = long ? 0.34 : 0.22
  return (
    <Pickable entity={entity} hitRadius={0.22} labelY={-h / 2 - 0.06} spin={false} showLabel={false}>
      <PanelCard position={[0, 0, 0]} width={w} height={h} blocks={[{ text: entity.label ?? entity.id, size: long ? 34 : 44, weight: 700, colour: '#1d1a14' }]} colour={entity.colour ?? '#efe6c8'} />
    </Pickable>
  )
}
