import { Canvas } from '@react-three/fiber'
import { XR } from '@react-three/xr'
import { useEffect, useMemo, useState } from 'react'
import { useStore } from 'zustand'
import type { Object3D } from 'three'
import { FATHOM_ACTIVITIES, type LearnerContext } from '../../core/index.js'
import type { Pairing } from '../storage/db.js'
import { createTaskStore, type TaskStore } from '../stores/task-store.js'
import { SyncBadge } from '../ui/sync-badge.js'
import { TaskOverlay } from '../ui/task-overlay.js'
import { World } from '../world/world.js'
import type { FathomXRStore } from '../xr/store.js'
import type { CaptureSession } from './capture-session.js'
import type { Expedition } from './expedition.js'
import { hooksContext } from './hooks-context.js'

export interface ExpeditionViewProps {
  readonly expedition: Expedition
  readonly pairing: Pairing
  readonly capture: CaptureSession
  readonly xrStore: FathomXRStore
  readonly freeze: boolean
  readonly onRepair: () => void
}

function EnterVRButton({ xrStore }: { readonly xrStore: FathomXRStore }) {
  const [supported, setSupported] = useState<boolean | null>(null)
  const session = useStore(xrStore, (s) => s.session)
  useEffect(() => {
    let live = true
    const xr = navigator.xr
    if (!xr) setSupported(false)
    else void xr.isSessionSupported('immersive-vr').then((ok) => live && setSupported(ok), () => live && setSupported(false))
    return () => {
      live = false
    }
  }, [])
  if (session) {
    return (
      <button id="exit-vr" type="button" onClick={() => void session.end()}>
        Exit VR
      </button>
    )
  }
  return (
    <button id="enter-vr" type="button" disabled={supported === false} title={supported === false ? 'No VR headset found' : undefined} onClick={() => void xrStore.enterVR()}>
      {supported === false ? 'VR not available' : 'Enter VR'}
    </button>
  )
}

/** The expedition: the 3D world (desktop or VR), with the DOM overlay beside it. */
export function ExpeditionView({ expedition, pairing, capture, xrStore, freeze, onRepair }: ExpeditionViewProps) {
  const [compiled, setCompiled] = useState(false)
  const targets = useMemo(() => new Map<string, Object3D>(), [])
  const registration = useMemo(() => crypto.randomUUID(), [])
  const taskStore: TaskStore = useMemo(
    () =>
      createTaskStore({
        task: expedition.task,
        place: expedition.place,
        learner: (): LearnerContext => ({
          actor: pairing.actor,
          modality: xrStore.getState().session ? 'vr' : 'desktop',
          activityBase: FATHOM_ACTIVITIES,
          registration,
        }),
        record: (statement) => capture.record(statement),
      }),
    [expedition, pairing, xrStore, capture, registration],
  )

  useEffect(() => {
    hooksContext.targets = targets
    hooksContext.taskStore = taskStore
    return () => {
      hooksContext.taskStore = null
    }
  }, [targets, taskStore])

  // Leaving VR is a moment the headset may be taken off: write what is queued now.
  useEffect(() => xrStore.onSessionEnd(() => void capture.pipeline.flushToStorage().catch(() => undefined)), [xrStore, capture])

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement) return
      const { dispatch } = taskStore.getState()
      if (e.key === 'Escape') dispatch({ type: 'release' })
      else if (e.key === 'h' || e.key === 'H') dispatch({ type: 'hint' })
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [taskStore])

  return (
    <div className="expedition" data-compiled={compiled ? 'true' : 'false'}>
      <TaskOverlay expedition={expedition} taskStore={taskStore} />
      <div className="stage">
      <Canvas
        id="world"
        camera={{ position: [0, 1.6, 1.0], fov: 60, near: 0.05, far: 60 }}
        dpr={[1, 2]}
        gl={{ antialias: true, powerPreference: 'high-performance' }}
      >
        <XR store={xrStore}>
          <World expedition={expedition} taskStore={taskStore} freeze={freeze} targets={targets} onCompiled={() => setCompiled(true)} />
        </XR>
      </Canvas>
      <div className="topbar">
        <span className="student">{pairing.student.displayName}</span>
        <EnterVRButton xrStore={xrStore} />
      </div>
      <SyncBadge onRepair={onRepair} />
      </div>
    </div>
  )
}
