import { BufferAttribute, Color, PlaneGeometry, type BufferGeometry } from 'three'

export const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback)

/** Deterministic pseudo-random numbers, so the scene looks the same on every load. */
export function random(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

/**
 * A ground of w × d lying flat, each vertex raised by `shape(x, z).height` and
 * coloured `colour` × `shape(x, z).shade` (vertex colours, no uvs), for
 * sharedMaterials.lambertVertex.
 */
export function terrainGeometry(w: number, d: number, segments: readonly [number, number], colour: string, shape: (x: number, z: number) => { readonly height: number; readonly shade: number }): BufferGeometry {
  const g = new PlaneGeometry(w, d, segments[0], segments[1])
  g.rotateX(-Math.PI / 2)
  const position = g.getAttribute('position')
  const base = new Color(colour)
  const colours = new Float32Array(position.count * 3)
  for (let i = 0; i < position.count; i++) {
    const { height, shade } = shape(position.getX(i), position.getZ(i))
    position.setY(i, height)
    colours.set([base.r * shade, base.g * shade, base.b * shade], i * 3)
  }
  g.setAttribute('color', new BufferAttribute(colours, 3))
  g.deleteAttribute('uv')
  g.computeVertexNormals()
  return g
}
