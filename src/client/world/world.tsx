import { useMemo } from 'react'
import type { Object3D } from 'three'
import { taskEntityIds, type SceneEntity, type Station, type TaskInput } from '../../core/index.js'
import type { Expedition, StationRun } from '../app/expedition.js'
import type { JourneyStore } from '../stores/journey-store.js'
import type { TaskStore } from '../stores/task-store.js'
import { StationBoard, TaskPanel } from '../ui/task-panel.js'
import { pulseFrom } from '../xr/haptics.js'
import { BackgroundCatcher } from './background-catcher.js'
import { CompileOnLoad } from './compile-on-load.js'
import { sizeOf } from './entities/depth-zone.js'
import { slotPositions, zoneKinds, zoneSizes } from './entities/pickable.js'
import { ExplainBoard } from './explain-board.js'
import { FeedbackBadges } from './feedback-badges.js'
import { PlayerRig } from './player-rig.js'
import { ENTITY_COMPONENTS } from './registry.js'
import { StationContext, WorldContext, createPointerFacts, rolesOf, type StationScope, type WorldContextValue } from './world-context.js'

export interface WorldProps {
  readonly expedition: Expedition
  readonly run: StationRun
  readonly taskStore: TaskStore
  readonly journey: JourneyStore
  readonly freeze: boolean
  /** Filled with the interactable objects by id (for aiming in tests). */
  readonly targets: Map<string, Object3D>
  readonly onCompiled?: () => void
}

function Entity({ entity }: { readonly entity: SceneEntity }) {
  const Component = ENTITY_COMPONENTS[entity.kind]
  return <Component entity={entity} />
}

/** Entities a station shows for a tier: its scenery, plus what that tier's task uses (not the other tier's). */
function shownEntities(station: Station, tier: StationRun['tier'] | null): readonly SceneEntity[] {
  const core = new Set(taskEntityIds(station.task))
  const stretch = new Set(station.stretch ? taskEntityIds(station.stretch) : [])
  const used = tier === 'transfer' && station.stretch ? stretch : core
  return station.entities.filter((e) => used.has(e.id) || (!core.has(e.id) && !stretch.has(e.id)))
}

function StationPart({ station, run }: { readonly station: Station; readonly run: StationRun }) {
  const current = station.id === run.station.id
  const scope = useMemo<StationScope>(
    () => ({
      stationId: station.id,
      current,
      positions: new Map(station.entities.map((e) => [e.id, e.position])),
      sizes: new Map(station.entities.map((e) => [e.id, sizeOf(e, [1.1, 0.9])])),
    }),
    [station, current],
  )
  // Every station is mounted (so its programs compile on load); only the current one is seen.
  const entities = current ? shownEntities(station, run.tier) : station.entities
  return (
    <StationContext.Provider value={scope}>
      <group position={station.anchor} visible={current} pointerEvents={current ? 'listener' : 'none'}>
        {entities.map((entity) => (
          <Entity key={entity.id} entity={entity} />
        ))}
        {current ? (
          <>
            <TaskPanel />
            <StationBoard />
            {run.task.kind === 'explain' ? <ExplainBoard task={run.task} /> : null}
          </>
        ) : null}
      </group>
    </StationContext.Provider>
  )
}

/** Renders a scene manifest: environment, every entity through the registry, the current station's task and its UI. */
export function World({ expedition, run, taskStore, journey, freeze, targets, onCompiled }: WorldProps) {
  const { manifest } = expedition
  useMemo(() => {
    slotPositions.clear()
    zoneKinds.clear()
    zoneSizes.clear()
    for (const station of manifest.stations) {
      for (const e of station.entities) {
        slotPositions.set(e.id, e.position)
        zoneKinds.set(e.id, e.kind)
        zoneSizes.set(e.id, sizeOf(e, e.kind === 'zone' ? [1.1, 0.9] : [2, 0.5]))
      }
    }
  }, [manifest])
  const value = useMemo<WorldContextValue>(() => {
    const feedbackAnchor = { entity: null as string | null }
    return {
      expedition,
      run,
      taskStore,
      journey,
      roles: rolesOf(run.task),
      freeze,
      targets,
      pointer: createPointerFacts(),
      feedbackAnchor,
      press(input: TaskInput, nativeEvent: unknown, feedbackEntity?: string | null) {
        if (feedbackEntity !== undefined) feedbackAnchor.entity = feedbackEntity
        const emits = taskStore.getState().dispatch(input)
        const answered = emits.find((event) => event.type === 'answered')
        // Same handler as the visual feedback: the pulse leaves with this frame.
        if (answered && answered.type === 'answered') pulseFrom(nativeEvent, answered.correct ? 0.4 : 0.9, answered.correct ? 40 : 120)
        return emits
      },
    }
  }, [expedition, run, taskStore, journey, freeze, targets])
  const env = manifest.environment
  return (
    <WorldContext.Provider value={value}>
      <color attach="background" args={[env.background]} />
      {env.fog ? <fog attach="fog" args={[env.fog.colour, env.fog.near, env.fog.far]} /> : null}
      <ambientLight color={env.ambient.colour} intensity={env.ambient.intensity} />
      {env.key ? <directionalLight color={env.key.colour} intensity={env.key.intensity} position={env.key.position} /> : null}
      <PlayerRig anchor={run.station.anchor} />
      {manifest.entities.map((entity) => (
        <Entity key={entity.id} entity={entity} />
      ))}
      {manifest.stations.map((station) => (
        <StationPart key={station.id} station={station} run={run} />
      ))}
      <FeedbackBadges />
      <BackgroundCatcher />
      <CompileOnLoad key={manifest.id} {...(onCompiled ? { onCompiled } : {})} />
    </WorldContext.Provider>
  )
}
