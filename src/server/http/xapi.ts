/**
 * The xAPI LRS under /xapi (xAPI 1.0.3 and 2.0.0): one Fastify scope that
 * takes every body as raw bytes (no Ajv, nothing stripped), normalises the
 * request (including the 1.0.3 alternate request syntax), checks the version,
 * credentials and rate limit, and dispatches to the resource handlers.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { checkBasicAuth } from '../auth/credentials.js'
import { sessionOf } from '../auth/sessions.js'
import { isIri, isUuid, timestampInstant, validateStatement, validateStatements, type XapiVersion } from '../../core/xapi/validate.js'
import type { AttachmentRow, DocumentKey, DocumentScope, StatementQuery } from '../db/store.js'
import {
  canReadDefinitions,
  canReadDocuments,
  canWriteDocuments,
  forbidden,
  LrsError,
  mayActFor,
  readVisibility,
  visible,
  type LrsPrincipal,
} from '../lrs/access.js'
import { actorKey, ifiOf } from '../lrs/agents.js'
import { deleteDocument, writeDocument, type Preconditions } from '../lrs/documents.js'
import { boundaryOf, buildMultipart, parseMultipart } from '../lrs/multipart.js'
import {
  acceptLanguages,
  attachmentHashes,
  checkPartHash,
  parseStored,
  present,
  queryStatements,
  storeStatements,
  type Format,
  type LrsDeps,
} from '../lrs/service.js'
import type { FathomContext } from './common.js'

export const XAPI_VERSION_HEADER = 'x-experience-api-version'
export const SERVED_VERSIONS = ['1.0.3', '2.0.0'] as const

/** The version family a request asks for, or undefined when the server does not serve it. */
export function requestedVersion(header: unknown): XapiVersion | undefined {
  if (typeof header !== 'string') return undefined
  const value = header.trim()
  if (/^1\.0(\.\d+)?$/.test(value)) return '1.0'
  if (/^2\.0\.\d+$/.test(value) || value === '2.0') return '2.0'
  return undefined
}

const ALLOWED_HEADERS = 'Authorization, Content-Type, X-Experience-API-Version, If-Match, If-None-Match, Accept-Language'
const EXPOSED = 'ETag, Last-Modified, Content-Type, X-Experience-API-Version, X-Experience-API-Consistent-Through'

/** Headers every /xapi response carries: version, and CORS for browser clients. */
export function xapiResponseHeaders(request: FastifyRequest, reply: FastifyReply): void {
  const version = versions.get(request) ?? requestedVersion(request.headers[XAPI_VERSION_HEADER])
  reply.header('X-Experience-API-Version', version === '2.0' ? '2.0.0' : '1.0.3')
  const origin = request.headers.origin
  reply.header('Access-Control-Allow-Origin', typeof origin === 'string' && origin !== '' ? origin : '*')
  reply.header('Vary', 'Origin')
  reply.header('Access-Control-Expose-Headers', EXPOSED)
}

const versions = new WeakMap<FastifyRequest, XapiVersion>()

const bad = (message: string) => new LrsError(400, 'bad_request', message)

/** A request after alternate-syntax normalisation. */
interface XRequest {
  readonly method: string
  readonly resource: string
  readonly query: Readonly<Record<string, string>>
  header(name: string): string | undefined
  readonly body: Buffer | undefined
  readonly alternate: boolean
}

interface Handled {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

const ALT_HEADERS = ['authorization', 'x-experience-api-version', 'content-type', 'content-length', 'if-match', 'if-none-match']
const DOCUMENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'POST', 'DELETE'])
const MAX_JSON_DEPTH = 64
const MAX_LIMIT = 500

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
}

function decodeUtf8(buffer: Buffer, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer)
  } catch {
    throw bad(`${what}: is not valid UTF-8`)
  }
}

/** Rejects nesting deeper than MAX_JSON_DEPTH before parsing (cheap, linear). */
function checkDepth(text: string, what: string): void {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) throw bad(`${what}: JSON is nested more than ${MAX_JSON_DEPTH} levels deep`)
    } else if (c === 0x7d || c === 0x5d) depth--
  }
}

