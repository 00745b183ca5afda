import { randomUUID } from 'node:crypto'
import { activity, buildStatement } from '../../src/core/xapi/builder.js'
import type { Agent, Statement } from '../../src/core/xapi/types.js'
import { ACTIVITY_TYPE, VERB } from '../../src/core/xapi/vocabulary.js'

export const ZONES = 'https://fathom.education/frameworks/test/items/zones'
export const LIGHT = 'https://fathom.education/frameworks/test/items/light'

let tick = 0
/** An `answered` statement giving evidence for the competencies. */
export function answered(actor: Agent, success: boolean, competencies: readonly string[] = [ZONES], at?: string): Statement {
  tick += 1
  return buildStatement(
    { newId: () => randomUUID(), now: () => at ?? new Date(Date.UTC(2026, 11, 3, 9, 0, tick % 60, tick)).toISOString() },
    { actor, modality: 'desktop', activityBase: 'https://school.example/activities' },
    {
      verb: VERB.answered,
      object: activity('https://school.example/activities/ocean/zones/item-1', ACTIVITY_TYPE.interaction, 'Place the anglerfish'),
      result: { success, response: 'midnight' },
      competencies,
    },
  )
}
