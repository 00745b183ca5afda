/**
 * The evidence projection: for each stored statement that can matter to
 * evidence, a small JSON array holding exactly the fields core
 * `deriveEvidence` (src/core/evidence/derive.ts) reads, written by both stores
 * in the same transaction as the statement (table `statement_evidence`), so
 * the competency grid reads a few hundred bytes a statement instead of full
 * bodies. The grid (workspace/grid.ts) rebuilds minimal statements from these
 * and hands them to deriveEvidence, which stays the only place the rule lives.
 *
 * Which statements are projected (the others cannot change a record):
 * - `answered` with a boolean `result.success` and an array in the Fathom
 *   competencies extension (deriveEvidence skips every other answer);
 * - a teacher's `overrode-level` with an array of competencies, and `unlocked`;
 * - not voided ones: a voided statement has no row (a void arriving after its
 *   target deletes the target's row; a target arriving after its void is
 *   stored voided and gets none). Voiding statements themselves need no row:
 *   their only effect, leaving their target out, is the store's voided flag.
 *
 * Every value is copied as it is in the statement (JSON in, JSON out; absent
 * stays absent), never interpreted, so deriveEvidence sees the same values at
 * the same paths as in the full statement.
 */
import { EXTENSION, VERB } from '../../core/xapi/vocabulary.js'

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

/** Verbs whose statements may be projected, by their code in the tuple; the stores skip parsing bodies of every other verb. */
export const PROJECTED_VERB_LIST = [VERB.answered, VERB.overrodeLevel, VERB.unlocked] as const
export const PROJECTED_VERBS: ReadonlySet<string> = new Set(PROJECTED_VERB_LIST)

/**
 * The projection tuple, in this order. `null` stands for an absent value
 * (deriveEvidence reads absent and null alike: typeof checks, `??`, isLevel,
 * Array.isArray).
 */
export type EvidenceTuple = [
  id: string,
  timestamp: string,
  /** Index of the verb id in PROJECTED_VERB_LIST. */
  verb: number,
  actorObjectType: unknown,
  /** 1 when the actor has an `account` object with a `name`, else 0 (the rebuilt actor then has no account). */
  hasActorAccount: 0 | 1,
  actorAccountName: unknown,
  objectObjectType: unknown,
  hasObjectAccount: 0 | 1,
  objectAccountName: unknown,
  success: unknown,
  response: unknown,
  hintsUsed: unknown,
  level: unknown,
  competencies: unknown,
  tier: unknown,
]

const orNull = (value: unknown): unknown => (value === undefined ? null : value)

/**
 * JSON text of the projection of a final (stored) statement, or null when the
 * statement cannot matter to evidence. `statement` is the parsed body.
 */
export function evidenceProjection(statement: unknown): string | null {
  if (!isObject(statement)) return null
  const verb = statement.verb
  const verbId = isObject(verb) ? verb.id : undefined
  if (typeof verbId !== 'string' || !PROJECTED_VERBS.has(verbId)) return null
  const result = isObject(statement.result) ? statement.result : undefined
  const context = isObject(statement.context) ? statement.context : undefined
  const cext = context && isObject(context.extensions) ? context.extensions : undefined
  const rext = result && isObject(result.extensions) ? result.extensions : undefined
  const competencies = cext?.[EXTENSION.competencies]
  if (verbId !== VERB.unlocked && !Array.isArray(competencies)) return null
  if (verbId === VERB.answered && typeof result?.success !== 'boolean') return null
  const actor = isObject(statement.actor) ? statement.actor : {}
  const object = isObject(statement.object) ? statement.object : {}
  // studentOf reads `account.name` only when `account` is there and truthy; without a name it gives undefined, as without an account.
  const actorAccount = isObject(actor.account) && actor.account.name !== undefined ? actor.account : undefined
  const objectAccount = isObject(object.account) && object.account.name !== undefined ? object.account : undefined
  const tuple: EvidenceTuple = [
    String(statement.id),
    String(statement.timestamp),
    PROJECTED_VERB_LIST.indexOf(verbId as (typeof PROJECTED_VERB_LIST)[number]),
    orNull(actor.objectType),
    actorAccount ? 1 : 0,
    actorAccount ? actorAccount.name : null,
    orNull(object.objectType),
    objectAccount ? 1 : 0,
    objectAccount ? objectAccount.name : null,
    orNull(result?.success),
    orNull(result?.response),
    orNull(rext?.[EXTENSION.hintsUsed]),
    orNull(rext?.[EXTENSION.level]),
    orNull(competencies),
    orNull(cext?.[EXTENSION.tier]),
  ]
  return JSON.stringify(tuple)
}

/** The projection of a statement given as JSON text (parsed only for the projected verbs). */
export function evidenceProjectionOfBody(verbId: string, body: string): string | null {
  if (!PROJECTED_VERBS.has(verbId)) return null
  return evidenceProjection(JSON.parse(body))
}

/**
 * The sort key stored beside a projection: `Date.parse(timestamp)`, the
 * instant core orders statements by (null when it does not parse). Reading
 * rows in this order leaves core's own sort a single linear pass.
 */
export function evidenceInstant(fact: string): number | null {
  // The timestamp is the tuple's second string: `["<id>","<timestamp>",…`.
  const start = fact.indexOf('","') + 3
  const t = Date.parse(fact.slice(start, fact.indexOf('"', start)))
  return Number.isNaN(t) ? null : t
}
