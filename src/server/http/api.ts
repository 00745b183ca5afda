import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { studentAgent } from '../../core/xapi/builder.js'
import { issueCredential, parseScopes, presentCredential, STUDENT_SCOPES } from '../auth/credentials.js'
import { codeHash, issuePairingCode, looksLikeCode, normalizeCode } from '../auth/pairing.js'
import { verifyPassword } from '../auth/secrets.js'
import { newId, sha256Hex } from '../auth/secrets.js'
import { clearSessionCookie, requireOwnClass, requireTeacher, sessionOf, startSession, type TeacherSession } from '../auth/sessions.js'
import { normalizeUsername } from '../auth/teachers.js'
import type { ClassRow } from '../db/store.js'
import { classEvidence, csvFileName, evidenceCsv } from '../export/evidence.js'
import { clientIp, FailureLimiter, sendError, type FathomContext } from './common.js'

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

const EMAILISH = /[^\s@]+@[^\s@]+\.[^\s@]+|mailto:/i
// Control characters are not allowed in names.
const CONTROL = /[\u0000-\u001f\u007f]/

function textField(body: unknown, field: string, max: number): { ok: true; value: string } | { ok: false; message: string } {
  const value = isObject(body) ? body[field] : undefined
  if (typeof value !== 'string') return { ok: false, message: `${field}: must be a string` }
  const text = value.trim().normalize('NFC')
  if (text.length < 1 || text.length > max) return { ok: false, message: `${field}: must be 1-${max} characters` }
  if (CONTROL.test(text)) return { ok: false, message: `${field}: must not contain control characters` }
  return { ok: true, value: text }
}

function presentClass(c: ClassRow, studentCount?: number) {
  return { id: c.id, name: c.name, createdAt: c.createdAt, archived: c.archived, ...(studentCount === undefined ? {} : { studentCount }) }
}

