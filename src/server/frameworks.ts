import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { parseFramework, type Competency, type Framework } from '../core/competency/framework.js'

export class FrameworkLoadError extends Error {}

export interface LoadedFrameworks {
  readonly frameworks: readonly { readonly scene: string; readonly framework: Framework }[]
  /** Every competency of every framework, in scene order then item order. */
  readonly competencies: readonly Competency[]
}

/** Loads and validates every `<scenesDir>/<scene>/framework.json`. Throws with every problem listed. */
export function loadFrameworks(scenesDir: string): LoadedFrameworks {
  if (!existsSync(scenesDir)) return { frameworks: [], competencies: [] }
  const frameworks: { scene: string; framework: Framework }[] = []
  const problems: string[] = []
  for (const scene of readdirSync(scenesDir).sort()) {
    const file = join(scenesDir, scene, 'framework.json')
    if (!statSync(join(scenesDir, scene)).isDirectory() || !existsSync(file)) continue
    let json: unknown
    try {
      json = JSON.parse(readFileSync(file, 'utf8'))
    } catch (error) {
      problems.push(`${file}: not valid JSON (${(error as Error).message})`)
      continue
    }
    const parsed = parseFramework(json)
    if (!parsed.ok) problems.push(...parsed.errors.map((e) => `${file}: ${e}`))
    else frameworks.push({ scene, framework: parsed.value })
  }
  const competencies: Competency[] = []
  const seen = new Set<string>()
  for (const { scene, framework } of frameworks) {
    for (const competency of framework.competencies) {
      if (seen.has(competency.id)) problems.push(`${scene}/framework.json: competency ${competency.id} is also defined by another scene`)
      seen.add(competency.id)
      competencies.push(competency)
    }
  }
  if (problems.length > 0) throw new FrameworkLoadError(`Invalid competency framework(s):\n  ${problems.join('\n  ')}`)
  return { frameworks, competencies }
}
