import { useMemo } from 'react'
import { useXR } from '@react-three/xr'
import { useStore } from 'zustand'
import { remainingItems } from '../../core/index.js'
import type { TextBlock } from '../world/text-texture.js'
import { useWorld } from '../world/world-context.js'
import { WorldButton } from '../world/world-button.js'
import { PanelCard } from './panel-card.js'
import { taskStatusLine } from './task-text.js'

/** Where the task panel stands: left of the organisms, turned towards the student. */
export const TASK_PANEL = { position: [-2.45, 1.8, -1.9] as const, rotationY: 0.75, width: 1.3, height: 1.15 }

/**
 * The in-world task panel: objective, prompt, progress, feedback and support,
 * with Start and Hint buttons. Shown in VR; on desktop the DOM overlay says the same.
 */
export function TaskPanel() {
  const { expedition, taskStore } = useWorld()
  const presenting = useXR((s) => s.session != null)
  const sort = useStore(taskStore, (s) => s.sort)
  const objective = expedition.competencies[0]?.statement ?? ''
  const held = expedition.task.items.find((i) => i.id === sort.held)
  const remaining = remainingItems(expedition.task, sort).length
  const blocks = useMemo((): TextBlock[] => {
    const out: TextBlock[] = [
      { text: objective, size: 46, weight: 700, colour: '#ffe9a8', gap: 16 },
      { text: expedition.task.prompt, size: 42, gap: 20 },
      { text: taskStatusLine(sort.phase, held?.label ?? null, expedition.task.items.length - remaining, expedition.task.items.length), size: 38, colour: '#9fd4ff', gap: 20 },
    ]
    if (sort.feedback) out.push({ text: sort.feedback.text, size: 38, weight: 700, colour: sort.feedback.correct ? '#7dffb0' : '#ffb36b', gap: 14 })
    if (sort.support && sort.support.text !== sort.feedback?.text) out.push({ text: `Hint: ${sort.support.text}`, size: 34, colour: '#e6f2ff' })
    return out
  }, [objective, expedition.task, sort.phase, sort.feedback, sort.support, held, remaining])
  const { position, rotationY, width, height } = TASK_PANEL
  const dispatch = taskStore.getState().dispatch
  return (
    <group position={position as unknown as [number, number, number]} rotation={[0, rotationY, 0]} visible={presenting}>
      <PanelCard position={[0, 0, 0]} width={width} height={height} blocks={blocks} />
      <WorldButton id="start-button" label="Start" position={[-0.3, -height / 2 - 0.14, 0.01]} visible={presenting && sort.phase === 'ready'} onPress={() => dispatch({ type: 'start' })} colour="#1f9d55" />
      <WorldButton id="hint-button" label="Hint" position={[0.3, -height / 2 - 0.14, 0.01]} visible={presenting && sort.phase === 'active'} onPress={() => dispatch({ type: 'hint' })} />
    </group>
  )
}
