import { z } from 'zod'
import type { ParseResult } from '../competency/framework.js'
import { estimateTaskSchema } from '../tasks/estimate.js'
import { explainTaskSchema } from '../tasks/explain.js'
import { orderTaskSchema } from '../tasks/order.js'
import { slug } from '../tasks/schema.js'
import { selectTaskSchema } from '../tasks/select.js'
import { sortTaskSchema } from '../tasks/sort.js'

/** Entity kinds the world runtime knows how to draw (src/client/world registry). */
// A kind joins this list together with its component in the client's registry,
// which fails to compile until every kind here is drawn.
export const ENTITY_KINDS = [
  // surroundings
  'seafloor',
  'light-shafts',
  'marine-snow',
  'starfield',
  'sun',
  'orbit',
  'ground',
  'sky',
  'monument',
  // things a task uses
  'depth-zone',
  'zone',
  'organism',
  'planet',
  'moon',
  'artifact',
  'card',
  'slot',
  'dial',
  'panel',
] as const
export type EntityKind = (typeof ENTITY_KINDS)[number]

const vec3 = z.tuple([z.number(), z.number(), z.number()])
const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a #rrggbb colour')

const entitySchema = z.strictObject({
  id: slug,
  kind: z.enum(ENTITY_KINDS),
  position: vec3,
  rotation: vec3.optional(),
  scale: z.number().positive().optional(),
  label: z.string().min(1).optional(),
  colour: colour.optional(),
  /** Kind-specific drawing properties (sizes, shapes); read by the entity's component. */
  props: z.record(z.string(), z.unknown()).optional(),
})

/** Task kinds: one schema each, discriminated by `kind`; a new kind joins this union. */
const taskSchema = z.discriminatedUnion('kind', [sortTaskSchema, selectTaskSchema, orderTaskSchema, estimateTaskSchema, explainTaskSchema])

const stationSchema = z.strictObject({
  id: slug,
  title: z.string().min(1),
  /** The diagnostic comes first and sets where the student starts; it has no prerequisites. */
  role: z.enum(['diagnostic', 'station']).default('station'),
  /** Competency IRIs that must be proficient before the station opens. */
  requires: z.array(z.url()).default([]),
  /** Where the student stands for this station, metres; its entities are placed relative to it. */
  anchor: vec3.default([0, 0, 0]),
  /** Entities shown while the station is the current one. */
  entities: z.array(entitySchema).default([]),
  /** The core task. */
  task: taskSchema,
  /** The stretch (transfer) task offered once the core competencies are proficient. */
  stretch: taskSchema.optional(),
})

const manifestSchema = z.strictObject({
  format: z.literal('fathom.scene/1'),
  id: slug,
  title: z.string().min(1),
  summary: z.string().min(1),
  /** Framework file next to the manifest. */
  framework: z.string().min(1),
  /** Competency IRIs (of any expedition) that must be proficient before this expedition opens in the hub. */
  requires: z.array(z.url()).default([]),
  environment: z.strictObject({
    background: colour,
    fog: z.strictObject({ colour, near: z.number().nonnegative(), far: z.number().positive() }).optional(),
    ambient: z.strictObject({ colour, intensity: z.number().nonnegative() }),
    key: z.strictObject({ colour, intensity: z.number().nonnegative(), position: vec3 }).optional(),
    /** A looping ambient sound made by the app (procedural), never needed to play. */
    ambience: z.enum(['deep-water', 'space-hum', 'desert-wind', 'city-bustle', 'none']).default('none'),
  }),
  /** Where the student first stands (seated/standing origin), metres. */
  spawn: vec3.default([0, 0, 0]),
  /** Surroundings, shown throughout the expedition. */
  entities: z.array(entitySchema).min(1),
  stations: z.array(stationSchema).min(1),
})

export type SceneManifest = z.infer<typeof manifestSchema>
export type SceneEntity = z.infer<typeof entitySchema>
export type Station = z.infer<typeof stationSchema>
export type TaskDefinition = z.infer<typeof taskSchema>
export type TaskKind = TaskDefinition['kind']

/** Ids of the entities a task points at, for the reference check and the world's hit targets. */
export function taskEntityIds(task: TaskDefinition): string[] {
  switch (task.kind) {
    case 'sort':
      return [...task.zones.map((z) => z.entity), ...task.items.map((i) => i.entity)]
    case 'select':
      return task.questions.flatMap((q) => q.options.map((o) => o.entity))
    case 'order':
      return [...task.slots, ...task.items.map((i) => i.entity)]
    case 'estimate':
      return [task.dial]
    case 'explain':
      return []
  }
}

/** Answers a schema cannot check: a sort item's zone must be one of the task's zones. */
function answerProblems(task: TaskDefinition, at: string): string[] {
  if (task.kind !== 'sort') return []
  const zoneIds = new Set(task.zones.map((z) => z.id))
  const problems = zoneIds.size !== task.zones.length ? [`${at}.zones: ids must be unique`] : []
  if (new Set(task.items.map((i) => i.id)).size !== task.items.length) problems.push(`${at}.items: ids must be unique`)
  task.items.forEach((item, i) => {
    if (!zoneIds.has(item.zone)) problems.push(`${at}.items.${i}.zone: "${item.zone}" is not a zone of this task`)
  })
  return problems
}

/**
 * Validates a scene manifest, including what a schema cannot see: unique ids,
 * task references to existing entities, answers that name real zones, tiers
 * (core task, transfer stretch), a diagnostic only first, and, when the
 * framework's competency IRIs are given, competencies that exist.
 */
export function parseManifest(input: unknown, knownCompetencies?: ReadonlySet<string>): ParseResult<SceneManifest> {
  const parsed = manifestSchema.safeParse(input)
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) }
  }
  const manifest = parsed.data
  const errors: string[] = []
  const shared = manifest.entities.map((e) => e.id)
  if (new Set(shared).size !== shared.length) errors.push('entities: ids must be unique')
  if (new Set(manifest.stations.map((s) => s.id)).size !== manifest.stations.length) errors.push('stations: ids must be unique')
  const checkCompetency = (c: string, at: string) => {
    if (knownCompetencies && !knownCompetencies.has(c)) errors.push(`${at}: "${c}" is not in the framework`)
  }
  manifest.stations.forEach((station, s) => {
    const own = station.entities.map((e) => e.id)
    const visible = new Set([...shared, ...own])
    if (visible.size !== shared.length + own.length) errors.push(`stations.${s}.entities: ids must be unique and differ from the surroundings'`)
    if (station.role === 'diagnostic' && s !== 0) errors.push(`stations.${s}.role: the diagnostic must be the first station`)
    if (station.role === 'diagnostic' && station.requires.length > 0) errors.push(`stations.${s}.requires: the diagnostic has no prerequisites`)
    station.requires.forEach((c, i) => checkCompetency(c, `stations.${s}.requires.${i}`))
    const tasks: [string, TaskDefinition, 'core' | 'transfer'][] = [[`stations.${s}.task`, station.task, 'core']]
    if (station.stretch) tasks.push([`stations.${s}.stretch`, station.stretch, 'transfer'])
    for (const [at, task, tier] of tasks) {
      if (task.tier !== tier) errors.push(`${at}.tier: must be "${tier}"`)
      for (const id of taskEntityIds(task)) {
        if (!visible.has(id)) errors.push(`${at}: entity "${id}" is not in entities`)
      }
      errors.push(...answerProblems(task, at))
      task.competencies.forEach((c, i) => checkCompetency(c, `${at}.competencies.${i}`))
    }
  })
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: manifest }
}
