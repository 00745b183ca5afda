import { useMemo } from 'react'
import type { SceneEntity } from '../../../core/index.js'
import { organismModel } from '../geometry.js'
import { sharedMaterials } from '../materials.js'
import { Pickable } from './pickable.js'

/** An organism, recognisable by its silhouette; glowing parts are drawn unlit. */
export function Organism({ entity }: { readonly entity: SceneEntity }) {
  const props = entity.props ?? {}
  const glows = props.glow === true
  const colour = entity.colour ?? '#9fb7c8'
  const model = useMemo(() => organismModel(String(props.shape ?? 'fish'), colour, glows), [props.shape, colour, glows])
  return (
    <Pickable entity={entity} labelWidth={(entity.label ?? '').length > 22 ? 0.56 : 0.42}>
      <mesh geometry={model.body} material={sharedMaterials.lambertVertex} />
      {model.glow ? <mesh geometry={model.glow} material={sharedMaterials.basicVertex} /> : null}
    </Pickable>
  )
}
