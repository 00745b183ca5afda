import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { sendError, type FathomContext } from './common.js'

const HTML_CACHE = 'no-cache'
const ASSET_CACHE = 'public, max-age=31536000, immutable'

/** True when the built app is present. */
export function hasBuild(staticDir: string): boolean {
  return existsSync(join(staticDir, 'index.html'))
}

function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url === '/xapi' || url.startsWith('/xapi/') || url.startsWith('/xapi?')
}

/**
 * Serves the Vite build: `/` the student app, `/teacher` the teacher workspace,
 * hashed `/assets/*` with a long cache, HTML never cached, and unknown non-API
 * paths fall back to the student app (client-side routes).
 */
export async function registerStatic(app: FastifyInstance, ctx: FathomContext): Promise<void> {
  const root = ctx.config.staticDir
  const built = hasBuild(root)
  if (built) {
    await app.register(fastifyStatic, {
      root,
      prefix: '/',
      index: false,
      wildcard: true,
      cacheControl: false,
      setHeaders(reply, path) {
        const normalized = path.replace(/\\/g, '/')
        if (normalized.endsWith('.html')) reply.header('Cache-Control', HTML_CACHE)
        else if (normalized.includes('/assets/')) reply.header('Cache-Control', ASSET_CACHE)
        else reply.header('Cache-Control', 'public, max-age=3600')
      },
    })
  }

  const page = (file: 'index.html' | 'teacher.html') => async (_request: FastifyRequest, reply: FastifyReply) => {
    if (!built || !existsSync(join(root, file))) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send(`Fathom's web app is not built yet (no ${join(root, file)}). Run \`npm run build\`, then restart the server.`)
    }
    return reply.header('Cache-Control', HTML_CACHE).sendFile(file)
  }
  app.get('/', page('index.html'))
  app.get('/teacher', page('teacher.html'))
  app.get('/teacher/', page('teacher.html'))

  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/'
    const wantsPage =
      (request.method === 'GET' || request.method === 'HEAD') &&
      !isApiPath(path) &&
      !path.startsWith('/assets/') &&
      !/\.[a-z0-9]+$/i.test(path)
    if (wantsPage) return page('index.html')(request, reply)
    return sendError(reply, 404, 'not_found', `No route for ${request.method} ${path}`)
  })
}
