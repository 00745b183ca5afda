import { useThree } from '@react-three/fiber'
import { useLayoutEffect, useMemo } from 'react'
import type { Expedition } from '../app/expedition.js'
import type { TaskStore } from '../stores/task-store.js'
import { TaskPanel } from '../ui/task-panel.js'
import { BackgroundCatcher } from './background-catcher.js'
import { CompileOnLoad } from './compile-on-load.js'
import { FeedbackBadges } from './feedback-badges.js'
import { ENTITY_COMPONENTS } from './registry.js'
import { WorldContext, createPointerFacts, rolesOf, type WorldContextValue } from './world-context.js'
import type { Object3D } from 'three'

/** Where the desktop camera looks: the middle of the zone column. */
const DESKTOP_LOOK_AT = [0, 1.5, -2.6] as const

function DesktopCameraAim() {
  const camera = useThree((s) => s.camera)
  useLayoutEffect(() => {
    camera.lookAt(...DESKTOP_LOOK_AT)
  }, [camera])
  return null
}

export interface WorldProps {
  readonly expedition: Expedition
  readonly taskStore: TaskStore
  readonly freeze: boolean
  /** Filled with the interactable objects by id (for aiming in tests). */
  readonly targets: Map<string, Object3D>
  readonly onCompiled?: () => void
}

/** Renders a scene manifest: environment, every entity through the registry, and the task's UI. */
export function World({ expedition, taskStore, freeze, targets, onCompiled }: WorldProps) {
  const { manifest } = expedition
  const value = useMemo<WorldContextValue>(
    () => ({
      expedition,
      taskStore,
      roles: rolesOf(expedition.task),
      freeze,
      targets,
      pointer: createPointerFacts(),
      entityPositions: new Map(manifest.entities.map((e) => [e.id, e.position])),
    }),
    [expedition, taskStore, freeze, targets, manifest],
  )
  const env = manifest.environment
  return (
    <WorldContext.Provider value={value}>
      <color attach="background" args={[env.background]} />
      {env.fog ? <fog attach="fog" args={[env.fog.colour, env.fog.near, env.fog.far]} /> : null}
      <ambientLight color={env.ambient.colour} intensity={env.ambient.intensity} />
      {env.key ? <directionalLight color={env.key.colour} intensity={env.key.intensity} position={env.key.position} /> : null}
      <DesktopCameraAim />
      {manifest.entities.map((entity) => {
        const Component = ENTITY_COMPONENTS[entity.kind]
        return <Component key={entity.id} entity={entity} />
      })}
      <TaskPanel />
      <FeedbackBadges />
      <BackgroundCatcher />
      <CompileOnLoad {...(onCompiled ? { onCompiled } : {})} />
    </WorldContext.Provider>
  )
}
