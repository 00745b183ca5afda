import type { ComponentType } from 'react'
import type { EntityKind, SceneEntity } from '../../core/index.js'
import { LightShafts, MarineSnow, Panel, Seafloor } from './entities/ambient.js'
import { DepthZone } from './entities/depth-zone.js'
import { Dial } from './entities/dial.js'
import { Artifact, Card, Ground, Monument, Sky } from './entities/eras.js'
import { Organism } from './entities/organism.js'
import { Slot } from './entities/slot.js'
import { Moon, Orbit, Planet, Starfield, Sun } from './entities/space.js'

export type EntityComponent = ComponentType<{ readonly entity: SceneEntity }>

/**
 * Every entity kind the manifest schema knows, mapped to the component that
 * draws it. `satisfies` makes a kind added in core fail to compile until it is drawn.
 */
export const ENTITY_COMPONENTS = {
  // surroundings
  seafloor: Seafloor,
  'light-shafts': LightShafts,
  'marine-snow': MarineSnow,
  starfield: Starfield,
  sun: Sun,
  orbit: Orbit,
  ground: Ground,
  sky: Sky,
  monument: Monument,
  // things a task uses
  'depth-zone': DepthZone,
  zone: DepthZone,
  organism: Organism,
  planet: Planet,
  moon: Moon,
  artifact: Artifact,
  card: Card,
  slot: Slot,
  dial: Dial,
  panel: Panel,
} as const satisfies Record<EntityKind, EntityComponent>
