import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { checkBasicAuth } from '../auth/credentials.js'
import { sessionOf } from '../auth/sessions.js'
import type { StatementQuery } from '../db/store.js'
import { actorKey } from '../lrs/agents.js'
import {
  canRead,
  LrsError,
  parseStored,
  queryStatements,
  readScope,
  storeStatements,
  type LrsDeps,
  type LrsPrincipal,
} from '../lrs/service.js'
import { instantOf, isObject, isUuid, validateStatement, type XapiVersion } from '../lrs/validate.js'
import { sendError, type FathomContext } from './common.js'

export const XAPI_VERSION_HEADER = 'x-experience-api-version'

/** The version family a request asks for, or undefined when the server does not serve it. */
export function requestedVersion(header: unknown): XapiVersion | undefined {
  if (typeof header !== 'string') return undefined
  const value = header.trim()
  if (/^1\.0(\.[0-3])?$/.test(value)) return '1.0'
  if (/^2\.0\.0$/.test(value)) return '2.0'
  return undefined
}

/** Headers every /xapi response carries: version, and CORS for browser clients. */
export function xapiResponseHeaders(request: FastifyRequest, reply: FastifyReply): void {
  const version = requestedVersion(request.headers[XAPI_VERSION_HEADER])
  reply.header('X-Experience-API-Version', version === '2.0' ? '2.0.0' : '1.0.3')
  reply.header('Access-Control-Allow-Origin', '*')
  reply.header(
    'Access-Control-Expose-Headers',
    'X-Experience-API-Version, X-Experience-API-Consistent-Through, ETag, Last-Modified',
  )
}

const principals = new WeakMap<FastifyRequest, LrsPrincipal>()
const versions = new WeakMap<FastifyRequest, XapiVersion>()

const QUERY_PARAMS = new Set([
  'statementId',
  'voidedStatementId',
  'agent',
  'verb',
  'activity',
  'registration',
  'related_activities',
  'related_agents',
  'since',
  'until',
  'limit',
  'format',
  'attachments',
  'ascending',
  'cursor',
])
const MAX_LIMIT = 500
const DEFAULT_LIMIT = 100

function bad(message: string): LrsError {
  return new LrsError(400, 'bad_request', message)
}

function booleanParam(value: string | undefined, name: string): boolean {
  if (value === undefined) return false
  if (value === 'true') return true
  if (value === 'false') return false
  throw bad(`${name}: must be true or false`)
}

function instantParam(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined
  const t = instantOf(value)
  if (Number.isNaN(t)) throw bad(`${name}: must be an ISO 8601 timestamp with a time zone`)
  return new Date(t).toISOString()
}

function single(query: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(query)) {
    if (!QUERY_PARAMS.has(k)) throw bad(`${k}: is not a statements query parameter`)
    if (typeof v !== 'string') throw bad(`${k}: must be given once`)
    out[k] = v
  }
  return out
}

