/**
 * The xAPI Statement service: validation has happened (core/xapi/validate);
 * this sets the server-owned fields, checks attachments and permissions,
 * stores a batch atomically and answers queries in the requested format.
 */
import { randomUUID } from 'node:crypto'
import { canonicalize, idsFormat, statementsEquivalent } from '../../core/xapi/compare.js'
import type { ValidatedStatement, XapiVersion } from '../../core/xapi/validate.js'
import { SIGNATURE_USAGE_TYPE, VOIDED_VERB } from '../../core/xapi/validate.js'
import type { Statement } from '../../core/xapi/types.js'
import { evidenceProjection } from '../db/evidence.js'
import type { ActivitySeen, AgentSeen, AttachmentRow, NewStatementRow, StatementQuery, StatementRow, Store, Visibility } from '../db/store.js'
import { isTeacherDecision } from '../../core/evidence/derive.js'
import { authorityOf, canDefine, canWriteStatements, forbidden, LrsError, mayActFor, teacherDecisionStudent, type LrsPrincipal } from './access.js'
import { actorKey, studentIdOfActor } from './agents.js'
import { statementFacts } from './index.js'
import { sha2Matches } from './multipart.js'

export { LrsError } from './access.js'
export type { LrsPrincipal } from './access.js'

export interface LrsDeps {
  readonly store: Store
  readonly now: () => Date
  /** The account home page students and credentials are identified by. */
  readonly homePage: () => string
}

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

const bad = (message: string) => new LrsError(400, 'bad_request', message)

function b64urlJson(part: string, what: string): Json {
  if (!/^[A-Za-z0-9_-]*$/.test(part)) throw bad(`${what}: is not base64url`)
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
  } catch {
    throw bad(`${what}: is not base64url-encoded JSON`)
  }
  if (!isObject(value)) throw bad(`${what}: must be a JSON object`)
  return value
}

/**
 * A signed statement (Data §2.6): the signature attachment must be a JWS
 * (compact serialization) with an RS256/384/512 header whose payload is the
 * statement itself (compared like statements, without attachments).
 */
function checkSignature(statement: Json, jws: Buffer, label: string): void {
  const parts = jws.toString('utf8').trim().split('.')
  if (parts.length !== 3 || parts.some((p) => p === '' && parts.indexOf(p) !== 1)) throw bad(`${label}.attachments: the signature is not a JWS compact serialization`)
  const header = b64urlJson(parts[0] ?? '', `${label}.attachments: JWS header`)
  if (!['RS256', 'RS384', 'RS512'].includes(String(header.alg))) throw bad(`${label}.attachments: JWS alg must be RS256, RS384 or RS512`)
  const payload = b64urlJson(parts[1] ?? '', `${label}.attachments: JWS payload`)
  const { attachments: _a, ...withoutAttachments } = statement
  const { attachments: _b, ...payloadWithout } = payload
  void _a, void _b
  if (!statementsEquivalent(payloadWithout as unknown as Statement, withoutAttachments as unknown as Statement)) {
    throw bad(`${label}.attachments: the JWS payload does not match the statement`)
  }
}

export interface StoreRequest {
  readonly version: XapiVersion
  readonly statements: readonly ValidatedStatement[]
  /** Attachment parts by sha2 (lower case); empty for application/json. */
  readonly parts: ReadonlyMap<string, AttachmentRow>
  /** Path prefix of statement i in messages, e.g. `[2]` or `` for a single statement. */
  readonly label: (index: number) => string
}

/** The maximum batch size (FATHOM_MAX_BATCH); larger batches get 413. */
export const DEFAULT_MAX_BATCH = 1000

/**
 * Stores statements atomically; returns their ids in request order.
 * Throws LrsError (400 invalid, 403 not permitted, 409 conflict).
 */
