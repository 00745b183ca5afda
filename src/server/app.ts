import Fastify, { type FastifyError, type FastifyInstance } from 'fastify'
import type { AddressInfo } from 'node:net'
import { ensureInitialTeacher } from './auth/teachers.js'
import { derivePublicUrl, loadTls, usesTls, type ServerConfig, type TlsMaterial } from './config.js'
import type { Store } from './db/store.js'
import { openStore } from './db/open.js'
import { loadFrameworks } from './frameworks.js'
import { registerApi } from './http/api.js'
import { sendError, type FathomContext } from './http/common.js'
import { hasBuild, registerStatic } from './http/static.js'
import { registerTeacherApi } from './http/teacher.js'
import { registerXapi } from './http/xapi.js'
import { startRetentionSweep } from './workspace/privacy.js'
import { LrsError } from './lrs/service.js'

export interface BuildOptions {
  /** The clock (tests inject one to expire pairing codes). */
  readonly now?: () => Date
  /** A store to use instead of opening the configured one (DATABASE_URL, else SQLite in the data dir). */
  readonly store?: Store
}

export interface FathomServer {
  readonly app: FastifyInstance
  readonly context: FathomContext
  readonly tls?: TlsMaterial
  /** Starts listening; resolves to the URL the server is reachable at. */
  listen(): Promise<string>
  close(): Promise<void>
}

/** Log only opaque facts about a request: never bodies, Authorization or query strings. */
const serializers = {
  req(request: { method: string; url: string; ip?: string; id?: string }) {
    return { method: request.method, url: request.url.split('?')[0], id: request.id }
  },
  res(reply: { statusCode: number }) {
    return { statusCode: reply.statusCode }
  },
}

/** Builds the Fastify app with its store, frameworks and routes. Does not listen. */
export async function buildServer(config: ServerConfig, options: BuildOptions = {}): Promise<FathomServer> {
  const { competencies, frameworks } = loadFrameworks(config.scenesDir) // throws a clear error for an invalid framework
  const tls = await loadTls(config)
  const now = options.now ?? (() => new Date())
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel, serializers },
    bodyLimit: config.bodyLimit,
    ...(tls ? { https: { key: tls.key, cert: tls.cert } } : {}),
    // Bodies are validated by hand (core/xapi/validate.ts); /xapi takes raw bytes. No Ajv that could drop properties.
    ajv: { customOptions: { removeAdditional: false } },
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    trustProxy: false,
  }) as unknown as FastifyInstance // the https overload has a different server type; routes do not care
  const store = options.store ?? (await openStore(config, now))

  let publicUrl: string | undefined = config.publicUrl
  const context: FathomContext = {
    config,
    store,
    now,
    competencies,
    competencyExpedition: new Map(frameworks.flatMap(({ scene, framework }) => framework.competencies.map((c) => [c.id, scene] as const))),
    secureCookies: usesTls(config) || (config.publicUrl?.startsWith('https:') ?? false),
    publicUrl: () => {
      if (publicUrl) return publicUrl
      const address = app.server.address() as AddressInfo | string | null
      const port = address && typeof address === 'object' ? address.port : config.port
      return derivePublicUrl(config, port)
    },
  }
  const admin = await ensureInitialTeacher(store, config.adminPassword, now())
  if (admin) context.initialAdmin = admin

  app.setErrorHandler((error: FastifyError | LrsError, request, reply) => {
    if (error instanceof LrsError) return sendError(reply, error.statusCode, error.code, error.message)
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500
    const xapi = request.url.startsWith('/xapi')
    if (status === 413) return sendError(reply, 413, 'too_large', `The request body is larger than ${xapi ? config.xapiBodyLimit : config.bodyLimit} bytes`)
    if (status === 415) return sendError(reply, 415, 'unsupported_media_type', 'Send application/json')
    if (status >= 400 && status < 500) {
      const malformed = error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
      return sendError(reply, status, 'bad_request', malformed ? `body: malformed JSON (${error.message})` : error.message)
    }
    request.log.error({ err: { message: error.message, code: error.code, stack: error.stack } }, 'request failed')
    return sendError(reply, 500, 'internal', 'Something went wrong on the server')
  })

  await registerXapi(app, context)
  await registerApi(app, context)
  await registerTeacherApi(app, context)
  await registerStatic(app, context)
  if (!hasBuild(config.staticDir)) app.log.warn(`No web app build in ${config.staticDir}: run \`npm run build\` to serve the student and teacher pages`)

  // Retention: delete statements older than each class's setting, now and hourly (idempotent across processes).
  const stopSweep = config.retentionSweepMs > 0 ? startRetentionSweep(context, config.retentionSweepMs, app.log) : () => undefined

  let closed = false
  return {
    app,
    context,
    ...(tls ? { tls } : {}),
    async listen() {
      await app.listen({ port: config.port, host: config.host })
      publicUrl = context.publicUrl()
      return publicUrl
    },
    async close() {
      if (closed) return
      closed = true
      stopSweep()
      await app.close()
      await store.close()
    },
  }
}
