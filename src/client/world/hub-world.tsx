import { useMemo } from 'react'
import { useXR } from '@react-three/xr'
import { BufferAttribute, Color, CylinderGeometry, TorusGeometry, type Object3D } from 'three'
import type { ExpeditionId } from '../app/expedition.js'
import { PanelCard } from '../ui/panel-card.js'
import { sharedMaterials } from './materials.js'
import { PlayerRig } from './player-rig.js'
import { CompileOnLoad } from './compile-on-load.js'
import { HubButton } from './hub-button.js'

export interface HubChoice {
  readonly id: ExpeditionId
  readonly title: string
  readonly open: boolean
  /** 0–1: competencies shown over competencies in the expedition. */
  readonly progress: number
  readonly needs: readonly string[]
}

const PORTAL_COLOUR: Readonly<Record<ExpeditionId, string>> = { ocean: '#2a8fd6', cosmos: '#8a6bff', eras: '#e0a94a' }

function Floor() {
  const geometry = useMemo(() => {
    const g = new CylinderGeometry(6, 6, 0.05, 48, 4)
    const position = g.getAttribute('position')
    const colours = new Float32Array(position.count * 3)
    const c = new Color()
    for (let i = 0; i < position.count; i++) {
      const r = Math.hypot(position.getX(i), position.getZ(i)) / 6
      c.set('#0e2438').lerp(new Color('#040b14'), r)
      colours.set([c.r, c.g, c.b], i * 3)
    }
    g.setAttribute('color', new BufferAttribute(colours, 3))
    g.deleteAttribute('uv')
    return g
  }, [])
  return <mesh geometry={geometry} material={sharedMaterials.lambertVertex} position={[0, -0.03, 0]} />
}

function Portal({ choice, angle, onChoose }: { readonly choice: HubChoice; readonly angle: number; readonly onChoose: (id: ExpeditionId) => void }) {
  const ring = useMemo(() => new TorusGeometry(0.75, 0.05, 8, 40), [])
  const x = Math.sin(angle) * 2.6
  const z = -Math.cos(angle) * 2.6
  const status = choice.open ? `Open · ${Math.round(choice.progress * 100)}% shown` : `Locked · needs ${choice.needs.join(' ')}`
  return (
    <group position={[x, 0, z]} rotation={[0, -angle, 0]}>
      <mesh geometry={ring} position={[0, 1.6, 0]}>
        <meshBasicMaterial color={choice.open ? PORTAL_COLOUR[choice.id] : '#4a5563'} />
      </mesh>
      <PanelCard position={[0, 1.6, -0.02]} width={1.2} height={0.6} blocks={[{ text: choice.title, size: 44, weight: 700, gap: 10 }, { text: status, size: 32, colour: choice.open ? '#7dffb0' : '#ffb36b' }]} colour={choice.open ? '#0b2942' : '#2b2f36'} />
      <HubButton id={`hub-${choice.id}`} label={choice.open ? 'Go' : 'Locked'} position={[0, 0.95, 0]} enabled={choice.open} onPress={() => onChoose(choice.id)} />
    </group>
  )
}

/** The hub: three portals, one per expedition, showing which are open and how far the student has come. */
export function HubWorld({ choices, onChoose, targets, onCompiled }: { readonly choices: readonly HubChoice[]; readonly onChoose: (id: ExpeditionId) => void; readonly targets: Map<string, Object3D>; readonly onCompiled?: () => void }) {
  const presenting = useXR((s) => s.session != null)
  return (
    <HubButton.Targets value={targets}>
      <color attach="background" args={['#02101c']} />
      <fog attach="fog" args={['#02101c', 6, 20]} />
      <ambientLight intensity={0.6} />
      <directionalLight position={[2, 6, 3]} intensity={1.2} />
      <PlayerRig anchor={[0, 0, 0]} />
      <Floor />
      {choices.map((choice, i) => (
        <Portal key={choice.id} choice={choice} angle={(i - (choices.length - 1) / 2) * 0.75} onChoose={onChoose} />
      ))}
      <PanelCard position={[0, 2.7, -2.4]} width={1.8} height={0.3} blocks={[{ text: presenting ? 'Choose an expedition: point and press Go' : 'Choose an expedition', size: 40, weight: 700, colour: '#ffe9a8' }]} />
      <CompileOnLoad key="hub" {...(onCompiled ? { onCompiled } : {})} />
    </HubButton.Targets>
  )
}
