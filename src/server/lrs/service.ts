import { randomUUID } from 'node:crypto'
import { VERB } from '../../core/xapi/vocabulary.js'
import type { Statement } from '../../core/xapi/types.js'
import type { NewStatementRow, StatementQuery, StatementRow, Store } from '../db/store.js'
import { actorKey, studentIdOfActor } from './agents.js'
import { sameStatement } from './compare.js'
import { isObject, validateStatement, type XapiVersion } from './validate.js'

/** Who is calling the LRS, after authentication. */
export type LrsPrincipal =
  | { readonly kind: 'credential'; readonly key: string; readonly studentId: string | null; readonly scopes: readonly string[] }
  | { readonly kind: 'teacher'; readonly teacherId: string; readonly studentIds: readonly string[] }

export class LrsError extends Error {
  constructor(readonly statusCode: number, readonly code: string, message: string) {
    super(message)
  }
}

export interface LrsDeps {
  readonly store: Store
  readonly now: () => Date
  /** The account home page students are identified by. */
  readonly homePage: () => string
}

type Json = Record<string, unknown>

/** Normalises what the spec lets a client write two ways (single activity vs array in contextActivities). */
function normalize(statement: Json): Json {
  const context = statement.context
  if (!isObject(context) || !isObject(context.contextActivities)) return statement
  const contextActivities: Json = {}
  for (const [k, v] of Object.entries(context.contextActivities)) contextActivities[k] = Array.isArray(v) ? v : [v]
  return { ...statement, context: { ...context, contextActivities } }
}

export function authorityOf(principal: LrsPrincipal, homePage: string): Json {
  const name = principal.kind === 'credential' ? principal.key : principal.teacherId
  return { objectType: 'Agent', name: 'Fathom', account: { homePage, name } }
}

export function canWrite(principal: LrsPrincipal): boolean {
  return principal.kind === 'credential' && (principal.scopes.includes('all') || principal.scopes.includes('statements/write'))
}

/**
 * Validates and stores statements atomically. Returns the ids in request order.
 * Throws LrsError (400 invalid, 403 not the caller's student, 409 conflict).
 */
export async function storeStatements(
  deps: LrsDeps,
  principal: LrsPrincipal,
  version: XapiVersion,
  input: readonly unknown[],
  label: (index: number) => string,
): Promise<string[]> {
  if (!canWrite(principal)) throw new LrsError(403, 'forbidden', 'These credentials cannot write statements')
  if (input.length === 0) throw new LrsError(400, 'bad_request', 'statements: the batch is empty')
  const homePage = deps.homePage()
  const stored = deps.now().toISOString()
  const authority = authorityOf(principal, homePage)
  const seen = new Set<string>()
  const incoming = new Map<string, Json>()
  const rows: NewStatementRow[] = []
  const ids: string[] = []
  input.forEach((raw, index) => {
    const problem = validateStatement(raw, version, label(index))
    if (problem) throw new LrsError(400, 'bad_request', problem)
    const statement = normalize(raw as Json)
    const studentId = studentIdOfActor(statement.actor, homePage) ?? null
    if (principal.kind === 'credential' && principal.studentId !== null && studentId !== principal.studentId) {
      throw new LrsError(403, 'forbidden', `${label(index)}.actor: these credentials may only write statements about their own student`)
    }
    const id = typeof statement.id === 'string' ? statement.id.toLowerCase() : randomUUID()
    if (seen.has(id)) throw new LrsError(400, 'bad_request', `${label(index)}.id: the batch contains the id ${id} more than once`)
    seen.add(id)
    const { stored: _s, authority: _a, version: _v, ...content } = statement
    void _s, void _a, void _v
    incoming.set(id, { ...content, id })
    const body: Json = {
      ...content,
      id,
      timestamp: typeof statement.timestamp === 'string' ? statement.timestamp : stored,
      stored,
      authority,
      version: typeof statement.version === 'string' ? statement.version : version === '2.0' ? '2.0.0' : '1.0.0',
    }
    const object = statement.object as Json
    const isActivity = object.objectType === undefined || object.objectType === 'Activity'
    const verbId = (statement.verb as Json).id as string
    const context = statement.context
    rows.push({
      id,
      studentId,
      actorKey: actorKey(statement.actor) ?? null,
      verbId,
      activityId: isActivity ? (object.id as string) : null,
      registration: isObject(context) && typeof context.registration === 'string' ? context.registration.toLowerCase() : null,
      voidsId: verbId === VERB.voided ? String(object.id).toLowerCase() : null,
      stored,
      body: JSON.stringify(body),
    })
    ids.push(id)
  })
  const outcome = await deps.store.insertStatements(rows, (storedBody, row) => sameStatement(JSON.parse(storedBody), incoming.get(row.id)))
  if (!outcome.ok) {
    throw new LrsError(409, 'conflict', `statement ${outcome.conflictId} is already stored with different content`)
  }
  return ids
}

export function parseStored(row: StatementRow): Statement {
  return JSON.parse(row.body) as Statement
}

/** Whether the principal may read this stored statement. */
export function canRead(principal: LrsPrincipal, row: StatementRow): boolean {
  if (principal.kind === 'teacher') return row.studentId !== null && principal.studentIds.includes(row.studentId)
  if (principal.scopes.includes('all')) return true
  return principal.studentId !== null && row.studentId === principal.studentId
}

/** The student restriction a principal's reads run under (undefined = all). */
export function readScope(principal: LrsPrincipal): readonly string[] | undefined {
  if (principal.kind === 'teacher') return principal.studentIds
  if (principal.scopes.includes('all')) return undefined
  return principal.studentId === null ? [] : [principal.studentId]
}

export async function queryStatements(deps: LrsDeps, query: StatementQuery): Promise<{ rows: StatementRow[]; more: boolean }> {
  const rows = await deps.store.queryStatements({ ...query, limit: query.limit + 1 })
  return { rows: rows.slice(0, query.limit), more: rows.length > query.limit }
}
