import type { ThreeEvent } from '@react-three/fiber'
import { useEffect, useMemo, useRef } from 'react'
import { useStore } from 'zustand'
import { BoxGeometry, CylinderGeometry, MeshBasicMaterial, Vector3, type Group, type Mesh } from 'three'
import { currentEstimate, type EstimateState, type SceneEntity } from '../../../core/index.js'
import { sharedMaterials } from '../materials.js'
import { isPrimaryPress } from '../press.js'
import { WorldButton } from '../world-button.js'
import { useRole, useWorld } from '../world-context.js'
import { PanelCard } from '../../ui/panel-card.js'
import { formatValue } from '../../ui/task-text.js'

/** The slider's length, metres. */
export const DIAL_LENGTH = 1.2
const _local = new Vector3()

/** Where a value sits along the slider (station-relative x offset from the dial's centre). */
export function dialOffset(value: number, range: readonly [number, number]): number {
  const t = (value - range[0]) / (range[1] - range[0] || 1)
  return (Math.min(1, Math.max(0, t)) - 0.5) * DIAL_LENGTH
}

/**
 * The estimate dial: a slider you press or drag along (ray or mouse), − and +
 * buttons for single steps, the value with its unit, and Submit. The scaffold
 * narrows the range around the answer; the slider spans whatever range is current.
 */
export function Dial({ entity }: { readonly entity: SceneEntity }) {
  const { taskStore, targets, press, run } = useWorld()
  const role = useRole(entity.id)
  const task = run.task.kind === 'estimate' && role ? run.task : null
  const value = useStore(taskStore, (s) => (task ? (s.state as EstimateState).value : 0))
  const range = useStore(taskStore, (s) => (task ? (s.state as EstimateState).range : null))
  const active = useStore(taskStore, (s) => s.state.phase === 'active')
  const question = useStore(taskStore, (s) => (task ? currentEstimate(task, s.state as EstimateState) : null))
  const track = useRef<Mesh>(null)
  const knob = useRef<Group>(null)
  const dragging = useRef(false)
  const colour = entity.colour ?? '#4fc3f7'
  const trackGeometry = useMemo(() => new BoxGeometry(DIAL_LENGTH, 0.03, 0.03), [])
  const knobGeometry = useMemo(() => new CylinderGeometry(0.045, 0.045, 0.07, 16), [])
  const knobMaterial = useMemo(() => new MeshBasicMaterial({ color: colour }), [colour])
  const trackMaterial = useMemo(() => new MeshBasicMaterial({ color: '#1c3b57' }), [])
  const interactive = task !== null && active

  useEffect(() => {
    if (!interactive || !track.current) return
    targets.set(entity.id, track.current)
    return () => void targets.delete(entity.id)
  }, [interactive, entity.id, targets])

  const setFrom = (e: ThreeEvent<PointerEvent>) => {
    if (!track.current || !range) return
    _local.copy(e.point)
    track.current.worldToLocal(_local)
    const t = _local.x / DIAL_LENGTH + 0.5
    press({ type: 'set', value: range[0] + t * (range[1] - range[0]) }, e.nativeEvent, entity.id)
  }
  const down = (e: ThreeEvent<PointerEvent>) => {
    e.stopPropagation()
    if (!isPrimaryPress(e) || !interactive) return
    dragging.current = true
    try {
      ;(e.target as unknown as { setPointerCapture?: (id: number) => void }).setPointerCapture?.(e.pointerId)
    } catch {
      // Capture is a nicety: dragging still works while the pointer stays on the slider.
    }
    setFrom(e)
  }
  const move = (e: ThreeEvent<PointerEvent>) => {
    if (!dragging.current) return
    e.stopPropagation()
    setFrom(e)
  }
  const up = () => {
    dragging.current = false
  }

  const x = range ? dialOffset(value, range) : 0
  const readout = question ? `${formatValue(value)} ${question.unit}` : (entity.label ?? '')
  const [px, py, pz] = entity.position
  return (
    <group position={[px, py, pz]} rotation={entity.rotation ?? [0, 0, 0]}>
      <PanelCard
        position={[0, 0.24, 0]}
        width={0.9}
        height={0.22}
        blocks={[
          { text: entity.label ?? '', size: 34, colour: '#9fd4ff', gap: 6 },
          { text: readout, size: 64, weight: 700 },
        ]}
      />
      <mesh ref={track} geometry={trackGeometry} material={trackMaterial} onPointerDown={interactive ? down : undefined} onPointerMove={interactive ? move : undefined} onPointerUp={interactive ? up : undefined} onPointerLeave={interactive ? up : undefined} />
      {/* A wider invisible band, so the slider is easy to hit with a ray. */}
      <mesh material={sharedMaterials.invisible} onPointerDown={interactive ? down : undefined} onPointerMove={interactive ? move : undefined} onPointerUp={interactive ? up : undefined}>
        <boxGeometry args={[DIAL_LENGTH + 0.06, 0.14, 0.05]} />
      </mesh>
      <group ref={knob} position={[x, 0, 0.02]}>
        <mesh geometry={knobGeometry} material={knobMaterial} rotation={[Math.PI / 2, 0, 0]} />
      </group>
      <WorldButton id="dial-minus" label="−" width={0.16} position={[-DIAL_LENGTH / 2 - 0.14, 0, 0.02]} visible={interactive} onPress={(e) => press({ type: 'turn', steps: -1 }, e.nativeEvent, entity.id)} />
      <WorldButton id="dial-plus" label="+" width={0.16} position={[DIAL_LENGTH / 2 + 0.14, 0, 0.02]} visible={interactive} onPress={(e) => press({ type: 'turn', steps: 1 }, e.nativeEvent, entity.id)} />
      <WorldButton id="dial-submit" label="Submit" position={[0, -0.18, 0.02]} visible={interactive} colour="#1f9d55" onPress={(e) => press({ type: 'submit' }, e.nativeEvent, entity.id)} />
    </group>
  )
}
