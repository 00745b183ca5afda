import type { ThreeEvent } from '@react-three/fiber'
import { BackSide } from 'three'
import type { OrderState, SortState } from '../../core/index.js'
import { useWorld } from './world-context.js'
import { isPrimaryPress } from './press.js'

/**
 * An invisible sphere around everything: pressing on empty space lands here.
 * It lets go of a held item (nothing is judged) for mouse and controller rays alike.
 */
export function BackgroundCatcher() {
  const { taskStore, pointer } = useWorld()
  const release = (e: ThreeEvent<PointerEvent>) => {
    e.stopPropagation()
    if (!isPrimaryPress(e)) return
    const state = taskStore.getState().state as Partial<SortState & OrderState>
    if (state.held != null) taskStore.getState().dispatch({ type: 'release' })
  }
  return (
    // Only rays and screens: a grab pointer (a sphere around the hand) is always inside this
    // sphere, and would win over the controller's ray everywhere.
    <mesh onPointerDown={release} onPointerMove={() => (pointer.zoneEntity = null)} pointerEventsType={{ deny: ['grab', 'touch'] }}>
      <sphereGeometry args={[45, 12, 8]} />
      <meshBasicMaterial side={BackSide} visible={false} />
    </mesh>
  )
}
