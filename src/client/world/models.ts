import { BoxGeometry, Color, ConeGeometry, CylinderGeometry, IcosahedronGeometry, SphereGeometry, TorusGeometry, type BufferGeometry } from 'three'
import { mergeParts, type Part } from './geometry.js'

const shade = (hex: string, k: number) => `#${new Color(hex).multiplyScalar(k).getHexString()}`

/** Low-poly objects of the eras, each recognisable by its silhouette; one merged geometry each. */
export function artifactModel(shape: string, colour: string): BufferGeometry {
  const dark = shade(colour, 0.6)
  const light = shade(colour, 1.2)
  let parts: Part[]
  switch (shape) {
    case 'pyramid':
      parts = [
        { geometry: new ConeGeometry(0.16, 0.16, 4), colour, rotation: [0, Math.PI / 4, 0] },
        { geometry: new BoxGeometry(0.3, 0.02, 0.3), colour: '#c2a36a', position: [0, -0.09, 0] },
      ]
      break
    case 'colosseum':
      parts = [
        { geometry: new CylinderGeometry(0.15, 0.15, 0.12, 16, 1, true), colour, scale: [1.2, 1, 1] },
        { geometry: new CylinderGeometry(0.1, 0.1, 0.02, 16), colour: dark, position: [0, -0.05, 0], scale: [1.2, 1, 1] },
        ...[0, 1, 2, 3, 4, 5, 6, 7].map((i): Part => ({ geometry: new BoxGeometry(0.02, 0.13, 0.02), colour: light, position: [Math.cos((i / 8) * Math.PI * 2) * 0.18, 0, Math.sin((i / 8) * Math.PI * 2) * 0.15] })),
      ]
      break
    case 'locomotive':
      parts = [
        { geometry: new CylinderGeometry(0.05, 0.05, 0.2, 10), colour, rotation: [0, 0, Math.PI / 2], position: [0.02, 0.03, 0] },
        { geometry: new BoxGeometry(0.08, 0.1, 0.1), colour: dark, position: [-0.11, 0.05, 0] },
        { geometry: new CylinderGeometry(0.015, 0.02, 0.08, 6), colour: '#222222', position: [0.09, 0.11, 0] },
        ...[-0.1, 0, 0.1].flatMap((x): Part[] => [
          { geometry: new CylinderGeometry(0.035, 0.035, 0.01, 10), colour: '#a33b32', rotation: [Math.PI / 2, 0, 0], position: [x, -0.04, 0.055] },
          { geometry: new CylinderGeometry(0.035, 0.035, 0.01, 10), colour: '#a33b32', rotation: [Math.PI / 2, 0, 0], position: [x, -0.04, -0.055] },
        ]),
      ]
      break
    case 'stela':
      parts = [
        { geometry: new BoxGeometry(0.16, 0.24, 0.04), colour },
        ...[0.06, 0.02, -0.02, -0.06].map((y): Part => ({ geometry: new BoxGeometry(0.11, 0.012, 0.005), colour: dark, position: [0, y, 0.022] })),
      ]
      break
    case 'chisel':
      parts = [
        { geometry: new BoxGeometry(0.24, 0.025, 0.025), colour, rotation: [0, 0, 0.3] },
        { geometry: new ConeGeometry(0.02, 0.05, 4), colour: light, position: [0.14, 0.045, 0], rotation: [0, 0, -Math.PI / 2 + 0.3] },
      ]
      break
    case 'coin':
      parts = [
        { geometry: new CylinderGeometry(0.08, 0.08, 0.012, 20), colour, rotation: [Math.PI / 2, 0, 0] },
        { geometry: new SphereGeometry(0.035, 8, 6), colour: dark, position: [0, 0.005, 0.006], scale: [0.8, 1, 0.15] },
        { geometry: new TorusGeometry(0.07, 0.004, 4, 20), colour: light, position: [0, 0, 0.006] },
      ]
      break
    case 'amphora':
      parts = [
        { geometry: new SphereGeometry(0.07, 10, 8), colour, scale: [1, 1.5, 1] },
        { geometry: new CylinderGeometry(0.025, 0.03, 0.08, 8), colour, position: [0, 0.13, 0] },
        { geometry: new ConeGeometry(0.03, 0.08, 8), colour: dark, position: [0, -0.13, 0], rotation: [Math.PI, 0, 0] },
        { geometry: new TorusGeometry(0.03, 0.007, 4, 10, Math.PI), colour: dark, position: [0.03, 0.12, 0], rotation: [0, 0, -Math.PI / 2] },
        { geometry: new TorusGeometry(0.03, 0.007, 4, 10, Math.PI), colour: dark, position: [-0.03, 0.12, 0], rotation: [0, 0, Math.PI / 2] },
      ]
      break
    case 'ticket':
      parts = [
        { geometry: new BoxGeometry(0.2, 0.09, 0.006), colour },
        { geometry: new BoxGeometry(0.16, 0.012, 0.004), colour: '#3b3b3b', position: [0, 0.02, 0.004] },
        { geometry: new BoxGeometry(0.1, 0.012, 0.004), colour: '#3b3b3b', position: [0, -0.015, 0.004] },
      ]
      break
    case 'bobbin':
      parts = [
        { geometry: new CylinderGeometry(0.04, 0.04, 0.16, 10), colour },
        { geometry: new CylinderGeometry(0.06, 0.06, 0.02, 10), colour: '#8a6a3a', position: [0, 0.09, 0] },
        { geometry: new CylinderGeometry(0.06, 0.06, 0.02, 10), colour: '#8a6a3a', position: [0, -0.09, 0] },
      ]
      break
    case 'tablet':
      parts = [
        { geometry: new BoxGeometry(0.22, 0.15, 0.02), colour },
        { geometry: new BoxGeometry(0.18, 0.11, 0.006), colour: '#3a2a18', position: [0, 0, 0.012] },
        { geometry: new CylinderGeometry(0.005, 0.003, 0.16, 4), colour: '#cfcfcf', position: [0.13, 0, 0.02], rotation: [0, 0, 0.4] },
      ]
      break
    case 'milestone':
      parts = [
        { geometry: new CylinderGeometry(0.07, 0.08, 0.26, 12), colour },
        { geometry: new BoxGeometry(0.2, 0.03, 0.2), colour: dark, position: [0, -0.14, 0] },
      ]
      break
    case 'lamp':
      parts = [
        { geometry: new CylinderGeometry(0.012, 0.018, 0.26, 6), colour, position: [0, -0.04, 0] },
        { geometry: new ConeGeometry(0.05, 0.06, 4), colour, position: [0, 0.16, 0], rotation: [0, Math.PI / 4, 0] },
        { geometry: new BoxGeometry(0.06, 0.06, 0.06), colour: '#ffe9a8', position: [0, 0.11, 0] },
      ]
      break
    case 'scroll':
      parts = [
        { geometry: new CylinderGeometry(0.03, 0.03, 0.2, 10), colour, rotation: [0, 0, Math.PI / 2] },
        { geometry: new BoxGeometry(0.18, 0.1, 0.004), colour: light, position: [0, -0.06, 0.02] },
        { geometry: new BoxGeometry(0.04, 0.02, 0.004), colour: '#8c3b2a', position: [-0.03, -0.05, 0.024] },
      ]
      break
    default:
      parts = [{ geometry: new IcosahedronGeometry(0.08, 0), colour }]
  }
  return mergeParts(parts)
}

