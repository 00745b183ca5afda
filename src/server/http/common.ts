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

/** Counts failures per key in a sliding window; in memory (per process) for now. */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>()

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => Date,
  ) {}

  private recent(key: string): number[] {
    const cutoff = this.now().getTime() - this.windowMs
    const list = (this.failures.get(key) ?? []).filter((t) => t > cutoff)
    if (list.length === 0) this.failures.delete(key)
    else this.failures.set(key, list)
    return list
  }

  /** Seconds to wait when blocked, else 0. */
  blockedFor(key: string): number {
    const list = this.recent(key)
    if (list.length < this.max) return 0
    const oldest = list[0] ?? this.now().getTime()
    return Math.max(1, Math.ceil((oldest + this.windowMs - this.now().getTime()) / 1000))
  }

  fail(key: string): void {
    const list = this.recent(key)
    list.push(this.now().getTime())
    this.failures.set(key, list)
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value ?? '')
  }
}
