import type { FastifyReply, FastifyRequest } from 'fastify'
import type { ClassRow, TeacherRow } from '../db/store.js'
import { parseCookies, sendError, type FathomContext } from '../http/common.js'
import { newSecret, safeEqual, sha256Hex } from './secrets.js'

export const SESSION_COOKIE = 'fathom_session'
export const CSRF_HEADER = 'x-fathom-csrf'
const SESSION_HOURS = 12

/**
 * The CSRF token is bound to the session: derived from the session token,
 * which only the browser holding the HttpOnly cookie has. No extra storage,
 * and it works across server processes.
 */
export function csrfTokenFor(sessionToken: string): string {
  return sha256Hex(`fathom-csrf\u0000${sessionToken}`)
}

function cookie(ctx: FathomContext, value: string, maxAge: number): string {
  return [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAge}`, ...(ctx.secureCookies ? ['Secure'] : [])].join('; ')
}

export async function startSession(ctx: FathomContext, reply: FastifyReply, teacher: TeacherRow): Promise<string> {
  const token = newSecret(32)
  const now = ctx.now()
  await ctx.store.createSession({
    tokenHash: sha256Hex(token),
    teacherId: teacher.id,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString(),
  })
  reply.header('set-cookie', cookie(ctx, token, SESSION_HOURS * 3600))
  return csrfTokenFor(token)
}

export function clearSessionCookie(ctx: FathomContext, reply: FastifyReply): void {
  reply.header('set-cookie', cookie(ctx, '', 0))
}

export interface TeacherSession {
  readonly teacher: TeacherRow
  readonly token: string
  readonly csrfToken: string
}

/** The signed-in teacher of a request, if its cookie names a live session. */
export async function sessionOf(ctx: FathomContext, request: FastifyRequest): Promise<TeacherSession | undefined> {
  const token = parseCookies(request.headers.cookie).get(SESSION_COOKIE)
  if (!token) return undefined
  const session = await ctx.store.findSession(sha256Hex(token), ctx.now().toISOString())
  if (!session) return undefined
  const teacher = await ctx.store.findTeacherById(session.teacherId)
  return teacher && { teacher, token, csrfToken: csrfTokenFor(token) }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Requires a teacher session; for state-changing methods also the CSRF header.
 * Sends 401/403 and returns undefined when refused.
 */
/** The signed-in teacher's own class, or a 404 sent — for another teacher's class too, so its existence does not show. */
export async function requireOwnClass(ctx: FathomContext, session: TeacherSession, classId: string, reply: FastifyReply): Promise<ClassRow | undefined> {
  const klass = await ctx.store.findClass(classId)
  if (!klass || klass.teacherId !== session.teacher.id) {
    sendError(reply, 404, 'not_found', 'No such class')
    return undefined
  }
  return klass
}

export async function requireTeacher(ctx: FathomContext, request: FastifyRequest, reply: FastifyReply): Promise<TeacherSession | undefined> {
  const session = await sessionOf(ctx, request)
  if (!session) {
    sendError(reply, 401, 'unauthenticated', 'Sign in first')
    return undefined
  }
  if (!SAFE_METHODS.has(request.method)) {
    const header = request.headers[CSRF_HEADER]
    if (typeof header !== 'string' || !safeEqual(header, session.csrfToken)) {
      sendError(reply, 403, 'csrf', 'Missing or wrong X-Fathom-CSRF header')
      return undefined
    }
  }
  return session
}
