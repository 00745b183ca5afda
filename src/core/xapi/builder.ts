import type {
  Activity,
  ActivityDefinition,
  Agent,
  Context,
  Extensions,
  Result,
  Statement,
} from './types.js'
import { ACTIVITY_TYPE, EXTENSION, VERB_DISPLAY, type VerbId } from './vocabulary.js'

/** Where ids and time come from: passed in so core stays pure and tests stay exact. */
export interface StatementEnvironment {
  /** Returns a fresh UUID (crypto.randomUUID in the app, a counter in tests). */
  readonly newId: () => string
  /** Returns the current time as an ISO 8601 string. */
  readonly now: () => string
}

/** The fixed facts about who is acting, where and how. */
export interface LearnerContext {
  readonly actor: Agent
  readonly modality: 'vr' | 'desktop'
  /** Base IRI for this deployment's activities, e.g. `https://school.example/activities`. */
  readonly activityBase: string
  /** xAPI registration (one expedition run), a UUID. */
  readonly registration?: string
}

/** A student as an xAPI account agent: pseudonymous, never an mbox. */
export function studentAgent(homePage: string, studentId: string): Agent {
  return { objectType: 'Agent', account: { homePage, name: studentId } }
}

/** Builds an activity object with an English name. */
export function activity(
  id: string,
  type: string,
  name?: string,
  more: Omit<ActivityDefinition, 'type' | 'name'> = {},
): Activity {
  return {
    objectType: 'Activity',
    id,
    definition: { type, ...(name === undefined ? {} : { name: { en: name } }), ...more },
  }
}

export interface StatementParts {
  readonly verb: VerbId
  readonly object: Activity
  readonly result?: Result
  readonly parent?: Activity
  readonly competencies?: readonly string[]
  readonly extensions?: Extensions
}

/**
 * Builds a statement for the learner with an id made now, on the device.
 * Competencies are named both in Fathom's extension (for evidence) and as
 * `objective` activities in `contextActivities.other` (for any LRS viewer).
 */
export function buildStatement(
  env: StatementEnvironment,
  learner: LearnerContext,
  parts: StatementParts,
): Statement {
  const competencies = parts.competencies ?? []
  const contextActivities: NonNullable<Context['contextActivities']> = {
    ...(parts.parent ? { parent: [parts.parent] } : {}),
    ...(competencies.length > 0
      ? { other: competencies.map((id) => ({ objectType: 'Activity' as const, id, definition: { type: ACTIVITY_TYPE.objective } })) }
      : {}),
  }
  const context: Context = {
    ...(learner.registration ? { registration: learner.registration } : {}),
    ...(Object.keys(contextActivities).length > 0 ? { contextActivities } : {}),
    platform: 'Fathom',
    language: 'en',
    extensions: {
      [EXTENSION.modality]: learner.modality,
      ...(competencies.length > 0 ? { [EXTENSION.competencies]: [...competencies] } : {}),
      ...parts.extensions,
    },
  }
  return {
    id: env.newId(),
    actor: learner.actor,
    verb: { id: parts.verb, display: { en: VERB_DISPLAY[parts.verb] ?? parts.verb } },
    object: parts.object,
    ...(parts.result ? { result: parts.result } : {}),
    context,
    timestamp: env.now(),
  }
}