export async function registerApi(app: FastifyInstance, ctx: FathomContext): Promise<void> {
  const pairFailures = new FailureLimiter(ctx.store, 'pair-failures', 20, 10 * 60_000, ctx.now)
  const loginFailures = new FailureLimiter(ctx.store, 'sign-in-failures', 10, 10 * 60_000, ctx.now)

  const ownClass = (session: TeacherSession, classId: string, reply: FastifyReply) => requireOwnClass(ctx, session, classId, reply)

  const teacher = (request: FastifyRequest, reply: FastifyReply) => requireTeacher(ctx, request, reply)

  app.get('/api/session', async (request, reply) => {
    const session = await sessionOf(ctx, request)
    if (!session) return sendError(reply, 401, 'unauthenticated', 'Not signed in')
    return { teacher: { id: session.teacher.id, username: session.teacher.username }, csrfToken: session.csrfToken }
  })

  app.post('/api/session', async (request, reply) => {
    const ip = clientIp(request)
    const wait = await loginFailures.blockedFor(ip)
    if (wait > 0) return sendError(reply.header('Retry-After', String(wait)), 429, 'rate_limited', 'Too many failed sign-ins; wait and try again')
    const body = request.body
    const username = isObject(body) && typeof body.username === 'string' ? normalizeUsername(body.username) : undefined
    const password = isObject(body) && typeof body.password === 'string' ? body.password : undefined
    if (username === undefined || password === undefined) return sendError(reply, 400, 'bad_request', 'username and password are required')
    const found = await ctx.store.findTeacherByUsername(username)
    const ok = await verifyPassword(password, found?.passwordHash)
    if (!ok || !found) {
      await loginFailures.fail(ip)
      return sendError(reply, 401, 'wrong_credentials', 'Wrong username or password')
    }
    const csrfToken = await startSession(ctx, reply, found)
    request.log.info({ teacherId: found.id }, 'teacher signed in')
    return { teacher: { id: found.id, username: found.username }, csrfToken }
  })

  app.delete('/api/session', async (request, reply) => {
    const session = await teacher(request, reply)
    if (!session) return reply
    await ctx.store.deleteSession(sha256Hex(session.token))
    clearSessionCookie(ctx, reply)
    return reply.code(204).send()
  })

  app.get('/api/classes', async (request, reply) => {
    const session = await teacher(request, reply)
    if (!session) return reply
    const classes = await ctx.store.listClasses(session.teacher.id)
    const out = []
    for (const c of classes) out.push(presentClass(c, (await ctx.store.listStudents(c.id)).length))
    return { classes: out }
  })

  app.post('/api/classes', async (request, reply) => {
    const session = await teacher(request, reply)
    if (!session) return reply
    const name = textField(request.body, 'name', 100)
    if (!name.ok) return sendError(reply, 400, 'bad_request', name.message)
    const row: ClassRow = { id: newId('c'), teacherId: session.teacher.id, name: name.value, createdAt: ctx.now().toISOString(), archived: false }
    await ctx.store.createClass(row)
    return reply.code(201).send({ class: presentClass(row, 0) })
  })

  app.get<{ Params: { classId: string } }>('/api/classes/:classId/students', async (request, reply) => {
    const session = await teacher(request, reply)
    if (!session) return reply
    const klass = await ownClass(session, request.params.classId, reply)
    if (!klass) return reply
    const students = await ctx.store.listStudents(klass.id)
    const lastSync = await ctx.store.lastStoredByStudent(students.map((s) => s.id))
    return {
      students: students.map((s) => ({ id: s.id, classId: s.classId, displayName: s.displayName, createdAt: s.createdAt, lastSyncAt: lastSync.get(s.id) ?? null })),
    }
  })

  app.post<{ Params: { classId: string } }>('/api/classes/:classId/students', async (request, reply) => {
    const session = await teacher(request, reply)
    if (!session) return reply
    const klass = await ownClass(session, request.params.classId, reply)
    if (!klass) return reply
    const name = textField(request.body, 'displayName', 60)
    if (!name.ok) return sendError(reply, 400, 'bad_request', name.message)
    if (EMAILISH.test(name.value)) {
      return sendError(reply, 400, 'bad_request', 'displayName: use a name or nickname, not an email address (students are pseudonymous)')
    }
    const row = { id: newId('s'), classId: klass.id, displayName: name.value, createdAt: ctx.now().toISOString() }
    await ctx.store.createStudent(row)
    request.log.info({ classId: klass.id, studentId: row.id }, 'student created')
    return reply.code(201).send({ student: { ...row, lastSyncAt: null } })
  })

  app.post<{ Params: { studentId: string } }>('/api/students/:studentId/pairing-code', async (request, reply) => {
    const session = await teacher(request, reply)
    if (!session) return reply
    const student = await ctx.store.findStudent(request.params.studentId)
    if (!student || student.teacherId !== session.teacher.id) return sendError(reply, 404, 'not_found', 'No such student')
    const issued = await issuePairingCode(ctx.store, student.id, ctx.now())
    return reply.code(201).send(issued)
  })

  app.post('/api/pair', async (request, reply) => {
    const ip = clientIp(request)
    const wait = await pairFailures.blockedFor(ip)
    if (wait > 0) return sendError(reply.header('Retry-After', String(wait)), 429, 'rate_limited', 'Too many wrong codes; wait a few minutes and try again')
    const body = request.body
    const raw = isObject(body) && typeof body.code === 'string' ? normalizeCode(body.code) : undefined
    if (raw === undefined || !looksLikeCode(raw)) {
      await pairFailures.fail(ip)
      return sendError(reply, 400, 'invalid_code', 'Enter the 6-character code your teacher gave you')
    }
    const now = ctx.now()
    const outcome = await ctx.store.consumePairingCode(codeHash(raw), now.toISOString())
    if (outcome.status !== 'ok') {
      await pairFailures.fail(ip)
      if (outcome.status === 'unknown') return sendError(reply, 400, 'invalid_code', 'That code is not valid. Check it, or ask your teacher for a new one')
      if (outcome.status === 'used') return sendError(reply, 410, 'code_used', 'That code has already been used. Ask your teacher for a new one')
      return sendError(reply, 410, 'code_expired', 'That code has expired. Ask your teacher for a new one')
    }
    const student = await ctx.store.findStudent(outcome.studentId)
    if (!student) return sendError(reply, 410, 'code_used', 'That student no longer exists')
    const credential = await issueCredential(ctx.store, STUDENT_SCOPES, now, { studentId: student.id })
    const publicUrl = ctx.publicUrl()
    request.log.info({ studentId: student.id, credential: credential.key }, 'device paired')
    return {
      student: { id: student.id, displayName: student.displayName },
      actor: studentAgent(publicUrl, student.id),
      endpoint: `${publicUrl}/xapi/`,
      auth: credential.authorization,
    }
  })

  // xAPI credentials a teacher creates for other tools (an LMS, a dashboard). Each is tied to
  // the teacher: it reads only the teacher's students' statements plus what it wrote itself.
  app.get('/api/credentials', async (request, reply) => {
    const session = await teacher(request, reply)
    if (!session) return reply
    reply.header('Cache-Control', 'no-store')
    return { credentials: (await ctx.store.listCredentials({ teacherId: session.teacher.id })).map(presentCredential) }
  })

  app.post('/api/credentials', async (request, reply) => {
    const session = await teacher(request, reply)
    if (!session) return reply
    const label = textField(request.body, 'label', 100)
    if (!label.ok) return sendError(reply, 400, 'bad_request', label.message)
    const scopes = parseScopes(isObject(request.body) ? request.body.scopes : undefined)
    if (!scopes.ok) return sendError(reply, 400, 'bad_request', scopes.message)
    const issued = await issueCredential(ctx.store, scopes.scopes, ctx.now(), { teacherId: session.teacher.id, label: label.value })
    request.log.info({ teacherId: session.teacher.id, credential: issued.key }, 'credential created')
    reply.header('Cache-Control', 'no-store')
    return reply.code(201).send({
      credential: presentCredential(issued.row),
      secret: issued.secret,
      authorization: issued.authorization,
      endpoint: `${ctx.publicUrl()}/xapi/`,
    })
  })

  app.delete<{ Params: { key: string } }>('/api/credentials/:key', async (request, reply) => {
    const session = await teacher(request, reply)
    if (!session) return reply
    const found = await ctx.store.findCredential(request.params.key)
    if (!found || found.teacherId !== session.teacher.id) return sendError(reply, 404, 'not_found', 'No such credential')
    await ctx.store.revokeCredential(found.key, ctx.now().toISOString())
    request.log.info({ teacherId: session.teacher.id, credential: found.key }, 'credential revoked')
    return reply.code(204).send()
  })

  app.get<{ Params: { classId: string } }>('/api/classes/:classId/evidence', async (request, reply) => {
    const session = await teacher(request, reply)
    if (!session) return reply
    const klass = await ownClass(session, request.params.classId, reply)
    if (!klass) return reply
    reply.header('Cache-Control', 'no-store')
    return classEvidence(ctx.store, klass, ctx.competencies)
  })

  app.get<{ Params: { classId: string } }>('/api/classes/:classId/evidence.csv', async (request, reply) => {
    const session = await teacher(request, reply)
    if (!session) return reply
    const klass = await ownClass(session, request.params.classId, reply)
    if (!klass) return reply
    const csv = evidenceCsv(await classEvidence(ctx.store, klass, ctx.competencies))
    return reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${csvFileName(klass, ctx.now())}"`)
      .header('Cache-Control', 'no-store')
      .send(csv)
  })
}
