/**
 * xAPI statement validation for the LRS, by the text of the specification:
 * xAPI 1.0.3 (adlnet/xAPI-Spec, Part Two "Data", Part Three "Communication")
 * and IEEE 9274.1.1 (xAPI 2.0). Pure: no I/O, no clock.
 *
 * - Every property of every defined object is checked; unknown properties,
 *   nulls (outside extensions), wrong types and malformed formats are rejected.
 * - On success the result holds a fresh copy of the statement with
 *   `contextActivities` values normalised to arrays (1.0.3 §2.4.6.2.s4.b3).
 * - On failure the error names the property path, e.g. `actor.mbox`, and the
 *   message starts with it: `actor.mbox: must be a mailto IRI (…)`.
 * - Never throws, whatever the input (cyclic objects inside extensions are
 *   reported as errors too).
 */
import type { Context, Statement } from './types.js'
import { Invalid, walkStatement, type ValidationError, type XapiVersion } from './validate/statement.js'

export type { ValidationError, XapiVersion } from './validate/statement.js'
export { INTERACTION_TYPES, SIGNATURE_USAGE_TYPE, VOIDED_VERB } from './validate/statement.js'
export {
  isDuration,
  isIri,
  isIrl,
  isLanguageTag,
  isMailtoIri,
  isMediaType,
  isSha1Hex,
  isSha2Hex,
  isUri,
  isUuid,
  parseTimestamp,
  timestampInstant,
} from './validate/formats.js'

export interface ValidateOptions {
  /** The xAPI version the request was made under (its `X-Experience-API-Version`, major.minor). */
  readonly version: XapiVersion
}

/** xAPI 2.0 context agent (IEEE 9274.1.1): an Agent with the kinds of its relation to the statement. */
export interface ContextAgent {
  readonly objectType: 'contextAgent'
  readonly agent: NonNullable<Context['instructor']>
  readonly relevantTypes?: readonly string[]
}

/** xAPI 2.0 context group (IEEE 9274.1.1). */
export interface ContextGroup {
  readonly objectType: 'contextGroup'
  readonly group: NonNullable<Context['team']>
  readonly relevantTypes?: readonly string[]
}

/** A context as accepted under 2.0 (1.0.x context is the same without the two lists). */
export interface ValidatedContext extends Context {
  readonly contextAgents?: readonly ContextAgent[]
  readonly contextGroups?: readonly ContextGroup[]
}

/**
 * A statement as received and validated. Unlike {@link Statement}, `id` and
 * `timestamp` may be missing: the LRS assigns them (1.0.3 §2.4.1.s2.b1, §2.4.7.s3.b2).
 */
export type ValidatedStatement = Omit<Statement, 'id' | 'timestamp' | 'context'> & {
  readonly id?: string
  readonly timestamp?: string
  readonly context?: ValidatedContext
}

export type StatementValidation =
  | { readonly ok: true; readonly statement: ValidatedStatement }
  | { readonly ok: false; readonly error: ValidationError }

export type BatchValidation =
  | {
      readonly ok: true
      readonly statements: readonly ValidatedStatement[]
      /** True when the input was an array (a POST batch), false for a single statement. */
      readonly batch: boolean
    }
  | { readonly ok: false; readonly error: ValidationError }

function toError(property: string, reason: string): ValidationError {
  return { property, message: property === '' ? reason : `${property}: ${reason}` }
}

function run(input: unknown, version: XapiVersion, path: string): StatementValidation {
  try {
    return { ok: true, statement: walkStatement(input, version, path) as unknown as ValidatedStatement }
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, error: toError(e.property, e.reason) }
    // Hostile input (a throwing getter, a proxy, stack exhaustion): still a clean 400.
    return { ok: false, error: toError(path, 'could not be read as a JSON statement') }
  }
}

function checkVersion(options: ValidateOptions | undefined): ValidationError | null {
  if (options === undefined || (options.version !== '1.0' && options.version !== '2.0')) {
    return toError('', 'unsupported xAPI version (expected "1.0" or "2.0")')
  }
  return null
}

/** Validates one statement (a PUT body, or one element of a batch). */
export function validateStatement(input: unknown, options: ValidateOptions): StatementValidation {
  const bad = checkVersion(options)
  if (bad) return { ok: false, error: bad }
  if (Array.isArray(input)) return { ok: false, error: toError('', 'must be a single statement (a JSON object), not an array') }
  return run(input, options.version, '')
}

/**
 * Validates a POST body: a single statement or an array of them. A batch is
 * all or nothing (Communication §3.2.s3.b9): the first invalid statement
 * rejects it, and its index leads the path (`[3].actor.mbox`). The same id
 * twice in one batch is rejected (UUIDs compare case-insensitively).
 */
export function validateStatements(input: unknown, options: ValidateOptions): BatchValidation {
  const bad = checkVersion(options)
  if (bad) return { ok: false, error: bad }
  if (!Array.isArray(input)) {
    const one = run(input, options.version, '')
    return one.ok ? { ok: true, statements: [one.statement], batch: false } : one
  }
  const statements: ValidatedStatement[] = []
  const seen = new Map<string, number>()
  for (let i = 0; i < input.length; i++) {
    const one = run(input[i], options.version, `[${i}]`)
    if (!one.ok) return one
    const id = one.statement.id
    if (id !== undefined) {
      const key = id.toLowerCase()
      const first = seen.get(key)
      if (first !== undefined) {
        return { ok: false, error: toError(`[${i}].id`, `repeats the id of statement [${first}] in the same batch`) }
      }
      seen.set(key, i)
    }
    statements.push(one.statement)
  }
  return { ok: true, statements, batch: true }
}