function parseJson(buffer: Buffer, what: string): unknown {
  const text = decodeUtf8(buffer, what)
  checkDepth(text, what)
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw bad(`${what}: malformed JSON (${(error as Error).message})`)
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Checks the query parameters of a request: each known and given once. */
function allowParams(q: Readonly<Record<string, string>>, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(q)) if (!allowed.includes(k)) throw bad(`${k}: is not a parameter of ${where}`)
}

function required(q: Readonly<Record<string, string>>, name: string): string {
  const v = q[name]
  if (v === undefined || v === '') throw bad(`${name}: is required`)
  return v
}

function iriParam(q: Readonly<Record<string, string>>, name: string): string {
  const v = required(q, name)
  if (!isIri(v)) throw bad(`${name}: must be an IRI`)
  return v
}

function uuidParam(q: Readonly<Record<string, string>>, name: string): string | undefined {
  const v = q[name]
  if (v === undefined) return undefined
  if (!isUuid(v)) throw bad(`${name}: must be a UUID`)
  return v.toLowerCase()
}

function booleanParam(q: Readonly<Record<string, string>>, name: string): boolean {
  const v = q[name]
  if (v === undefined) return false
  if (v === 'true') return true
  if (v === 'false') return false
  throw bad(`${name}: must be true or false`)
}

function instantParam(q: Readonly<Record<string, string>>, name: string): string | undefined {
  const v = q[name]
  if (v === undefined) return undefined
  const t = timestampInstant(v)
  if (t === null) throw bad(`${name}: must be an ISO 8601 timestamp`)
  return new Date(t).toISOString()
}