export async function registerXapi(app: FastifyInstance, ctx: FathomContext): Promise<void> {
  const deps: LrsDeps = { store: ctx.store, now: ctx.now, homePage: ctx.publicUrl }

  app.options('/xapi/*', async (request, reply) => {
    reply
      .header('Access-Control-Allow-Methods', 'GET, POST, PUT, OPTIONS, HEAD')
      .header('Access-Control-Allow-Headers', 'Authorization, Content-Type, X-Experience-API-Version, If-Match, If-None-Match')
      .header('Access-Control-Max-Age', '600')
    void request
    return reply.code(204).send()
  })

  app.get('/xapi/about', async () => ({ version: ['1.0.3', '2.0.0'], extensions: {} }))

  // Version check, then authentication, for every other /xapi request.
  app.addHook('preHandler', async (request, reply) => {
    if (!request.url.startsWith('/xapi/') || request.method === 'OPTIONS' || request.url.startsWith('/xapi/about')) return
    const version = requestedVersion(request.headers[XAPI_VERSION_HEADER])
    if (!version) {
      return sendError(reply, 400, 'bad_version', 'X-Experience-API-Version header is required and must be 1.0.0-1.0.3 or 2.0.0')
    }
    versions.set(request, version)
    const basic = await checkBasicAuth(ctx.store, request)
    if (basic.status === 'ok') {
      const { key, studentId, scopes } = basic.credential
      principals.set(request, { kind: 'credential', key, studentId, scopes })
      return
    }
    if (basic.status === 'none' && (request.method === 'GET' || request.method === 'HEAD')) {
      const session = await sessionOf(ctx, request)
      if (session) {
        const studentIds: string[] = []
        for (const klass of await ctx.store.listClasses(session.teacher.id)) {
          for (const student of await ctx.store.listStudents(klass.id)) studentIds.push(student.id)
        }
        principals.set(request, { kind: 'teacher', teacherId: session.teacher.id, studentIds })
        return
      }
    }
    reply.header('WWW-Authenticate', 'Basic realm="Fathom"')
    return sendError(reply, 401, 'unauthenticated', basic.status === 'none' ? 'Credentials are required' : 'Wrong credentials')
  })

  const principalOf = (request: FastifyRequest): LrsPrincipal => {
    const principal = principals.get(request)
    if (!principal) throw new LrsError(401, 'unauthenticated', 'Credentials are required')
    return principal
  }
  const versionOf = (request: FastifyRequest): XapiVersion => versions.get(request) ?? '1.0'

  app.post('/xapi/statements', async (request, reply) => {
    const body = request.body
    if (Object.keys(request.query as object).length > 0) throw bad('POST /xapi/statements takes no query parameters')
    if (Array.isArray(body)) {
      const ids = await storeStatements(deps, principalOf(request), versionOf(request), body, (i) => `statements[${i}]`)
      return reply.code(200).send(ids)
    }
    if (!isObject(body)) throw bad('body: must be a statement object or an array of statements')
    const ids = await storeStatements(deps, principalOf(request), versionOf(request), [body], () => 'statement')
    return reply.code(200).send(ids)
  })

  app.put('/xapi/statements', async (request, reply) => {
    const query = request.query as Record<string, unknown>
    const statementId = query.statementId
    for (const k of Object.keys(query)) if (k !== 'statementId') throw bad(`${k}: is not a PUT /xapi/statements parameter`)
    if (!isUuid(statementId)) throw bad('statementId: a UUID query parameter is required')
    const body = request.body
    if (!isObject(body)) throw bad('body: must be a statement object')
    if (body.id !== undefined && (typeof body.id !== 'string' || body.id.toLowerCase() !== statementId.toLowerCase())) {
      throw bad('statement.id: must match the statementId parameter')
    }
    await storeStatements(deps, principalOf(request), versionOf(request), [{ ...body, id: statementId.toLowerCase() }], () => 'statement')
    return reply.code(204).send()
  })

  app.get('/xapi/statements', async (request, reply) => {
    const principal = principalOf(request)
    const q = single(request.query as Record<string, unknown>)
    reply.header('X-Experience-API-Consistent-Through', ctx.now().toISOString())
    const byId = q.statementId ?? q.voidedStatementId
    if (byId !== undefined) {
      const name = q.statementId !== undefined ? 'statementId' : 'voidedStatementId'
      if (q.statementId !== undefined && q.voidedStatementId !== undefined) throw bad('statementId: cannot be combined with voidedStatementId')
      for (const k of Object.keys(q)) {
        if (!['statementId', 'voidedStatementId', 'format', 'attachments'].includes(k)) throw bad(`${k}: cannot be combined with ${name}`)
      }
      if (!isUuid(byId)) throw bad(`${name}: must be a UUID`)
      const row = await ctx.store.findStatement(byId.toLowerCase())
      const wantVoided = name === 'voidedStatementId'
      if (!row || row.voided !== wantVoided || !canRead(principal, row)) {
        return sendError(reply, 404, 'not_found', `No statement with ${name} ${byId}`)
      }
      reply.header('Last-Modified', new Date(row.stored).toUTCString())
      return reply.send(parseStored(row))
    }

    let actor: string | undefined
    if (q.agent !== undefined) {
      let agent: unknown
      try {
        agent = JSON.parse(q.agent)
      } catch {
        throw bad('agent: must be JSON')
      }
      const problem = isObject(agent)
        ? validateStatement({ actor: agent, verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' }, object: { id: 'urn:x:y' } }, '2.0', 'q')
        : 'agent: must be an Agent or identified Group'
      if (problem) throw bad(problem.replace(/^q\.actor/, 'agent'))
      actor = actorKey(agent)
      if (actor === undefined) throw bad('agent: must have an inverse functional identifier')
    }
    if (q.verb !== undefined && !/^[a-z][a-z0-9+.-]*:\S+$/i.test(q.verb)) throw bad('verb: must be an IRI')
    if (q.activity !== undefined && !/^[a-z][a-z0-9+.-]*:\S+$/i.test(q.activity)) throw bad('activity: must be an IRI')
    if (q.registration !== undefined && !isUuid(q.registration)) throw bad('registration: must be a UUID')
    if (q.format !== undefined && !['ids', 'exact', 'canonical'].includes(q.format)) throw bad('format: must be ids, exact or canonical')
    booleanParam(q.attachments, 'attachments')
    booleanParam(q.related_activities, 'related_activities')
    booleanParam(q.related_agents, 'related_agents')
    const ascending = booleanParam(q.ascending, 'ascending')
    let limit = DEFAULT_LIMIT
    if (q.limit !== undefined) {
      if (!/^\d+$/.test(q.limit)) throw bad('limit: must be a non-negative integer')
      limit = Number(q.limit) === 0 ? MAX_LIMIT : Math.min(Number(q.limit), MAX_LIMIT)
    }
    let cursor: number | undefined
    if (q.cursor !== undefined) {
      if (!/^\d+$/.test(q.cursor)) throw bad('cursor: must come from a more URL')
      cursor = Number(q.cursor)
    }
    const since = instantParam(q.since, 'since')
    const until = instantParam(q.until, 'until')
    const scope = readScope(principal)
    const query: StatementQuery = {
      ascending,
      limit,
      ...(scope !== undefined ? { studentIds: scope } : {}),
      ...(actor !== undefined ? { actorKey: actor } : {}),
      ...(q.verb !== undefined ? { verbId: q.verb } : {}),
      ...(q.activity !== undefined ? { activityId: q.activity } : {}),
      ...(q.registration !== undefined ? { registration: q.registration.toLowerCase() } : {}),
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
    return reply.send({ statements: rows.map(parseStored), more: moreUrl })
  })
}
