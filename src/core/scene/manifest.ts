import { z } from 'zod'
import type { ParseResult } from '../competency/framework.js'
import { sortTaskSchema } from '../tasks/sort.js'

/** Entity kinds the world runtime knows how to draw (src/client/world/registry). */
export const ENTITY_KINDS = ['depth-zone', 'organism', 'panel', 'light-shafts', 'marine-snow', 'seafloor'] as const
export type EntityKind = (typeof ENTITY_KINDS)[number]

const vec3 = z.tuple([z.number(), z.number(), z.number()])
const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a #rrggbb colour')

const entitySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, 'ids are lower-case words joined by hyphens'),
  kind: z.enum(ENTITY_KINDS),
  position: vec3,
  rotation: vec3.optional(),
  scale: z.number().positive().optional(),
  label: z.string().min(1).optional(),
  colour: colour.optional(),
  /** Kind-specific drawing properties (sizes, shapes); read by the entity's component. */
  props: z.record(z.string(), z.unknown()).optional(),
})

/** Task kinds: one schema each, discriminated by `kind`; new kinds join this union. */
const taskSchema = z.discriminatedUnion('kind', [sortTaskSchema])

const stationSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(1),
  task: taskSchema,
})

const manifestSchema = z.strictObject({
  format: z.literal('fathom.scene/1'),
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(1),
  summary: z.string().min(1),
  /** Framework file next to the manifest. */
  framework: z.string().min(1),
  environment: z.strictObject({
    background: colour,
    fog: z.strictObject({ colour, near: z.number().nonnegative(), far: z.number().positive() }).optional(),
    ambient: z.strictObject({ colour, intensity: z.number().nonnegative() }),
    key: z.strictObject({ colour, intensity: z.number().nonnegative(), position: vec3 }).optional(),
  }),
  /** Where the student stands (seated/standing origin), metres. */
  spawn: vec3.default([0, 0, 0]),
  entities: z.array(entitySchema).min(1),
  stations: z.array(stationSchema).min(1),
})

export type SceneManifest = z.infer<typeof manifestSchema>
export type SceneEntity = z.infer<typeof entitySchema>
export type Station = z.infer<typeof stationSchema>
export type TaskDefinition = z.infer<typeof taskSchema>

/** Ids of entities a task refers to, for the reference check. */
function taskEntityIds(task: TaskDefinition): string[] {
  return [...task.zones.map((z) => z.entity), ...task.items.map((i) => i.entity)]
}

/**
 * Validates a scene manifest, including what a schema cannot see: unique ids,
 * task references to existing entities, answers that name real zones, and,
 * when the framework's competency IRIs are given, competencies that exist.
 */
export function parseManifest(input: unknown, knownCompetencies?: ReadonlySet<string>): ParseResult<SceneManifest> {
  const parsed = manifestSchema.safeParse(input)
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) }
  }
  const manifest = parsed.data
  const errors: string[] = []
  const entityIds = new Set(manifest.entities.map((e) => e.id))
  if (entityIds.size !== manifest.entities.length) errors.push('entities: ids must be unique')
  if (new Set(manifest.stations.map((s) => s.id)).size !== manifest.stations.length) errors.push('stations: ids must be unique')
  manifest.stations.forEach((station, s) => {
    const task = station.task
    for (const id of taskEntityIds(task)) {
      if (!entityIds.has(id)) errors.push(`stations.${s}.task: entity "${id}" is not in entities`)
    }
    const zoneIds = new Set(task.zones.map((z) => z.id))
    if (zoneIds.size !== task.zones.length) errors.push(`stations.${s}.task.zones: ids must be unique`)
    if (new Set(task.items.map((i) => i.id)).size !== task.items.length) errors.push(`stations.${s}.task.items: ids must be unique`)
    task.items.forEach((item, i) => {
      if (!zoneIds.has(item.zone)) errors.push(`stations.${s}.task.items.${i}.zone: "${item.zone}" is not a zone of this task`)
    })
    task.competencies.forEach((c, i) => {
      if (knownCompetencies && !knownCompetencies.has(c)) errors.push(`stations.${s}.task.competencies.${i}: "${c}" is not in the framework`)
    })
  })
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: manifest }
}