/** A planet: a lit sphere with latitude bands (gas giants), optional rings, tilted. */
export function planetModel(radius: number, colour: string, rings: boolean, banded: boolean): BufferGeometry {
  const parts: Part[] = [{ geometry: new SphereGeometry(radius, 24, 16), colour }]
  if (banded) {
    for (const [y, k] of [
      [0.35, 0.8],
      [-0.25, 1.15],
    ] as const) {
      parts.push({ geometry: new TorusGeometry(radius * Math.sqrt(1 - y * y) * 1.002, radius * 0.05, 4, 24), colour: shade(colour, k), position: [0, radius * y, 0], rotation: [Math.PI / 2, 0, 0] })
    }
  }
  if (rings) parts.push({ geometry: new TorusGeometry(radius * 1.7, radius * 0.28, 2, 40), colour: shade(colour, 0.9), rotation: [Math.PI / 2, 0, 0], scale: [1, 1, 0.08] })
  return mergeParts(parts)
}

/** The monuments that make each era a place. */
export function monumentModel(shape: string, size: number, colour: string): BufferGeometry {
  const dark = shade(colour, 0.7)
  const light = shade(colour, 1.15)
  switch (shape) {
    case 'pyramid':
      return mergeParts([
        { geometry: new ConeGeometry(size * 0.75, size * 0.66, 4), colour, position: [0, size * 0.33, 0], rotation: [0, Math.PI / 4, 0] },
        { geometry: new ConeGeometry(size * 0.3, size * 0.28, 4), colour: light, position: [-size * 1.4, size * 0.14, size * 0.4], rotation: [0, Math.PI / 4, 0] },
        { geometry: new ConeGeometry(size * 0.45, size * 0.4, 4), colour: dark, position: [size * 1.3, size * 0.2, -size * 0.6], rotation: [0, Math.PI / 4, 0] },
      ])
    case 'colosseum': {
      const r = size * 0.7
      const tiers = 3
      const arches = 24
      const parts: Part[] = []
      for (let t = 0; t < tiers; t++) {
        const y = size * 0.18 * t + size * 0.09
        parts.push({ geometry: new CylinderGeometry(r, r, size * 0.03, 32, 1, true), colour: light, position: [0, y + size * 0.085, 0], scale: [1.25, 1, 1] })
        for (let a = 0; a < arches; a++) {
          const angle = (a / arches) * Math.PI * 2
          parts.push({ geometry: new BoxGeometry(size * 0.05, size * 0.17, size * 0.06), colour, position: [Math.cos(angle) * r * 1.25, y, Math.sin(angle) * r], rotation: [0, -angle, 0] })
        }
      }
      // The fallen southern side: a lower wall section.
      parts.push({ geometry: new CylinderGeometry(r * 0.8, r * 0.8, size * 0.06, 32), colour: '#b8a27a', position: [0, size * 0.03, 0], scale: [1.25, 1, 1] })
      return mergeParts(parts)
    }
    default: {
      // 'mill': a long brick block with rows of windows, a saw-tooth roof and chimneys.
      const parts: Part[] = [
        { geometry: new BoxGeometry(size * 1.6, size * 0.6, size * 0.6), colour, position: [0, size * 0.3, 0] },
        ...[0, 1, 2, 3].map((i): Part => ({ geometry: new ConeGeometry(size * 0.28, size * 0.18, 4, 1), colour: dark, position: [-size * 0.6 + i * size * 0.4, size * 0.69, 0], rotation: [0, Math.PI / 4, 0], scale: [1, 1, 1.5] })),
      ]
      for (let row = 0; row < 2; row++) {
        for (let col = 0; col < 8; col++) {
          parts.push({ geometry: new BoxGeometry(size * 0.1, size * 0.12, size * 0.01), colour: '#ffd98a', position: [-size * 0.7 + col * size * 0.2, size * (0.18 + row * 0.24), size * 0.305] })
        }
      }
      return mergeParts(parts)
    }
  }
}
