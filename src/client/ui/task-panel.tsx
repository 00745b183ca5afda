import { useMemo } from 'react'
import { useXR } from '@react-three/xr'
import { useStore } from 'zustand'
import { MeshBasicMaterial, PlaneGeometry } from 'three'
import { progressTowardProficiency } from '../../core/index.js'
import type { TextBlock } from '../world/text-texture.js'
import { useWorld } from '../world/world-context.js'
import { WorldButton } from '../world/world-button.js'
import { PanelCard } from './panel-card.js'
import { SUPPORT_LABEL, taskStatusLine } from './task-text.js'
import { useJourneyView } from './journey-view.js'

/**
 * Where the panels stand, station-relative: about 70° to either side at 1.8 m,
 * turned to face the student, clear of every task's items (which stay within ±50°).
 */
export const TASK_PANEL = { position: [-1.69, 1.55, -0.62] as const, rotationY: 1.22, width: 1.1, height: 1.05 }
export const STATION_BOARD = { position: [1.69, 1.55, -0.62] as const, rotationY: -1.22, width: 1.1, height: 1.05 }

const barGeometry = new PlaneGeometry(1, 0.035)
const barBack = new MeshBasicMaterial({ color: '#24445f' })
const barFill = new MeshBasicMaterial({ color: '#ffe27a' })

/**
 * The in-world task panel: the "I can…" objective, progress toward
 * proficiency, the prompt, progress, feedback and support, with Start, Hint
 * and Submit. Shown in VR; on desktop the DOM overlay says the same.
 */
export function TaskPanel() {
  const { run, taskStore, journey, press } = useWorld()
  const presenting = useXR((s) => s.session != null)
  const state = useStore(taskStore, (s) => s.state)
  const pKnown = useStore(journey, (s) => s.records.get(run.task.competencies[0] ?? '')?.pKnown ?? null)
  const pInit = run.competencies[0]?.bkt.pInit ?? 0
  const progress = progressTowardProficiency(pKnown ?? pInit, pInit)
  const objective = run.competencies.map((c) => c.statement).join(' ')
  const blocks = useMemo((): TextBlock[] => {
    const out: TextBlock[] = [
      { text: `${run.station.title}${run.tier === 'transfer' ? ' · Stretch' : ''}`, size: 30, colour: '#9fd4ff', gap: 6 },
      { text: objective, size: 36, weight: 700, colour: '#ffe9a8', gap: 40 },
      { text: run.task.prompt, size: 32, gap: 14 },
      { text: taskStatusLine(run.task, state), size: 30, colour: '#9fd4ff', gap: 14 },
    ]
    if (state.feedback) out.push({ text: `${state.feedback.correct ? '✓ Right.' : '✗ Not yet.'} ${state.feedback.text}`, size: 30, weight: 700, colour: state.feedback.correct ? '#7dffb0' : '#ffb36b', gap: 10 })
    if (state.support && state.support.text !== state.feedback?.text) out.push({ text: `${SUPPORT_LABEL[state.support.step]}: ${state.support.text}`, size: 28, colour: '#e6f2ff' })
    return out
  }, [objective, run, state])
  const { position, rotationY, width, height } = TASK_PANEL
  const kind = run.task.kind
  return (
    <group position={position as unknown as [number, number, number]} rotation={[0, rotationY, 0]} visible={presenting}>
      <PanelCard position={[0, 0, 0]} width={width} height={height} blocks={blocks} />
      {/* Progress toward proficiency on the first competency: a bar under the objective. */}
      <group position={[0, height / 2 - 0.3, 0.01]}>
        <mesh geometry={barGeometry} material={barBack} scale={[width - 0.1, 1, 1]} />
        <mesh geometry={barGeometry} material={barFill} scale={[Math.max(0.001, (width - 0.1) * progress), 1, 1]} position={[-(width - 0.1) * (1 - progress) * 0.5, 0, 0.002]} />
      </group>
      <WorldButton id="start-button" label="Start" position={[-0.28, -height / 2 - 0.12, 0.01]} visible={presenting && state.phase === 'ready'} onPress={(e) => press({ type: 'start' }, e.nativeEvent)} colour="#1f9d55" />
      <WorldButton id="hint-button" label="Hint" position={[0.28, -height / 2 - 0.12, 0.01]} visible={presenting && state.phase === 'active'} onPress={(e) => press({ type: 'hint' }, e.nativeEvent)} />
      <WorldButton id="order-submit" label="Submit order" position={[-0.28, -height / 2 - 0.12, 0.01]} visible={presenting && kind === 'order' && state.phase === 'active'} colour="#1f9d55" onPress={(e) => press({ type: 'submit' }, e.nativeEvent, 'order-submit')} />
    </group>
  )
}