/** An Agent (or, when `groups`, an identified Group) given as a JSON query parameter. */
function agentParam(q: Readonly<Record<string, string>>, name: string, version: XapiVersion, groups: boolean): Record<string, unknown> {
  const raw = required(q, name)
  let agent: unknown
  try {
    agent = JSON.parse(raw)
  } catch {
    throw bad(`${name}: must be a JSON Agent object`)
  }
  if (!isObject(agent)) throw bad(`${name}: must be a JSON Agent object`)
  if (!groups && agent.objectType !== undefined && agent.objectType !== 'Agent') throw bad(`${name}: must be an Agent (objectType Agent)`)
  const check = validateStatement({ actor: agent, verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' }, object: { id: 'urn:fathom:check' } }, { version })
  if (!check.ok) throw bad(check.error.message.replace(/^actor/, name))
  if (actorKey(agent) === undefined) throw bad(`${name}: must have an inverse functional identifier (an identified Agent or Group)`)
  return agent
}

export async function registerXapi(app: FastifyInstance, ctx: FathomContext): Promise<void> {
  const deps: LrsDeps = { store: ctx.store, now: ctx.now, homePage: ctx.publicUrl }
  const { config } = ctx

  app.get('/xapi', async (_request, reply) => reply.redirect('/xapi/about'))

  await app.register(
    async (scope) => {
      // Every body as bytes: the handlers decide by Content-Type, and nothing is stripped or coerced.
      scope.removeAllContentTypeParsers()
      scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: config.xapiBodyLimit }, (_request, body, done) => done(null, body))

      scope.addHook('onSend', async (request, reply, payload) => {
        xapiResponseHeaders(request, reply)
        return payload
      })

      scope.route({
        method: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'OPTIONS'],
        url: '/*',
        bodyLimit: config.xapiBodyLimit,
        handler: async (request, reply) => {
          const resource = (request.params as { '*': string })['*'].replace(/\/+$/, '')
          if (request.method === 'OPTIONS') {
            const requested = request.headers['access-control-request-headers']
            return reply
              .code(204)
              .header('Access-Control-Allow-Methods', 'GET, HEAD, POST, PUT, DELETE, OPTIONS')
              .header('Access-Control-Allow-Headers', [ALLOWED_HEADERS, ...(typeof requested === 'string' && requested !== '' ? [requested] : [])].join(', '))
              .header('Access-Control-Max-Age', '600')
              .send()
          }
          const result = await handle(request, resource)
          reply.code(result.status)
          for (const [k, v] of Object.entries(result.headers ?? {})) reply.header(k, v)
          if (result.body === undefined) return reply.send()
          return reply.send(result.body)
        },
      })
    },
    { prefix: '/xapi' },
  )

  function rawQuery(request: FastifyRequest): Record<string, string> {
    const out: Record<string, string> = {}
    const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : ''
    let params: URLSearchParams
    try {
      params = new URLSearchParams(search)
    } catch {
      throw bad('query: malformed query string')
    }
    for (const [k, v] of params) {
      if (k in out) throw bad(`${k}: must be given once`)
      out[k] = v
    }
    return out
  }

  /** Applies the alternate request syntax (Communication §1.3) when `method` is given. */
  function normalise(request: FastifyRequest, resource: string): XRequest {
    const query = rawQuery(request)
    const body = Buffer.isBuffer(request.body) ? request.body : undefined
    const header = (name: string) => {
      const v = request.headers[name]
      return Array.isArray(v) ? v.join(', ') : v
    }
    if (query.method === undefined) {
      if (request.method === 'POST' && mediaType(header('content-type')) === 'application/x-www-form-urlencoded') {
        throw bad('Content-Type: application/x-www-form-urlencoded is only for the alternate request syntax (with a method parameter)')
      }
      return { method: request.method, resource, query, header, body, alternate: false }
    }
    if (requestedVersion(header(XAPI_VERSION_HEADER)) === '2.0') throw bad('method: xAPI 2.0 has no alternate request syntax')
    if (request.method !== 'POST') throw bad('method: the alternate request syntax must be sent as POST')
    const method = query.method
    if (!['GET', 'PUT', 'POST', 'DELETE'].includes(method)) throw bad('method: must be GET, PUT, POST or DELETE')
    for (const k of Object.keys(query)) if (k !== 'method') throw bad(`${k}: with the alternate request syntax, send it as a form parameter`)
    if (mediaType(header('content-type')) !== 'application/x-www-form-urlencoded') {
      throw bad('Content-Type: the alternate request syntax needs an application/x-www-form-urlencoded body')
    }
    const form = new URLSearchParams(decodeUtf8(body ?? Buffer.alloc(0), 'body'))
    const headers = new Map<string, string>()
    const params: Record<string, string> = {}
    let content: string | undefined
    for (const [k, v] of form) {
      const lower = k.toLowerCase()
      if (ALT_HEADERS.includes(lower)) headers.set(lower, v)
      else if (k === 'content') content = v
      else {
        if (k in params) throw bad(`${k}: must be given once`)
        params[k] = v
      }
    }
    if (requestedVersion(headers.get(XAPI_VERSION_HEADER)) === '2.0') throw bad('method: xAPI 2.0 has no alternate request syntax')
    if ((method === 'PUT' || method === 'POST') && content === undefined && resource === 'statements' && method === 'PUT') {
      throw bad('content: the alternate request syntax sends the statement in a content form parameter')
    }
    const altHeader = (name: string) => (name === 'content-type' ? headers.get(name) ?? (content !== undefined ? 'application/json' : undefined) : headers.get(name) ?? header(name))
    return {
      method,
      resource,
      query: params,
      header: altHeader,
      body: content === undefined ? undefined : Buffer.from(content, 'utf8'),
      alternate: true,
    }
  }

  async function authenticate(x: XRequest, request: FastifyRequest): Promise<LrsPrincipal> {
    const authorization = x.header('authorization')
    const basic = await checkBasicAuth(ctx.store, authorization)
    if (basic.status === 'ok') {
      const c = basic.credential
      return {
        kind: 'credential',
        key: c.key,
        label: c.label,
        studentId: c.studentId,
        teacherId: c.teacherId,
        scopes: c.scopes,
        teacherStudentIds: c.teacherId !== null ? await ctx.store.studentIdsOfTeacher(c.teacherId) : [],
      }
    }
    if (basic.status === 'none' && (x.method === 'GET' || x.method === 'HEAD') && !x.alternate) {
      const session = await sessionOf(ctx, request)
      if (session) return { kind: 'teacher', teacherId: session.teacher.id, studentIds: await ctx.store.studentIdsOfTeacher(session.teacher.id) }
    }
    throw new LrsError(401, 'unauthenticated', basic.status === 'none' ? 'Credentials are required (HTTP Basic)' : 'Wrong or revoked credentials', {
      'WWW-Authenticate': 'Basic realm="Fathom"',
    })
  }

  /** Per-credential rate limit, counted in the database so every process shares it. */
  async function rateLimit(principal: LrsPrincipal): Promise<void> {
    if (config.rateLimit <= 0) return
    const bucket = principal.kind === 'credential' ? `credential:${principal.key}` : `teacher:${principal.teacherId}`
    const now = ctx.now().getTime()
    const start = Math.floor(now / 60_000) * 60_000
    const hits = await ctx.store.countHit(bucket, new Date(start).toISOString(), new Date(start - 60_000).toISOString())
    if (hits > config.rateLimit) {
      const wait = Math.max(1, Math.ceil((start + 60_000 - now) / 1000))
      throw new LrsError(429, 'rate_limited', `More than ${config.rateLimit} requests a minute with these credentials; retry after ${wait} s`, {
        'Retry-After': String(wait),
      })
    }
  }

  async function handle(request: FastifyRequest, resource: string): Promise<Handled> {
    try {
      if (resource === 'about') {
        if (request.method !== 'GET' && request.method !== 'HEAD') throw new LrsError(405, 'method_not_allowed', 'GET /xapi/about')
        // About answers whatever the version header (Communication §2.8.s5.b4).
        return { status: 200, body: { version: [...SERVED_VERSIONS], extensions: {} } }
      }
      const x = normalise(request, resource)
      const version = requestedVersion(x.header(XAPI_VERSION_HEADER))
      if (!version) {
        throw bad(`X-Experience-API-Version: is required and must be 1.0.x or 2.0.0 (got ${JSON.stringify(x.header(XAPI_VERSION_HEADER) ?? null)})`)
      }
      versions.set(request, version)
      const principal = await authenticate(x, request)
      await rateLimit(principal)
      const headers: Record<string, string> = {}
      if (resource === 'statements') headers['X-Experience-API-Consistent-Through'] = await ctx.store.consistentThrough(ctx.now())
      const result = await route(x, version, principal, request)
      return { ...result, headers: { ...headers, ...result.headers } }
    } catch (error) {
      if (error instanceof LrsError) return { status: error.statusCode, body: { error: error.code, message: error.message }, headers: { ...error.headers } }
      throw error
    }
  }

  async function route(x: XRequest, version: XapiVersion, principal: LrsPrincipal, request: FastifyRequest): Promise<Handled> {
    switch (x.resource) {
      case 'statements':
        if (x.method === 'GET' || x.method === 'HEAD') return getStatements(x, version, principal, request)
        if (x.method === 'PUT' || x.method === 'POST') return putPostStatements(x, version, principal)
        break
      case 'activities/state':
      case 'activities/profile':
      case 'agents/profile':
        if (DOCUMENT_METHODS.has(x.method)) return documents(x, version, principal)
        break
      case 'activities':
        if (x.method === 'GET' || x.method === 'HEAD') return getActivity(x, principal)
        break
      case 'agents':
        if (x.method === 'GET' || x.method === 'HEAD') return getPerson(x, version, principal)
        break
      default:
        throw new LrsError(404, 'not_found', `No xAPI resource /xapi/${x.resource}`)
    }
    throw new LrsError(405, 'method_not_allowed', `${x.method} is not allowed on /xapi/${x.resource}`)
  }

  /** The statements of a PUT/POST body (application/json or multipart/mixed) and its attachment parts. */
  function statementBody(x: XRequest): { json: unknown; parts: Map<string, AttachmentRow> } {
    const contentType = x.header('content-type')
    const type = mediaType(contentType)
    const parts = new Map<string, AttachmentRow>()
    if (x.body === undefined || x.body.length === 0) throw bad('body: a statement or an array of statements is required')
    if (type === 'application/json') return { json: parseJson(x.body, 'body'), parts }
    if (type === 'multipart/mixed') {
      const boundary = boundaryOf(contentType ?? '')
      if (!boundary) throw bad('Content-Type: multipart/mixed needs a boundary parameter')
      const [first, ...rest] = parseMultipart(x.body, boundary)
      if (!first) throw bad('body: the multipart body has no parts')
      if (mediaType(first.headers.get('content-type')) !== 'application/json') throw bad('multipart part 0: the statements part must have Content-Type application/json')
      rest.forEach((part, i) => {
        const hash = part.headers.get('x-experience-api-hash')
        if (!hash) throw bad(`multipart part ${i + 1}: X-Experience-API-Hash header is required`)
        const encoding = part.headers.get('content-transfer-encoding')
        if (encoding === undefined || encoding.toLowerCase() !== 'binary') throw bad(`multipart part ${i + 1}: Content-Transfer-Encoding: binary is required`)
        checkPartHash(hash, part.body, i + 1)
        parts.set(hash.toLowerCase(), { sha2: hash.toLowerCase(), contentType: part.headers.get('content-type') ?? 'application/octet-stream', content: part.body })
      })
      return { json: parseJson(first.body, 'multipart part 0'), parts }
    }
    throw bad(`Content-Type: statements must be sent as application/json or multipart/mixed (got ${JSON.stringify(contentType ?? null)})`)
  }

  function validationMessage(message: string, batch: boolean): string {
    if (batch) return `statements${message}`
    return message.startsWith('[') || message === '' ? `statement${message}` : `statement.${message}`
  }

  async function putPostStatements(x: XRequest, version: XapiVersion, principal: LrsPrincipal): Promise<Handled> {
    if (x.method === 'POST') {
      // POST with GET parameters (alternate syntax GET is handled as GET already).
      if (Object.keys(x.query).length > 0) throw bad(`${Object.keys(x.query)[0]}: POST /xapi/statements takes no parameters`)
      const { json, parts } = statementBody(x)
      const result = validateStatements(json, { version })
      if (!result.ok) throw bad(validationMessage(result.error.message, Array.isArray(json)))
      if (result.statements.length > config.maxBatch) {
        throw new LrsError(413, 'too_large', `statements: a batch may hold at most ${config.maxBatch} statements (got ${result.statements.length}); split it`)
      }
      const ids = await storeStatements(deps, principal, {
        version,
        statements: result.statements,
        parts,
        label: (i) => (result.batch ? `statements[${i}]` : 'statement'),
      })
      return { status: 200, body: ids }
    }
    allowParams(x.query, ['statementId'], 'PUT /xapi/statements')
    const statementId = x.query.statementId
    if (statementId === undefined || !isUuid(statementId)) throw bad('statementId: a UUID parameter is required')
    const { json, parts } = statementBody(x)
    if (!isObject(json)) throw bad('body: must be one statement object')
    if (json.id !== undefined && (typeof json.id !== 'string' || json.id.toLowerCase() !== statementId.toLowerCase())) {
      throw bad('statement.id: must match the statementId parameter')
    }
    const result = validateStatement({ ...json, id: statementId.toLowerCase() }, { version })
    if (!result.ok) throw bad(validationMessage(result.error.message, false))
    await storeStatements(deps, principal, { version, statements: [result.statement], parts, label: () => 'statement' })
    return { status: 204 }
  }

  async function getStatements(x: XRequest, version: XapiVersion, principal: LrsPrincipal, request: FastifyRequest): Promise<Handled> {
    const q = x.query
    const visibility = readVisibility(principal)
    const format = (q.format ?? 'exact') as Format
    if (!['ids', 'exact', 'canonical'].includes(format)) throw bad('format: must be ids, exact or canonical')
    const withAttachments = booleanParam(q, 'attachments')
    const languages = acceptLanguages(x.header('accept-language'))
    const respond = async (statements: ReturnType<typeof parseStored>[], wrap: (s: unknown[]) => unknown, lastModified?: string): Promise<Handled> => {
      const shown = await present(deps, statements, format, languages)
      const headers: Record<string, string> = lastModified ? { 'Last-Modified': new Date(lastModified).toUTCString() } : {}
      const json = Buffer.from(JSON.stringify(wrap(shown)), 'utf8')
      if (!withAttachments) return { status: 200, body: json, headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' } }
      const found = await ctx.store.findAttachments(attachmentHashes(statements))
      const multipart = buildMultipart([
        { contentType: 'application/json', body: json },
        ...found.map((a) => ({ contentType: a.contentType, body: a.content, sha2: a.sha2 })),
      ])
      return { status: 200, body: multipart.body, headers: { ...headers, 'Content-Type': multipart.contentType } }
    }

    const byId = q.statementId ?? q.voidedStatementId
    if (byId !== undefined || 'statementId' in q || 'voidedStatementId' in q) {
      if (q.statementId !== undefined && q.voidedStatementId !== undefined) throw bad('statementId: cannot be combined with voidedStatementId')
      const name = q.statementId !== undefined ? 'statementId' : 'voidedStatementId'
      for (const k of Object.keys(q)) if (![name, 'format', 'attachments'].includes(k)) throw bad(`${k}: cannot be combined with ${name}`)
      if (byId === undefined || !isUuid(byId)) throw bad(`${name}: must be a UUID`)
      const row = await ctx.store.findStatement(byId.toLowerCase())
      if (!row || row.voided !== (name === 'voidedStatementId') || !visible(visibility, row)) {
        throw new LrsError(404, 'not_found', `No statement with ${name} ${byId}`)
      }
      return respond([parseStored(row)], (s) => s[0], row.stored)
    }

    allowParams(
      q,
      ['agent', 'verb', 'activity', 'registration', 'related_activities', 'related_agents', 'since', 'until', 'limit', 'format', 'attachments', 'ascending', 'cursor'],
      'GET /xapi/statements',
    )
    const agent = q.agent !== undefined ? agentParam(q, 'agent', version, true) : undefined
    if (q.verb !== undefined && !isIri(q.verb)) throw bad('verb: must be an IRI')
    if (q.activity !== undefined && !isIri(q.activity)) throw bad('activity: must be an IRI')
    const registration = uuidParam(q, 'registration')
    const relatedActivities = booleanParam(q, 'related_activities')
    const relatedAgents = booleanParam(q, 'related_agents')
    const ascending = booleanParam(q, 'ascending')
    let limit = MAX_LIMIT
    if (q.limit !== undefined) {
      if (!/^\d{1,9}$/.test(q.limit)) throw bad('limit: must be a non-negative integer')
      limit = Number(q.limit) === 0 ? MAX_LIMIT : Math.min(Number(q.limit), MAX_LIMIT)
    }
    let cursor: number | undefined
    if (q.cursor !== undefined) {
      if (!/^\d{1,15}$/.test(q.cursor)) throw bad('cursor: must come from a more URL')
      cursor = Number(q.cursor)
    }
    const since = instantParam(q, 'since')
    const until = instantParam(q, 'until')
    const agentKey = agent ? actorKey(agent) : undefined
    const query: StatementQuery = {
      ascending,
      limit,
      ...(visibility !== undefined ? { visibleTo: visibility } : {}),
      ...(agentKey !== undefined ? { agentKey, relatedAgents } : {}),
      ...(q.verb !== undefined ? { verbId: q.verb } : {}),
      ...(q.activity !== undefined ? { activityId: q.activity, relatedActivities } : {}),
      ...(registration !== undefined ? { registration } : {}),
      ...(since !== undefined ? { since } : {}),
      ...(until !== undefined ? { until } : {}),
      ...(cursor !== undefined ? { cursor } : {}),
    }
    const { rows, more } = await queryStatements(deps, query)
    let moreUrl = ''
    const last = rows[rows.length - 1]
    if (more && last) {
      const params = new URLSearchParams()
      for (const [k, v] of Object.entries(q)) if (k !== 'cursor') params.set(k, v)
      params.set('cursor', String(last.seq))
      moreUrl = `/xapi/statements?${params.toString()}`
    }
    void request
    return respond(rows.map(parseStored), (statements) => ({ statements, more: moreUrl }))
  }

  async function documents(x: XRequest, version: XapiVersion, principal: LrsPrincipal): Promise<Handled> {
    const q = x.query
    const homePage = deps.homePage()
    const scopeName = x.resource === 'activities/state' ? 'state' : 'profile'
    const reading = x.method === 'GET' || x.method === 'HEAD'
    if (reading ? !canReadDocuments(principal, scopeName) : !canWriteDocuments(principal, scopeName)) {
      throw forbidden(`These credentials cannot ${reading ? 'read' : 'write'} ${scopeName} documents (scope ${scopeName}${reading ? ', all/read' : ''} or all)`)
    }
    let scope: DocumentScope
    let idName: 'stateId' | 'profileId'
    const checkAgent = (agent: Record<string, unknown>) => {
      if (!mayActFor(principal, agent, homePage) && !(principal.kind === 'teacher' && reading)) {
        throw forbidden('agent: these credentials may not use documents of this agent')
      }
    }
    if (x.resource === 'activities/state') {
      idName = 'stateId'
      allowParams(q, ['activityId', 'agent', 'registration', 'stateId', ...(reading ? ['since'] : [])], `${x.method} /xapi/activities/state`)
      const activityId = iriParam(q, 'activityId')
      const agent = agentParam(q, 'agent', version, false)
      checkAgent(agent)
      scope = { kind: 'state', activityId, agentKey: actorKey(agent) ?? '', registration: uuidParam(q, 'registration') ?? '' }
    } else if (x.resource === 'activities/profile') {
      idName = 'profileId'
      allowParams(q, ['activityId', 'profileId', ...(reading ? ['since'] : [])], `${x.method} /xapi/activities/profile`)
      scope = { kind: 'activity-profile', activityId: iriParam(q, 'activityId'), agentKey: '', registration: '' }
    } else {
      idName = 'profileId'
      allowParams(q, ['agent', 'profileId', ...(reading ? ['since'] : [])], `${x.method} /xapi/agents/profile`)
      const agent = agentParam(q, 'agent', version, false)
      checkAgent(agent)
      scope = { kind: 'agent-profile', activityId: '', agentKey: actorKey(agent) ?? '', registration: '' }
    }
    const docId = q[idName]
    if (docId === '') throw bad(`${idName}: must not be empty`)
    const preconditions: Preconditions = {
      ...(x.header('if-match') !== undefined ? { ifMatch: x.header('if-match') as string } : {}),
      ...(x.header('if-none-match') !== undefined ? { ifNoneMatch: x.header('if-none-match') as string } : {}),
    }
    if (reading) {
      if (docId === undefined) {
        const since = instantParam(q, 'since')
        const ids = await ctx.store.listDocumentIds(scope, since)
        return { status: 200, body: ids }
      }
      if (q.since !== undefined) throw bad(`since: cannot be combined with ${idName}`)
      const doc = await ctx.store.findDocument({ ...scope, docId })
      if (!doc) throw new LrsError(404, 'not_found', `No document with ${idName} ${docId}`)
      return {
        status: 200,
        body: doc.content,
        headers: { 'Content-Type': doc.contentType, ETag: `"${doc.etag}"`, 'Last-Modified': new Date(doc.updated).toUTCString() },
      }
    }
    if (x.method === 'DELETE') {
      if (docId === undefined) {
        if (scope.kind !== 'state') throw bad(`${idName}: is required`)
        await ctx.store.deleteDocuments(scope)
        return { status: 204 }
      }
      await deleteDocument(ctx.store, { ...scope, docId }, preconditions)
      return { status: 204 }
    }
    if (docId === undefined) throw bad(`${idName}: is required`)
    const key: DocumentKey = { ...scope, docId }
    await writeDocument(ctx.store, key, {
      method: x.method as 'PUT' | 'POST',
      contentType: x.header('content-type') ?? 'application/octet-stream',
      content: x.body ?? Buffer.alloc(0),
      preconditions,
      version,
      now: ctx.now().toISOString(),
    })
    return { status: 204 }
  }

  async function getActivity(x: XRequest, principal: LrsPrincipal): Promise<Handled> {
    if (!canReadDefinitions(principal)) throw forbidden('These credentials cannot read activities')
    allowParams(x.query, ['activityId'], 'GET /xapi/activities')
    const activityId = iriParam(x.query, 'activityId')
    const [row] = await ctx.store.findActivities([activityId])
    return { status: 200, body: { objectType: 'Activity', id: activityId, ...(row ? { definition: JSON.parse(row.definition) as unknown } : {}) } }
  }

  async function getPerson(x: XRequest, version: XapiVersion, principal: LrsPrincipal): Promise<Handled> {
    if (!canReadDefinitions(principal)) throw forbidden('These credentials cannot read agents')
    allowParams(x.query, ['agent'], 'GET /xapi/agents')
    const agent = agentParam(x.query, 'agent', version, false)
    if (principal.kind === 'credential' && !mayActFor(principal, agent, deps.homePage())) throw forbidden('agent: these credentials may not read this agent')
    const key = actorKey(agent) as string
    const known = await ctx.store.findAgent(key)
    const ifi = ifiOf(agent) ?? {}
    const names = [...new Set([...(typeof agent.name === 'string' ? [agent.name] : []), ...(known?.names ?? [])])]
    const person: Record<string, unknown> = { objectType: 'Person' }
    if (names.length > 0) person.name = names
    for (const [k, v] of Object.entries(ifi)) person[k] = [v]
    return { status: 200, body: person }
  }
}
