import type { ComponentType } from 'react'
import type { EntityKind, SceneEntity } from '../../core/index.js'
import { DepthZone } from './entities/depth-zone.js'
import { Organism } from './entities/organism.js'
import { LightShafts, MarineSnow, Panel, Seafloor } from './entities/ambient.js'

export type EntityComponent = ComponentType<{ readonly entity: SceneEntity }>

/**
 * Every entity kind the manifest schema knows, mapped to the component that
 * draws it. `satisfies` makes a kind added in core fail to compile until it is drawn.
 */
export const ENTITY_COMPONENTS = {
  'depth-zone': DepthZone,
  organism: Organism,
  panel: Panel,
  'light-shafts': LightShafts,
  'marine-snow': MarineSnow,
  seafloor: Seafloor,
} as const satisfies Record<EntityKind, EntityComponent>