/** The station board (VR): every station with what it needs, and buttons to go on. */
export function StationBoard() {
  const { journey, taskStore, run } = useWorld()
  const presenting = useXR((s) => s.session != null)
  const view = useJourneyView()
  const complete = useStore(taskStore, (s) => s.state.phase === 'complete')
  const blocks = useMemo((): TextBlock[] => {
    const out: TextBlock[] = [{ text: 'Stations', size: 36, weight: 700, colour: '#ffe9a8', gap: 10 }]
    for (const s of view.statuses) {
      const mark = s.id === run.station.id ? '▶' : s.mastered ? '✓' : s.open ? '○' : '×'
      const state = s.id === run.station.id ? 'here now' : !s.open ? `locked — needs: ${s.needs.map((c) => c.statement).join(' ')}` : s.mastered ? 'shown' : s.done ? 'try again' : s.unlockedByTeacher ? 'opened by your teacher' : 'open'
      out.push({ text: `${mark} ${s.title}: ${state}`, size: 26, gap: 6, colour: s.open ? '#ffffff' : '#b7c4d1' })
    }
    return out
  }, [view.statuses, run.station.id])
  const { position, rotationY, width, height } = STATION_BOARD
  const next = view.next && view.next !== run.station.id ? view.statuses.find((s) => s.id === view.next) : undefined
  const stretch = complete && view.current?.stretchOffered && run.tier === 'core'
  const again = complete && !next && !stretch && run.tier === 'core' && !view.current?.mastered
  const { startStation, goToHub } = journey.getState()
  return (
    <group position={position as unknown as [number, number, number]} rotation={[0, rotationY, 0]} visible={presenting}>
      <PanelCard position={[0, 0, 0]} width={width} height={height} blocks={blocks} />
      <WorldButton id="next-station" label={next ? `Next: ${next.title}` : 'Next'} width={0.7} position={[0, -height / 2 - 0.12, 0.01]} visible={presenting && complete && next !== undefined && !stretch} colour="#1f9d55" onPress={() => next && startStation(next.id)} />
      <WorldButton id="stretch-button" label="Try the stretch" width={0.7} position={[0, -height / 2 - 0.12, 0.01]} visible={presenting && stretch === true} colour="#8a4fd6" onPress={() => startStation(run.station.id, 'transfer')} />
      <WorldButton id="again-button" label="Try again" width={0.7} position={[0, -height / 2 - 0.12, 0.01]} visible={presenting && again} onPress={() => startStation(run.station.id)} />
      <WorldButton id="skip-stretch" label={next ? `Skip to: ${next.title}` : 'Skip'} width={0.7} position={[0, -height / 2 - 0.32, 0.01]} visible={presenting && stretch === true && next !== undefined} onPress={() => next && startStation(next.id)} />
      {view.statuses
        .filter((s) => s.open && s.id !== run.station.id)
        .map((s, i) => (
          <WorldButton key={s.id} id={`go-${s.id}`} label={`Go: ${s.title}`} width={0.6} height={0.12} position={[i % 2 === 0 ? -0.31 : 0.31, -height / 2 - 0.5 - Math.floor(i / 2) * 0.15, 0.01]} visible={presenting} onPress={() => startStation(s.id)} />
        ))}
      <WorldButton id="hub-button" label="Expeditions" width={0.5} position={[0, height / 2 + 0.12, 0.01]} visible={presenting} onPress={() => goToHub()} />
    </group>
  )
}
