import {
  parseFramework,
  parseManifest,
  type Competency,
  type Framework,
  type SceneManifest,
  type Station,
  type TaskDefinition,
  type TaskPlace,
  type Tier,
} from '../../core/index.js'

/** The expeditions the app offers, in hub order. Each one's data is its own lazy chunk. */
export const EXPEDITION_IDS = ['ocean', 'cosmos', 'eras'] as const
export type ExpeditionId = (typeof EXPEDITION_IDS)[number]

type RawExpedition = { readonly raw: { readonly manifest: unknown; readonly framework: unknown } }
const CHUNKS: Readonly<Record<ExpeditionId, () => Promise<RawExpedition>>> = {
  ocean: () => import('./expeditions/ocean.js'),
  cosmos: () => import('./expeditions/cosmos.js'),
  eras: () => import('./expeditions/eras.js'),
}

/** A validated expedition: its scene and its framework. */
export interface Expedition {
  readonly manifest: SceneManifest
  readonly framework: Framework
  /** Every competency of the framework, in framework order. */
  readonly competencies: readonly Competency[]
}

/** One station's task at one tier, ready to run. */
export interface StationRun {
  readonly station: Station
  readonly tier: Tier
  readonly task: TaskDefinition
  /** The competencies the task gives evidence for, in task order. */
  readonly competencies: readonly Competency[]
  readonly place: TaskPlace
}

export class ExpeditionLoadError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The expedition data is invalid:\n${problems.join('\n')}`)
    this.name = 'ExpeditionLoadError'
  }
}

/** Validates raw manifest and framework JSON with the core parsers. */
export function validateExpedition(rawManifest: unknown, rawFramework: unknown): Expedition {
  const framework = parseFramework(rawFramework)
  if (!framework.ok) throw new ExpeditionLoadError(framework.errors.map((e) => `framework: ${e}`))
  const known = new Set(framework.value.competencies.map((c) => c.id))
  const manifest = parseManifest(rawManifest, known)
  if (!manifest.ok) throw new ExpeditionLoadError(manifest.errors.map((e) => `manifest: ${e}`))
  return { manifest: manifest.value, framework: framework.value, competencies: framework.value.competencies }
}

/** The station's task at a tier; the core task when the station has no stretch. */
export function stationRun(expedition: Expedition, stationId: string, tier: Tier = 'core'): StationRun {
  const station = expedition.manifest.stations.find((s) => s.id === stationId) ?? expedition.manifest.stations[0]!
  const task = tier === 'transfer' && station.stretch ? station.stretch : station.task
  const competencies = task.competencies.map((id) => expedition.competencies.find((c) => c.id === id)!)
  return {
    station,
    tier: task.tier,
    task,
    competencies,
    place: { expedition: expedition.manifest.id, station: station.id, title: station.title, tier: task.tier, competencies: task.competencies, kind: task.kind },
  }
}

const loaded = new Map<ExpeditionId, Promise<Expedition>>()

/** Loads one expedition as its own chunk and validates it (once per page). */
export function loadExpedition(id: ExpeditionId = 'ocean'): Promise<Expedition> {
  let promise = loaded.get(id)
  if (!promise) {
    promise = CHUNKS[id]().then(({ raw }) => validateExpedition(raw.manifest, raw.framework))
    loaded.set(id, promise)
    promise.catch(() => loaded.delete(id))
  }
  return promise
}

export function isExpeditionId(value: unknown): value is ExpeditionId {
  return typeof value === 'string' && (EXPEDITION_IDS as readonly string[]).includes(value)
}
