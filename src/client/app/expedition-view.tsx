import { Canvas } from '@react-three/fiber'
import { XR } from '@react-three/xr'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { useStore } from 'zustand'
import type { Object3D } from 'three'
import { FATHOM_ACTIVITIES, isExpeditionOpen, showsMastery, type LearnerContext, type TaskState } from '../../core/index.js'
import type { Pairing } from '../storage/db.js'
import type { JourneyStore } from '../stores/journey-store.js'
import { createTaskStore, type TaskStore } from '../stores/task-store.js'
import { HubOverlay } from '../ui/hub-overlay.js'
import { SyncBadge } from '../ui/sync-badge.js'
import { ComfortOverlay } from '../comfort/comfort-overlay.js'
import { ComfortRig } from '../comfort/comfort-rig.js'
import { TaskOverlay } from '../ui/task-overlay.js'
import { HubWorld, type HubChoice } from '../world/hub-world.js'
import { notifyJudged } from '../world/judged-cue.js'
import { World } from '../world/world.js'
import type { FathomXRStore } from '../xr/store.js'
import type { CaptureSession } from './capture-session.js'
import { EXPEDITION_IDS, stationRun, type Expedition, type ExpeditionId } from './expedition.js'
import { hooksContext } from './hooks-context.js'

export interface ExpeditionViewProps {
  readonly expeditions: ReadonlyMap<ExpeditionId, Expedition>
  readonly journey: JourneyStore
  /** xAPI registration of this visit. */
  readonly registration: string
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

/** A saved task state is trusted only if it looks like one (content may have changed since). */
function resumable(value: unknown): TaskState | null {
  const v = value as { phase?: unknown } | null
  return typeof v === 'object' && v !== null && (v.phase === 'ready' || v.phase === 'active') ? (value as TaskState) : null
}

/** The hub's choices: open by `isExpeditionOpen`, progress as competencies shown. */
function useHubChoices(journey: JourneyStore, expeditions: ReadonlyMap<ExpeditionId, Expedition>): HubChoice[] {
  const levels = useStore(journey, (s) => s.levels)
  return useMemo(() => {
    const all = [...expeditions.values()].flatMap((e) => e.competencies)
    return EXPEDITION_IDS.map((id) => {
      const e = expeditions.get(id)!
      const shown = e.competencies.filter((c) => showsMastery(levels.get(c.id))).length
      return {
        id,
        title: e.manifest.title,
        open: isExpeditionOpen(e.manifest.requires, levels),
        progress: e.competencies.length > 0 ? shown / e.competencies.length : 0,
        needs: e.manifest.requires.filter((c) => !showsMastery(levels.get(c))).map((c) => all.find((x) => x.id === c)?.statement ?? c),
      }
    })
  }, [levels, expeditions])
}

/** The hub and the expeditions: the 3D world (desktop or VR), with the DOM overlay beside it. */
export function ExpeditionView({ expeditions, journey, registration, pairing, capture, xrStore, freeze, onRepair }: ExpeditionViewProps) {
  const [compiledFor, setCompiledFor] = useState<string | null>(null)
  const targets = useMemo(() => new Map<string, Object3D>(), [])
  const screen = useStore(journey, (s) => s.screen)
  const choices = useHubChoices(journey, expeditions)
  const expedition = screen.kind === 'expedition' ? expeditions.get(screen.expedition)! : null
  const run = useMemo(() => (screen.kind === 'expedition' && expedition ? stationRun(expedition, screen.station, screen.tier) : null), [screen, expedition])
  const taskStore: TaskStore | null = useMemo(
    () =>
      run && screen.kind === 'expedition'
        ? createTaskStore({
            task: run.task,
            place: run.place,
            initial: resumable(screen.resume),
            learner: (): LearnerContext => ({
              actor: pairing.actor,
              modality: xrStore.getState().session ? 'vr' : 'desktop',
              activityBase: FATHOM_ACTIVITIES,
              registration,
            }),
            record: (statement) => {
              capture.record(statement)
              journey.getState().ingest([statement])
            },
            onEvents: (events, state) => {
              for (const event of events) if (event.type === 'answered') notifyJudged(event.correct)
              journey.getState().onTaskEvents(events, state)
            },
          })
        : null,
    // A new store per run (station, tier, restart); not per screen object.
    [run, screen.kind === 'expedition' ? screen.run : 0, pairing, xrStore, capture, registration, journey],
  )
  const screenKey = screen.kind === 'hub' ? 'hub' : screen.expedition

  useEffect(() => {
    hooksContext.targets = targets
    hooksContext.taskStore = taskStore
    return () => {
      hooksContext.taskStore = null
    }
  }, [targets, taskStore])

  // Teacher unlocks and overrides arrive from the LRS: look when the student moves, and every 20 s.
  useEffect(() => {
    void hooksContext.refresh?.()
    const timer = setInterval(() => void hooksContext.refresh?.(), 20_000)
    return () => clearInterval(timer)
  }, [screenKey])

  // Leaving VR is a moment the headset may be taken off: write what is queued now.
  useEffect(() => xrStore.onSessionEnd(() => void capture.pipeline.flushToStorage().catch(() => undefined)), [xrStore, capture])

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement || !taskStore) return
      const { dispatch } = taskStore.getState()
      if (e.key === 'Escape') dispatch({ type: 'release' })
      else if (e.key === 'h' || e.key === 'H') dispatch({ type: 'hint' })
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [taskStore])

  const openExpedition = useCallback((id: ExpeditionId) => void journey.getState().openExpedition(id), [journey])
  const onCompiled = useCallback(() => setCompiledFor(screenKey), [screenKey])

  return (
    <div className="expedition" data-compiled={compiledFor === screenKey ? 'true' : 'false'} data-screen={screenKey}>
      <ComfortOverlay expeditionId={screenKey} ambience={expedition?.manifest.environment.ambience ?? 'none'} />
      {screen.kind === 'hub' || !expedition || !run || !taskStore ? (
        <HubOverlay choices={choices} onChoose={openExpedition} />
      ) : (
        <TaskOverlay key={`${screen.expedition}-${screen.run}`} expedition={expedition} run={run} taskStore={taskStore} journey={journey} />
      )}
      <div className="stage">
      <Canvas
        id="world"
        camera={{ position: [0, 1.6, 1.0], fov: 60, near: 0.05, far: 200 }}
        dpr={[1, 2]}
        gl={{ antialias: true, powerPreference: 'high-performance' }}
      >
        <XR store={xrStore}>
          <ComfortRig spawn={expedition?.manifest.spawn} targets={targets} />
          {screen.kind === 'hub' || !expedition || !run || !taskStore ? (
            <HubWorld key="hub" choices={choices} onChoose={openExpedition} targets={targets} onCompiled={onCompiled} />
          ) : (
            <World key={screen.expedition} expedition={expedition} run={run} taskStore={taskStore} journey={journey} freeze={freeze} targets={targets} onCompiled={onCompiled} />
          )}
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
