import { parseFramework, type Competency } from '../../src/core/competency/framework.js'
import { studentAgent, type LearnerContext, type StatementEnvironment } from '../../src/core/xapi/builder.js'
import { FATHOM_ACTIVITIES } from '../../src/core/xapi/vocabulary.js'
import { readFileSync } from 'node:fs'

/** Ids and time that tests can predict: ids count up, the clock moves a second a call. */
export function fixedEnvironment(startIso = '2026-12-03T09:00:00.000Z'): StatementEnvironment {
  let n = 0
  let t = Date.parse(startIso)
  return {
    newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    now: () => new Date((t += 1000)).toISOString(),
  }
}

export const HOME = 'https://school.example'

export function learner(studentId = 's_alex', modality: 'vr' | 'desktop' = 'vr'): LearnerContext {
  return { actor: studentAgent(HOME, studentId), modality, activityBase: FATHOM_ACTIVITIES }
}

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8'))
}

export function oceanCompetencies(): readonly Competency[] {
  const parsed = parseFramework(readJson('scenes/ocean/framework.json'))
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'))
  return parsed.value.competencies
}
