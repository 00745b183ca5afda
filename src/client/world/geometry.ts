import {
  BoxGeometry,
  BufferAttribute,
  BufferGeometry,
  Color,
  ConeGeometry,
  CylinderGeometry,
  IcosahedronGeometry,
  Matrix4,
  Euler,
  Quaternion,
  SphereGeometry,
  TorusGeometry,
  Vector3,
  CircleGeometry,
} from 'three'
import { mergeGeometries } from 'three/examples/jsm/utils/BufferGeometryUtils.js'

/** One coloured, placed primitive of a procedural model. */
export interface Part {
  readonly geometry: BufferGeometry
  readonly colour: string
  readonly position?: readonly [number, number, number]
  readonly rotation?: readonly [number, number, number]
  readonly scale?: readonly [number, number, number]
}

const _m = new Matrix4()
const _q = new Quaternion()
const _c = new Color()

/**
 * Merges parts into one geometry with vertex colours: one draw call per model.
 * Drops uvs (procedural models are untextured) so every part has the same attributes.
 */
export function mergeParts(parts: readonly Part[]): BufferGeometry {
  const prepared = parts.map((part) => {
    const g = (part.geometry.index ? part.geometry.toNonIndexed() : part.geometry.clone()) as BufferGeometry
    g.deleteAttribute('uv')
    const [rx, ry, rz] = part.rotation ?? [0, 0, 0]
    const [sx, sy, sz] = part.scale ?? [1, 1, 1]
    _q.setFromEuler(new Euler(rx, ry, rz))
    _m.compose(new Vector3(...(part.position ?? [0, 0, 0])), _q, new Vector3(sx, sy, sz))
    g.applyMatrix4(_m)
    _c.set(part.colour)
    const count = g.getAttribute('position').count
    const colours = new Float32Array(count * 3)
    for (let i = 0; i < count; i++) colours.set([_c.r, _c.g, _c.b], i * 3)
    g.setAttribute('color', new BufferAttribute(colours, 3))
    return g
  })
  const merged = mergeGeometries(prepared, false)
  if (!merged) throw new Error('mergeParts: parts have different attributes')
  merged.computeBoundingSphere()
  return merged
}

const shade = (hex: string, k: number) => `#${new Color(hex).multiplyScalar(k).getHexString()}`

export interface OrganismModel {
  readonly body: BufferGeometry
  /** Bioluminescent parts, drawn unlit; null when the organism does not glow. */
  readonly glow: BufferGeometry | null
}

