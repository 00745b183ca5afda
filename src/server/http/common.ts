import { createHash } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { ServerConfig } from '../config.js'
import type { Store } from '../db/store.js'
import type { Competency } from '../../core/competency/framework.js'
import type { InitialAdmin } from '../auth/teachers.js'

/** What every route needs, built once in app.ts. */
export interface FathomContext {
  readonly config: ServerConfig
  readonly store: Store
  readonly now: () => Date
  /** The origin clients reach the server at (known once listening when the port is 0). */
  readonly publicUrl: () => string
  readonly competencies: readonly Competency[]
  /** The expedition (scene folder) whose framework defines each competency, by competency IRI. */
  readonly competencyExpedition: ReadonlyMap<string, string>
  readonly secureCookies: boolean
  initialAdmin?: InitialAdmin
}

export interface ErrorBody {
  readonly error: string
  readonly message: string
}

export function sendError(reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send({ error, message } satisfies ErrorBody)
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>()
  if (!header) return out
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq <= 0) continue
    const name = part.slice(0, eq).trim()
    const value = part.slice(eq + 1).trim()
    if (!out.has(name)) {
      try {
        out.set(name, decodeURIComponent(value))
      } catch {
        out.set(name, value)
      }
    }
  }
  return out
}

/** The client's address, for rate limiting (no proxy trust by default). */
export function clientIp(request: FastifyRequest): string {
  return request.ip
}

/**
 * Counts failures (wrong passwords, wrong pairing codes) per client in fixed
 * windows, in the store's rate counters: on PostgreSQL every process behind a
 * load balancer shares them, so N processes do not allow N times the guesses.
 * Keys are hashed, so no client address is kept. A window of `windowMs` allows
 * `max` failures (up to twice that across a window's edge, as fixed windows do).
 */
export class FailureLimiter {
  constructor(
    private readonly store: Store,
    private readonly name: string,
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => Date,
  ) {}

  private window(key: string): { bucket: string; start: number } {
    const start = Math.floor(this.now().getTime() / this.windowMs) * this.windowMs
    return { bucket: `${this.name}:${createHash('sha256').update(key).digest('hex').slice(0, 32)}`, start }
  }

  /** Seconds to wait when blocked, else 0. */
  async blockedFor(key: string): Promise<number> {
    const { bucket, start } = this.window(key)
    if ((await this.store.hitsIn(bucket, new Date(start).toISOString())) < this.max) return 0
    return Math.max(1, Math.ceil((start + this.windowMs - this.now().getTime()) / 1000))
  }

  async fail(key: string): Promise<void> {
    const { bucket, start } = this.window(key)
    await this.store.countHit(bucket, new Date(start).toISOString(), new Date(start - this.windowMs).toISOString())
  }
}