export async function storeStatements(deps: LrsDeps, principal: LrsPrincipal, request: StoreRequest): Promise<string[]> {
  if (!canWriteStatements(principal)) throw forbidden('These credentials cannot write statements (scope statements/write or all)')
  if (request.statements.length === 0) throw bad('statements: the batch is empty')
  const homePage = deps.homePage()
  const stored = deps.now().toISOString()
  const authority = authorityOf(principal, homePage)
  const credentialKey = principal.kind === 'credential' ? principal.key : null
  const define = canDefine(principal)
  const incoming = new Map<string, Json>()
  const rows: NewStatementRow[] = []
  const attachments = new Map<string, AttachmentRow>()
  const activities = new Map<string, ActivitySeen>()
  const agents = new Map<string, AgentSeen>()
  const ids: string[] = []
  request.statements.forEach((validated, index) => {
    const label = request.label(index) || 'statement'
    const statement = validated as unknown as Json
    if (!mayActFor(principal, statement.actor, homePage)) {
      throw forbidden(`${label}.actor: these credentials may not write statements about this actor`)
    }
    const id = typeof statement.id === 'string' ? statement.id.toLowerCase() : randomUUID()
    if (incoming.has(id)) throw bad(`${label}.id: the batch contains the id ${id} more than once`)
    const { stored: _s, authority: _a, version: _v, ...content } = statement
    void _s, void _a, void _v
    incoming.set(id, { ...content, id })
    // Attachments: every one without fileUrl needs a part with its sha2 (Communication §1.5.2.s3.b5).
    const hashes: string[] = []
    if (Array.isArray(statement.attachments)) {
      statement.attachments.forEach((attachment: unknown, i) => {
        if (!isObject(attachment) || typeof attachment.sha2 !== 'string') return
        const sha2 = attachment.sha2.toLowerCase()
        hashes.push(sha2)
        const part = request.parts.get(sha2)
        if (part === undefined && attachment.fileUrl === undefined) {
          throw bad(`${label}.attachments[${i}]: has no fileUrl and no multipart part with X-Experience-API-Hash ${attachment.sha2}`)
        }
        if (attachment.usageType === SIGNATURE_USAGE_TYPE) {
          if (part === undefined) throw bad(`${label}.attachments[${i}]: a signature attachment must be sent as a part`)
          checkSignature(statement, part.content, label)
        }
        if (part !== undefined) attachments.set(sha2, part)
      })
    }
    const body: Json = {
      ...content,
      id,
      timestamp: typeof statement.timestamp === 'string' ? statement.timestamp : stored,
      stored,
      authority,
      version: typeof statement.version === 'string' ? statement.version : request.version === '2.0' ? '2.0.0' : '1.0.0',
    }
    const facts = statementFacts(body)
    if (define) {
      for (const a of facts.activities) activities.set(a.id, a)
      for (const a of facts.agents) if (!agents.has(a.key) || a.name !== null) agents.set(a.key, a)
    }
    const object = statement.object as Json
    const objectType = object.objectType ?? 'Activity'
    const verbId = (statement.verb as Json).id as string
    const context = statement.context
    const refId = objectType === 'StatementRef' ? String(object.id).toLowerCase() : null
    rows.push({
      id,
      studentId: isTeacherDecision(verbId) ? teacherDecisionStudent(principal, object, homePage, label) : (studentIdOfActor(statement.actor, homePage) ?? null),
      actorKey: actorKey(statement.actor) ?? null,
      verbId,
      activityId: objectType === 'Activity' ? (object.id as string) : null,
      registration: isObject(context) && typeof context.registration === 'string' ? context.registration.toLowerCase() : null,
      voidsId: verbId === VOIDED_VERB ? refId : null,
      refId,
      credentialKey,
      stored,
      body: JSON.stringify(body),
      index: facts.index,
      attachmentHashes: hashes,
      evidence: evidenceProjection(body),
    })
    ids.push(id)
  })
  const outcome = await deps.store.insertStatements(
    { statements: rows, attachments: [...attachments.values()], activities: [...activities.values()], agents: [...agents.values()] },
    {
      same: (storedBody, row) => statementsEquivalent(JSON.parse(storedBody) as Statement, incoming.get(row.id) as unknown as Statement),
      mergeDefinition,
    },
  )
  if (!outcome.ok) throw new LrsError(409, 'conflict', `statement ${outcome.conflictId} is already stored with different content`)
  return ids
}

const LANGUAGE_MAPS = ['name', 'description'] as const

/**
 * Merges an Activity definition seen in a statement into the canonical one
 * (Data §2.4.4.1: the LRS may keep a canonical definition): language maps are
 * merged per language, extensions per key, every other property replaced.
 */