/** Low-poly procedural organisms, each recognisable by its silhouette. */
export function organismModel(shape: string, colour: string, glows: boolean): OrganismModel {
  const dark = shade(colour, 0.6)
  const light = shade(colour, 1.25)
  const eye = '#101418'
  const glowColour = '#7ff3ff'
  let body: Part[]
  let glow: Part[] = []
  switch (shape) {
    case 'plankton': // a cluster of diatom discs and spiky cells
      body = [
        { geometry: new CylinderGeometry(0.07, 0.07, 0.02, 10), colour, rotation: [Math.PI / 2, 0, 0] },
        { geometry: new IcosahedronGeometry(0.045, 0), colour: light, position: [0.09, 0.05, 0] },
        { geometry: new IcosahedronGeometry(0.04, 0), colour: dark, position: [-0.08, -0.05, 0.02] },
        { geometry: new CylinderGeometry(0.05, 0.05, 0.016, 8), colour: light, position: [-0.03, 0.09, 0], rotation: [Math.PI / 2, 0, 0.6] },
        { geometry: new ConeGeometry(0.012, 0.09, 4), colour: light, position: [0.1, -0.07, 0], rotation: [0, 0, 2.4] },
      ]
      break
    case 'turtle': // domed shell, head, four flippers
      body = [
        { geometry: new SphereGeometry(0.13, 10, 6), colour: dark, scale: [1.1, 0.45, 0.9] },
        { geometry: new SphereGeometry(0.045, 8, 6), colour, position: [0.17, 0.01, 0] },
        { geometry: new BoxGeometry(0.12, 0.015, 0.05), colour, position: [0.06, -0.02, 0.12], rotation: [0, 0.6, 0] },
        { geometry: new BoxGeometry(0.12, 0.015, 0.05), colour, position: [0.06, -0.02, -0.12], rotation: [0, -0.6, 0] },
        { geometry: new BoxGeometry(0.07, 0.015, 0.04), colour, position: [-0.12, -0.02, 0.08], rotation: [0, -0.5, 0] },
        { geometry: new BoxGeometry(0.07, 0.015, 0.04), colour, position: [-0.12, -0.02, -0.08], rotation: [0, 0.5, 0] },
        { geometry: new SphereGeometry(0.012, 4, 3), colour: eye, position: [0.2, 0.03, 0.03] },
      ]
      break
    case 'anglerfish': // round body, wide jaw with teeth, lure on a stalk
      body = [
        { geometry: new SphereGeometry(0.11, 10, 8), colour },
        { geometry: new BoxGeometry(0.1, 0.03, 0.16), colour: dark, position: [0.08, -0.05, 0] },
        { geometry: new ConeGeometry(0.012, 0.04, 3), colour: '#f2efe6', position: [0.12, -0.02, 0.04], rotation: [Math.PI, 0, 0] },
        { geometry: new ConeGeometry(0.012, 0.04, 3), colour: '#f2efe6', position: [0.12, -0.02, -0.04], rotation: [Math.PI, 0, 0] },
        { geometry: new ConeGeometry(0.06, 0.1, 4), colour: dark, position: [-0.14, 0, 0], rotation: [0, 0, Math.PI / 2] },
        { geometry: new CylinderGeometry(0.004, 0.004, 0.14, 3), colour: dark, position: [0.07, 0.15, 0], rotation: [0, 0, -0.7] },
        { geometry: new SphereGeometry(0.012, 4, 3), colour: eye, position: [0.08, 0.05, 0.07] },
      ]
      glow = [{ geometry: new IcosahedronGeometry(0.022, 0), colour: glowColour, position: [0.13, 0.2, 0] }]
      break
    case 'cucumber': // a plump pink body walking on tube feet
      body = [
        { geometry: new CylinderGeometry(0.055, 0.06, 0.24, 8, 1), colour, rotation: [0, 0, Math.PI / 2] },
        { geometry: new SphereGeometry(0.056, 8, 6), colour, position: [0.12, 0, 0] },
        { geometry: new SphereGeometry(0.06, 8, 6), colour, position: [-0.12, 0, 0] },
        ...[-0.09, -0.03, 0.03, 0.09].flatMap((x): Part[] => [
          { geometry: new ConeGeometry(0.014, 0.06, 4), colour: light, position: [x, -0.07, 0.03], rotation: [Math.PI, 0, 0] },
          { geometry: new ConeGeometry(0.014, 0.06, 4), colour: light, position: [x, -0.07, -0.03], rotation: [Math.PI, 0, 0] },
        ]),
        { geometry: new ConeGeometry(0.012, 0.07, 4), colour: light, position: [0.1, 0.08, 0], rotation: [0, 0, -0.3] },
      ]
      break
    case 'kelp': // a tall frond on a stipe, with gas bladders
      body = [
        { geometry: new CylinderGeometry(0.008, 0.012, 0.34, 5), colour: dark, position: [0, -0.02, 0] },
        ...[-0.1, -0.02, 0.06, 0.13].map((y, i): Part => ({ geometry: new BoxGeometry(0.1, 0.05, 0.006), colour: i % 2 ? light : colour, position: [i % 2 ? 0.05 : -0.05, y, 0], rotation: [0, 0, i % 2 ? -0.5 : 0.5] })),
        ...[-0.06, 0.02, 0.1].map((y): Part => ({ geometry: new SphereGeometry(0.014, 5, 4), colour: light, position: [0, y, 0.01] })),
      ]
      break
    case 'eel': // a huge hinged mouth on a whip-thin body
      body = [
        { geometry: new ConeGeometry(0.08, 0.14, 6), colour: dark, position: [0.07, 0, 0], rotation: [0, 0, Math.PI / 2] },
        { geometry: new CylinderGeometry(0.012, 0.004, 0.28, 5), colour, position: [-0.13, 0, 0], rotation: [0, 0, Math.PI / 2] },
        { geometry: new SphereGeometry(0.01, 4, 3), colour: eye, position: [0.12, 0.03, 0.03] },
      ]
      glow = [{ geometry: new IcosahedronGeometry(0.016, 0), colour: '#ff6ad5', position: [-0.27, 0, 0] }]
      break
    case 'octopus': // a bell-shaped mantle with ear-like fins and a skirt of arms
      body = [
        { geometry: new SphereGeometry(0.09, 10, 8), colour, scale: [1, 1.1, 1] },
        { geometry: new SphereGeometry(0.04, 6, 4), colour: light, position: [0.08, 0.06, 0], scale: [1, 0.5, 0.3] },
        { geometry: new SphereGeometry(0.04, 6, 4), colour: light, position: [-0.08, 0.06, 0], scale: [1, 0.5, 0.3] },
        { geometry: new ConeGeometry(0.1, 0.08, 8, 1, true), colour: dark, position: [0, -0.1, 0], rotation: [Math.PI, 0, 0] },
        { geometry: new SphereGeometry(0.012, 4, 3), colour: eye, position: [0.03, 0.02, 0.08] },
      ]
      break
    case 'whale': // a sperm whale: a big square head and a fluked tail
      body = [
        { geometry: new BoxGeometry(0.2, 0.11, 0.1), colour, position: [0.08, 0, 0] },
        { geometry: new ConeGeometry(0.06, 0.22, 6), colour, position: [-0.12, 0, 0], rotation: [0, 0, Math.PI / 2] },
        { geometry: new BoxGeometry(0.04, 0.012, 0.12), colour: dark, position: [-0.24, 0, 0] },
        { geometry: new SphereGeometry(0.01, 4, 3), colour: eye, position: [0.1, -0.02, 0.052] },
      ]
      break
    case 'squid': // a torpedo mantle, fins and tentacles
      body = [
        { geometry: new ConeGeometry(0.05, 0.2, 8), colour, position: [0.04, 0, 0], rotation: [0, 0, -Math.PI / 2] },
        { geometry: new BoxGeometry(0.05, 0.01, 0.1), colour: dark, position: [0.12, 0, 0] },
        ...[-0.02, 0, 0.02].map((z): Part => ({ geometry: new CylinderGeometry(0.006, 0.002, 0.14, 3), colour: light, position: [-0.12, 0, z], rotation: [0, 0, Math.PI / 2] })),
        { geometry: new SphereGeometry(0.014, 5, 4), colour: eye, position: [-0.05, 0.02, 0.04] },
      ]
      break
    case 'copepod': // a teardrop body with two long antennae
      body = [
        { geometry: new SphereGeometry(0.05, 8, 6), colour, scale: [1.4, 0.8, 0.8] },
        { geometry: new CylinderGeometry(0.003, 0.003, 0.22, 3), colour: dark, position: [0.06, 0.04, 0.03], rotation: [0.4, 0, 1.2] },
        { geometry: new CylinderGeometry(0.003, 0.003, 0.22, 3), colour: dark, position: [0.06, 0.04, -0.03], rotation: [-0.4, 0, 1.2] },
        { geometry: new ConeGeometry(0.02, 0.08, 4), colour: light, position: [-0.09, 0, 0], rotation: [0, 0, Math.PI / 2] },
      ]
      break
    default: // 'fish': streamlined body, tail, fins
      body = [
        { geometry: new SphereGeometry(0.1, 10, 6), colour, scale: [1.2, 0.55, 0.35] },
        { geometry: new ConeGeometry(0.06, 0.08, 4), colour: dark, position: [-0.15, 0, 0], rotation: [0, 0, -Math.PI / 2], scale: [1, 1, 0.3] },
        { geometry: new ConeGeometry(0.025, 0.06, 3), colour: dark, position: [0, 0.06, 0], scale: [1, 1, 0.3] },
        { geometry: new SphereGeometry(0.016, 5, 4), colour: eye, position: [0.08, 0.01, 0.03] },
      ]
      if (glows) {
        glow = [-0.06, -0.02, 0.02, 0.06].map((x): Part => ({ geometry: new SphereGeometry(0.01, 4, 3), colour: glowColour, position: [x, -0.035, 0.033] }))
      }
  }
  return { body: mergeParts(body), glow: glow.length > 0 ? mergeParts(glow) : null }
}

