import type { ThreeEvent } from '@react-three/fiber'
import { BackSide } from 'three'
import { useWorld } from './world-context.js'
import { isPrimaryPress } from './press.js'

/**
 * An invisible sphere around everything: pressing on empty water lands here.
 * It lets go of a held item (nothing is judged) for mouse and controller rays alike.
 */
export function BackgroundCatcher() {
  const { taskStore, pointer } = useWorld()
  const release = (e: ThreeEvent<PointerEvent>) => {
    e.stopPropagation()
    if (!isPrimaryPress(e)) return
    if (taskStore.getState().sort.held !== null) taskStore.getState().dispatch({ type: 'release' })
  }
  return (
    // Only rays and screens: a grab pointer (a sphere around the hand) is always inside this
    // sphere, and would win over the controller's ray everywhere.
    <mesh onPointerDown={release} onPointerMove={() => (pointer.zoneEntity = null)} pointerEventsType={{ deny: ['grab', 'touch'] }}>
      <sphereGeometry args={[30, 12, 8]} />
      <meshBasicMaterial side={BackSide} visible={false} />
    </mesh>
  )
}
