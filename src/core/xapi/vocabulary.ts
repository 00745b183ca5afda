/**
 * Fathom's xAPI vocabulary, in one place. ADL IRIs are reused where they exist;
 * the project's own verbs and extensions live under {@link FATHOM_BASE}.
 * The same vocabulary is published as an xAPI Profile in `profile/fathom.jsonld`.
 */

/** Base IRI of every term Fathom defines itself. */
export const FATHOM_BASE = 'https://fathom.education/xapi' as const

const adlVerb = (name: string) => `http://adlnet.gov/expapi/verbs/${name}` as const
const fathomVerb = (name: string) => `${FATHOM_BASE}/verbs/${name}` as const

export const VERB = {
  attempted: adlVerb('attempted'),
  answered: adlVerb('answered'),
  completed: adlVerb('completed'),
  passed: adlVerb('passed'),
  failed: adlVerb('failed'),
  experienced: adlVerb('experienced'),
  interacted: adlVerb('interacted'),
  mastered: adlVerb('mastered'),
  progressed: adlVerb('progressed'),
  voided: adlVerb('voided'),
  /** The student picked an item up (controller grip/trigger, mouse, touch). */
  grabbed: fathomVerb('grabbed'),
  /** The student asked for help; the attempt it belongs to counts as incorrect. */
  requestedHint: fathomVerb('requested-hint'),
  /** A teacher set a student's level on a competency by hand, with a note. */
  overrodeLevel: fathomVerb('overrode-level'),
  /** A teacher opened a station to a student ahead of the mastery rule. The object is the student. */
  unlocked: fathomVerb('unlocked'),
  /** The student was offered the stretch (transfer) task after showing mastery. */
  offeredStretch: fathomVerb('offered-stretch'),
} as const

export type VerbId = (typeof VERB)[keyof typeof VERB]

/** English display names, so statements read well in any LRS viewer. */
export const VERB_DISPLAY: Readonly<Record<VerbId, string>> = {
  [VERB.attempted]: 'attempted',
  [VERB.answered]: 'answered',
  [VERB.completed]: 'completed',
  [VERB.passed]: 'passed',
  [VERB.failed]: 'failed',
  [VERB.experienced]: 'experienced',
  [VERB.interacted]: 'interacted',
  [VERB.mastered]: 'mastered',
  [VERB.progressed]: 'progressed',
  [VERB.voided]: 'voided',
  [VERB.grabbed]: 'grabbed',
  [VERB.requestedHint]: 'requested a hint on',
  [VERB.overrodeLevel]: 'overrode the level of',
  [VERB.unlocked]: 'unlocked a station for',
  [VERB.offeredStretch]: 'was offered a stretch task on',
}

const adlActivity = (name: string) => `http://adlnet.gov/expapi/activities/${name}` as const

export const ACTIVITY_TYPE = {
  /** An expedition as a whole (ocean, cosmos, eras). */
  course: adlActivity('course'),
  /** A station's task: the thing a student attempts and completes. */
  assessment: adlActivity('assessment'),
  /** One judged response within a task (an item placed in a zone). */
  interaction: adlActivity('cmi.interaction'),
  /** A competency, as an activity a statement can name in its context. */
  objective: adlActivity('objective'),
} as const

const ext = (name: string) => `${FATHOM_BASE}/extensions/${name}` as const

/** Context and result extensions. Values are JSON; their shapes are documented here. */
export const EXTENSION = {
  /** context: string[] — IRIs of the competencies this statement gives evidence for. */
  competencies: ext('competencies'),
  /** context: 'core' | 'transfer' — the task tier (transfer = stretch). */
  tier: ext('tier'),
  /** context: 'vr' | 'desktop' — how the student interacted. */
  modality: ext('modality'),
  /** result: number — hints used within this attempt before the response. */
  hintsUsed: ext('hints-used'),
  /** result: number — 1-based attempt number at this item within the task. */
  attempt: ext('attempt'),
  /** context: string — the expedition id (e.g. 'ocean'). */
  expedition: ext('expedition'),
  /** context: string — the station id within the expedition. */
  station: ext('station'),
  /** result: string — the support step given ('nudge' | 'worked-hint' | 'scaffold'). */
  supportStep: ext('support-step'),
  /** result: string — the response in words ("Midnight zone", "Mercury, Venus, …", "101 atm"). */
  responseLabel: ext('response-label'),
  /** context: 'sort' | 'select' | 'order' | 'estimate' | 'explain' — the task kind. */
  taskKind: ext('task-kind'),
  /** result: Level — the level a teacher set by hand (with verb overrodeLevel). */
  level: ext('level'),
} as const

export type ExtensionId = (typeof EXTENSION)[keyof typeof EXTENSION]

/**
 * Base IRI of Fathom's activities (expeditions, stations, items). The same in
 * every deployment, so evidence from two schools names the same activities.
 */
export const FATHOM_ACTIVITIES = 'https://fathom.education/activities' as const
