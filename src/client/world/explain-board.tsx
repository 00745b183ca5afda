import type { ThreeEvent } from '@react-three/fiber'
import { useEffect, useMemo, useRef } from 'react'
import { useStore } from 'zustand'
import type { Mesh } from 'three'
import { evidenceNeeded, explainOptions, type ExplainState, type ExplainTask } from '../../core/index.js'
import { PanelCard } from '../ui/panel-card.js'
import { sharedMaterials } from './materials.js'
import { isPrimaryPress } from './press.js'
import { WorldButton } from './world-button.js'
import { useWorld } from './world-context.js'

/** Where the board stands, station-relative: left of centre, turned a little towards the student. */
export const EXPLAIN_BOARD = { position: [-0.75, 0, -1.75] as const, rotationY: 0.3, cardWidth: 1.05, cardHeight: 0.2, gap: 0.04 }

function OptionCard({ id, text, y, chosen, onPress }: { readonly id: string; readonly text: string; readonly y: number; readonly chosen: boolean; readonly onPress: (e: ThreeEvent<PointerEvent>) => void }) {
  const { targets } = useWorld()
  const hit = useRef<Mesh>(null)
  const { cardWidth: w, cardHeight: h } = EXPLAIN_BOARD
  const blocks = useMemo(() => [{ text: chosen ? `✓ Chosen — ${text}` : text, size: text.length > 90 ? 26 : 30, weight: chosen ? (700 as const) : (400 as const) }], [text, chosen])
  useEffect(() => {
    if (!hit.current) return
    targets.set(id, hit.current)
    return () => void targets.delete(id)
  }, [id, targets])
  const down = (e: ThreeEvent<PointerEvent>) => {
    e.stopPropagation()
    if (isPrimaryPress(e)) onPress(e)
  }
  return (
    <group position={[0, y, 0]}>
      <PanelCard position={[0, 0, 0]} width={w} height={h} blocks={blocks} colour={chosen ? '#1f6f4a' : '#0b2942'} />
      <mesh ref={hit} material={sharedMaterials.invisible} position={[0, 0, 0.01]} onPointerDown={down}>
        <planeGeometry args={[w, h]} />
      </mesh>
    </group>
  )
}

/**
 * Claim → evidence → reasoning as cards in the world: press a claim, toggle
 * the evidence (Submit once the needed number is chosen), press a reasoning.
 * Options taken away after a miss disappear.
 */
export function ExplainBoard({ task }: { readonly task: ExplainTask }) {
  const { taskStore, press } = useWorld()
  const state = useStore(taskStore, (s) => s.state as ExplainState)
  const active = state.phase === 'active'
  const options = explainOptions(task, state)
  const needed = evidenceNeeded(task)
  const { cardHeight: h, gap, rotationY, position } = EXPLAIN_BOARD
  const top = 1.95
  const heading = state.step === 'claim' ? 'Choose a claim' : state.step === 'evidence' ? `Choose ${needed} pieces of evidence` : 'Choose the reasoning'
  return (
    <group position={position as unknown as [number, number, number]} rotation={[0, rotationY, 0]} visible={active}>
      <PanelCard position={[0, top, 0]} width={EXPLAIN_BOARD.cardWidth} height={0.26} blocks={[{ text: heading, size: 34, weight: 700, colour: '#ffe9a8', gap: 4 }, { text: task.question, size: 26 }]} />
      {active
        ? options.map((o, i) => (
            <OptionCard
              key={`${state.step}-${o.id}`}
              id={`explain-${o.id}`}
              text={o.label}
              y={top - 0.26 / 2 - gap - h / 2 - i * (h + gap)}
              chosen={state.step === 'evidence' && state.selected.includes(o.id)}
              onPress={(e) => (state.step === 'evidence' ? press({ type: 'toggle', evidence: o.id }, e.nativeEvent, `explain-${o.id}`) : press({ type: 'choose', option: o.id }, e.nativeEvent, `explain-${o.id}`))}
            />
          ))
        : null}
      <WorldButton
        id="explain-submit"
        label={`Submit (${state.selected.length}/${needed})`}
        position={[0, top - 0.26 / 2 - gap - options.length * (h + gap) - 0.1, 0.01]}
        visible={active && state.step === 'evidence' && state.selected.length === needed}
        colour="#1f9d55"
        onPress={(e) => press({ type: 'submit' }, e.nativeEvent, 'explain-submit')}
      />
    </group>
  )
}