export function mergeDefinition(stored: string | undefined, incoming: string): string {
  if (stored === undefined || stored === incoming) return incoming
  const a = JSON.parse(stored) as Json
  const b = JSON.parse(incoming) as Json
  const out: Json = { ...a, ...b }
  for (const k of [...LANGUAGE_MAPS, 'extensions'] as const) {
    if (isObject(a[k]) && isObject(b[k])) out[k] = { ...a[k], ...b[k] }
  }
  const merged = JSON.stringify(out)
  return merged === stored ? stored : merged
}

export function parseStored(row: StatementRow): Statement {
  return JSON.parse(row.body) as Statement
}

export async function queryStatements(deps: LrsDeps, query: StatementQuery): Promise<{ rows: StatementRow[]; more: boolean }> {
  const rows = await deps.store.queryStatements({ ...query, limit: query.limit + 1 })
  return { rows: rows.slice(0, query.limit), more: rows.length > query.limit }
}

export type Format = 'exact' | 'ids' | 'canonical'

/** Statements as returned for `format` (Communication §2.1.3). */
export async function present(deps: LrsDeps, statements: Statement[], format: Format, languages: readonly string[]): Promise<Statement[]> {
  if (format === 'exact') return statements
  if (format === 'ids') return statements.map((s) => idsFormat(s))
  // canonical: substitute the LRS's canonical definitions, then keep one language per map.
  const ids = new Set<string>()
  const collect = (o: unknown) => {
    if (isObject(o) && typeof o.id === 'string' && (o.objectType === undefined || o.objectType === 'Activity')) ids.add(o.id)
  }
  const walk = (s: Json) => {
    collect(s.object)
    if (isObject(s.object) && s.object.objectType === 'SubStatement') walk(s.object)
    const ca = isObject(s.context) && isObject(s.context.contextActivities) ? s.context.contextActivities : {}
    for (const list of Object.values(ca)) for (const a of Array.isArray(list) ? list : [list]) collect(a)
  }
  for (const s of statements) walk(s as unknown as Json)
  const definitions = new Map((await deps.store.findActivities([...ids])).map((r) => [r.id, JSON.parse(r.definition) as Json]))
  const substitute = (o: unknown): unknown => {
    if (!isObject(o) || typeof o.id !== 'string' || !(o.objectType === undefined || o.objectType === 'Activity')) return o
    const d = definitions.get(o.id)
    return d ? { ...o, definition: d } : o
  }
  const replace = (s: Json): Json => {
    const out: Json = { ...s, object: isObject(s.object) && s.object.objectType === 'SubStatement' ? replace(s.object) : substitute(s.object) }
    if (isObject(s.context) && isObject(s.context.contextActivities)) {
      const ca: Json = {}
      for (const [k, list] of Object.entries(s.context.contextActivities)) ca[k] = (Array.isArray(list) ? list : [list]).map(substitute)
      out.context = { ...s.context, contextActivities: ca }
    }
    return out
  }
  return statements.map((s) => canonicalize(replace(s as unknown as Json) as unknown as Statement, languages))
}

/** Accept-Language preferences, highest quality first (RFC 7231 §5.3.5). */
export function acceptLanguages(header: string | undefined): string[] {
  if (!header) return []
  return header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined)
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), i }
    })
    .filter((l) => l.tag !== '' && l.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map((l) => l.tag)
}

/** sha2s of every attachment of these statements (for attachments=true). */
export function attachmentHashes(statements: readonly Statement[]): string[] {
  const out = new Set<string>()
  for (const s of statements) {
    const list = (s as unknown as Json).attachments
    if (Array.isArray(list)) for (const a of list) if (isObject(a) && typeof a.sha2 === 'string') out.add(a.sha2.toLowerCase())
  }
  return [...out]
}

export function checkPartHash(sha2: string, data: Buffer, index: number): void {
  if (!/^[0-9a-f]+$/i.test(sha2) || !sha2Matches(data, sha2)) {
    throw bad(`multipart part ${index}: X-Experience-API-Hash ${sha2} is not the SHA-2 of the part's content`)
  }
}

export type { Visibility }