/** A green ring with a check mark: the "right" badge. */
export function checkBadge(): BufferGeometry {
  const green = '#37d67a'
  return mergeParts([
    { geometry: new TorusGeometry(0.07, 0.012, 6, 20), colour: green },
    { geometry: new BoxGeometry(0.035, 0.014, 0.01), colour: green, position: [-0.018, -0.008, 0], rotation: [0, 0, -Math.PI / 4] },
    { geometry: new BoxGeometry(0.07, 0.014, 0.01), colour: green, position: [0.018, 0.006, 0], rotation: [0, 0, Math.PI / 4] },
  ])
}

/** An orange disc with a white cross: the "not yet" badge. A different shape from the check, not only a colour. */
export function crossBadge(): BufferGeometry {
  return mergeParts([
    { geometry: new CircleGeometry(0.07, 4), colour: '#ff8a1f', rotation: [0, 0, Math.PI / 4] },
    { geometry: new BoxGeometry(0.08, 0.016, 0.01), colour: '#ffffff', position: [0, 0, 0.005], rotation: [0, 0, Math.PI / 4] },
    { geometry: new BoxGeometry(0.08, 0.016, 0.01), colour: '#ffffff', position: [0, 0, 0.005], rotation: [0, 0, -Math.PI / 4] },
  ])
}
