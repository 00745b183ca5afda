/**
 * xAPI statement types, covering what Fathom writes and reads (1.0.3 and 2.0.0).
 * The server's validator (src/server/lrs) checks every property by the
 * specification; these types describe well-formed statements.
 */

/** A language map, e.g. `{ "en-US": "answered" }`. */
export type LanguageMap = Readonly<Record<string, string>>

/** Extensions: IRI keys, any JSON value. */
export type Extensions = Readonly<Record<string, unknown>>

export interface Account {
  readonly homePage: string
  readonly name: string
}

/** An Agent identified by exactly one inverse functional identifier. */
export interface Agent {
  readonly objectType?: 'Agent'
  readonly name?: string
  readonly mbox?: string
  readonly mbox_sha1sum?: string
  readonly openid?: string
  readonly account?: Account
}

export interface Group {
  readonly objectType: 'Group'
  readonly name?: string
  readonly member?: readonly Agent[]
  readonly mbox?: string
  readonly mbox_sha1sum?: string
  readonly openid?: string
  readonly account?: Account
}

export type Actor = Agent | Group

export interface Verb {
  readonly id: string
  readonly display?: LanguageMap
}

export type InteractionType =
  | 'true-false'
  | 'choice'
  | 'fill-in'
  | 'long-fill-in'
  | 'matching'
  | 'performance'
  | 'sequencing'
  | 'likert'
  | 'numeric'
  | 'other'

export interface InteractionComponent {
  readonly id: string
  readonly description?: LanguageMap
}

export interface ActivityDefinition {
  readonly name?: LanguageMap
  readonly description?: LanguageMap
  readonly type?: string
  readonly moreInfo?: string
  readonly interactionType?: InteractionType
  readonly correctResponsesPattern?: readonly string[]
  readonly choices?: readonly InteractionComponent[]
  readonly scale?: readonly InteractionComponent[]
  readonly source?: readonly InteractionComponent[]
  readonly target?: readonly InteractionComponent[]
  readonly steps?: readonly InteractionComponent[]
  readonly extensions?: Extensions
}

export interface Activity {
  readonly objectType?: 'Activity'
  readonly id: string
  readonly definition?: ActivityDefinition
}

export interface StatementRef {
  readonly objectType: 'StatementRef'
  readonly id: string
}

export interface SubStatement {
  readonly objectType: 'SubStatement'
  readonly actor: Actor
  readonly verb: Verb
  readonly object: Activity | Agent | Group | StatementRef
  readonly result?: Result
  readonly context?: Context
  readonly timestamp?: string
  readonly attachments?: readonly Attachment[]
}

export type StatementObject = Activity | Agent | Group | StatementRef | SubStatement

export interface Score {
  readonly scaled?: number
  readonly raw?: number
  readonly min?: number
  readonly max?: number
}

export interface Result {
  readonly score?: Score
  readonly success?: boolean
  readonly completion?: boolean
  readonly response?: string
  /** ISO 8601 duration, e.g. `PT12.5S`. */
  readonly duration?: string
  readonly extensions?: Extensions
}

export interface ContextActivities {
  readonly parent?: readonly Activity[]
  readonly grouping?: readonly Activity[]
  readonly category?: readonly Activity[]
  readonly other?: readonly Activity[]
}

export interface Context {
  readonly registration?: string
  readonly instructor?: Actor
  readonly team?: Group
  readonly contextActivities?: ContextActivities
  readonly revision?: string
  readonly platform?: string
  readonly language?: string
  readonly statement?: StatementRef
  readonly extensions?: Extensions
}

export interface Attachment {
  readonly usageType: string
  readonly display: LanguageMap
  readonly description?: LanguageMap
  readonly contentType: string
  readonly length: number
  readonly sha2: string
  readonly fileUrl?: string
}

export interface Statement {
  /** A UUID made on the device when the event happens: the idempotency key. */
  readonly id: string
  readonly actor: Actor
  readonly verb: Verb
  readonly object: StatementObject
  readonly result?: Result
  readonly context?: Context
  /** When the event happened (ISO 8601 with time zone). */
  readonly timestamp: string
  /** Set by the LRS. */
  readonly stored?: string
  readonly authority?: Actor
  readonly version?: string
  readonly attachments?: readonly Attachment[]
}

/** True when the object is an Activity (objectType absent or 'Activity'). */
export function isActivity(object: StatementObject): object is Activity {
  return object.objectType === undefined || object.objectType === 'Activity'
}
