import {
  parseFramework,
  parseManifest,
  type Competency,
  type Framework,
  type SceneManifest,
  type SortTask,
  type Station,
  type TaskPlace,
} from '../../core/index.js'

/** A validated expedition, ready to render: its scene, framework and the station shown first. */
export interface Expedition {
  readonly manifest: SceneManifest
  readonly framework: Framework
  readonly station: Station
  readonly task: SortTask
  /** The competencies the station's task gives evidence for, in task order. */
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
  const station = manifest.value.stations[0]!
  const task = station.task
  // The app runs sort stations so far; other kinds validate but are not drawn yet.
  if (task.kind !== 'sort') throw new ExpeditionLoadError([`manifest: station "${station.id}" is a ${task.kind} task, which this app cannot run yet`])
  const competencies = task.competencies.map((id) => framework.value.competencies.find((c) => c.id === id)!)
  return {
    manifest: manifest.value,
    framework: framework.value,
    station,
    task,
    competencies,
    place: { expedition: manifest.value.id, station: station.id, title: station.title, tier: task.tier, competencies: task.competencies },
  }
}

/** Loads the ocean expedition as its own chunk and validates it. */
export async function loadExpedition(): Promise<Expedition> {
  const { raw } = await import('./expeditions/ocean.js')
  return validateExpedition(raw.manifest, raw.framework)
}
