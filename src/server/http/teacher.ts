/**
 * The teacher workspace's API (beside http/api.ts): invitations and sign-up,
 * class settings, pairing cards and re-pairing, the live view (snapshot and
 * Server-Sent Events), the competency grid, portfolios with overrides and
 * unlocks, exports (CSV, JSON, xAPI, Open Badges 3.0) and privacy (export all,
 * delete completely, retention). Every route answers 404 for another teacher's
 * class or student, exactly as for one that does not exist.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { renderSVG } from 'uqr'
import { isLevel } from '../../core/mastery/levels.js'
import type { Statement } from '../../core/xapi/types.js'
import { createInvite, inviteLink, redeemInvite } from '../auth/invites.js'
import { issuePairingCode } from '../auth/pairing.js'
import { requireOwnClass, requireTeacher, startSession, type TeacherSession } from '../auth/sessions.js'
import type { ClassRow, StudentRow, StudentWithOwner } from '../db/store.js'
import { issueBadges, issuerKey, issuerProfile } from '../export/badges.js'
import { classEvidence, evidenceCsv, type ClassEvidence } from '../export/evidence.js'
import { exportStatements, type StatementFormat } from '../export/statements.js'
import { classGrid } from '../workspace/grid.js'
import { liveSnapshot, streamLive } from '../workspace/live.js'
import { studentPortfolio } from '../workspace/portfolio.js'
import { deleteStudentCompletely, studentDataExport } from '../workspace/privacy.js'
import { overrideStatement, storeTeacherStatement, unlockStatement } from '../workspace/teacher-statements.js'
import { clientIp, FailureLimiter, sendError, type FathomContext } from './common.js'

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

const CONTROL = /[\u0000-\u001f\u007f]/

function text(body: unknown, field: string, max: number, min = 1): string | { error: string } {
  const value = isObject(body) ? body[field] : undefined
  if (typeof value !== 'string') return { error: `${field}: must be a string` }
  const t = value.trim().normalize('NFC')
  if (t.length < min || t.length > max) return { error: `${field}: must be ${min}-${max} characters` }
  if (CONTROL.test(t.replace(/[\n\r\t]/g, ' '))) return { error: `${field}: must not contain control characters` }
  return t
}

function slug(name: string): string {
  return name.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase().slice(0, 40) || 'export'
}

/** The link a QR code on a pairing card opens: the student app with the code filled in. */
export function pairingUrl(publicUrl: string, code: string): string {
  return `${publicUrl}/?pair=${encodeURIComponent(code)}`
}

export function qrSvg(value: string): string {
  return renderSVG(value, { border: 2 })
}

const SCHOOL_NAME = () => process.env.FATHOM_SCHOOL_NAME || 'Fathom school'

interface Scope {
  readonly label: string
  readonly students: readonly StudentRow[]
  readonly klass: ClassRow
  readonly student?: StudentWithOwner
}

export async function registerTeacherApi(app: FastifyInstance, ctx: FathomContext): Promise<void> {
  const signupFailures = new FailureLimiter(ctx.store, 'sign-up-failures', 20, 10 * 60_000, ctx.now)
  const streams = new Set<() => void>()
  app.addHook('onClose', async () => {
    for (const stop of [...streams]) stop()
  })
  // SSE connections must not keep the server from closing.
  app.addHook('preClose', async () => {
    for (const stop of [...streams]) stop()
  })

  const teacher = (request: FastifyRequest, reply: FastifyReply) => requireTeacher(ctx, request, reply)

  const ownClass = (session: TeacherSession, classId: string, reply: FastifyReply) => requireOwnClass(ctx, session, classId, reply)

  async function ownStudent(session: TeacherSession, studentId: string, reply: FastifyReply): Promise<{ student: StudentWithOwner; klass: ClassRow } | undefined> {
    const student = await ctx.store.findStudent(studentId)
    const klass = student && student.teacherId === session.teacher.id ? await ctx.store.findClass(student.classId) : undefined
    if (!student || !klass) {
      sendError(reply, 404, 'not_found', 'No such student')
      return undefined
    }
    return { student, klass }
  }

  /** A class or a student the signed-in teacher owns, for the export routes. */
  async function scopeOf(request: FastifyRequest<{ Params: { kind: string; id: string } }>, reply: FastifyReply): Promise<Scope | undefined> {
    const session = await teacher(request, reply)
    if (!session) return undefined
    const { kind, id } = request.params
    if (kind === 'classes') {
      const klass = await ownClass(session, id, reply)
      if (!klass) return undefined
      return { label: klass.name, students: await ctx.store.listStudents(klass.id), klass }
    }
    if (kind === 'students') {
      const owned = await ownStudent(session, id, reply)
      if (!owned) return undefined
      return { label: owned.student.displayName, students: [owned.student], klass: owned.klass, student: owned.student }
    }
    sendError(reply, 404, 'not_found', 'No such export')
    return undefined
  }

  function download(reply: FastifyReply, type: string, name: string): FastifyReply {
    return reply.header('Content-Type', type).header('Content-Disposition', `attachment; filename="${name}"`).header('Cache-Control', 'no-store')
  }

  // ── Accounts ──

  app.post('/api/invites', async (request, reply) => {
    const session = await teacher(request, reply)
    if (!session) return reply
    const invite = await createInvite(ctx.store, session.teacher.id, ctx.now())
    request.log.info({ teacherId: session.teacher.id }, 'teacher invite created')
    reply.header('Cache-Control', 'no-store')
    return reply.code(201).send({ link: inviteLink(ctx.publicUrl(), invite.token), token: invite.token, expiresAt: invite.expiresAt })
  })

  app.post('/api/signup', async (request, reply) => {
    const ip = clientIp(request)
    const wait = await signupFailures.blockedFor(ip)
    if (wait > 0) return sendError(reply.header('Retry-After', String(wait)), 429, 'rate_limited', 'Too many failed sign-ups; wait and try again')
    const body = request.body
    const token = isObject(body) && typeof body.token === 'string' ? body.token : ''
    const username = isObject(body) && typeof body.username === 'string' ? body.username : ''
    const password = isObject(body) && typeof body.password === 'string' ? body.password : ''
    const result = await redeemInvite(ctx.store, token, username, password, ctx.now())
    if (!result.ok) {
      const messages = {
        'invalid-username': [400, 'Use 1-64 lower-case letters, digits, dot, dash or underscore for the username'],
        'weak-password': [400, 'The password must have at least 8 characters'],
        unknown: [400, 'That invitation link is not valid'],
        used: [410, 'That invitation has already been used'],
        expired: [410, 'That invitation has expired; ask for a new one'],
        exists: [409, 'That username is taken; choose another'],
      } as const
      if (result.reason === 'unknown' || result.reason === 'used' || result.reason === 'expired') await signupFailures.fail(ip)
      const [status, message] = messages[result.reason]
      return sendError(reply, status, result.reason.replace('-', '_'), message)
    }
    const csrfToken = await startSession(ctx, reply, result.teacher)
    request.log.info({ teacherId: result.teacher.id }, 'teacher signed up with an invite')
    return reply.code(201).send({ teacher: { id: result.teacher.id, username: result.teacher.username }, csrfToken })
  })

  // ── Classes ──

  app.get<{ Params: { classId: string } }>('/api/classes/:classId', async (request, reply) => {
    const session = await teacher(request, reply)
    if (!session) return reply
    const klass = await ownClass(session, request.params.classId, reply)
    if (!klass) return reply
    return { class: { ...klass, retentionDays: await ctx.store.classRetention(klass.id) } }
  })

  app.patch<{ Params: { classId: string } }>('/api/classes/:classId', async (request, reply) => {
    const session = await teacher(request, reply)
    if (!session) return reply
    const klass = await ownClass(session, request.params.classId, reply)
    if (!klass) return reply
    const body = request.body
    if (!isObject(body)) return sendError(reply, 400, 'bad_request', 'Send a JSON object with name, archived and/or retentionDays')
    let name: string | undefined
    if (body.name !== undefined) {
      const t = text(body, 'name', 100)
      if (typeof t !== 'string') return sendError(reply, 400, 'bad_request', t.error)
      name = t
    }
    if (body.archived !== undefined && typeof body.archived !== 'boolean') return sendError(reply, 400, 'bad_request', 'archived: must be true or false')
    const retention = body.retentionDays
    if (retention !== undefined && retention !== null && !(Number.isInteger(retention) && (retention as number) >= 1 && (retention as number) <= 36_500)) {
      return sendError(reply, 400, 'bad_request', 'retentionDays: must be a whole number of days (1-36500) or null to keep statements')
    }
    await ctx.store.updateClass(klass.id, { ...(name === undefined ? {} : { name }), ...(typeof body.archived === 'boolean' ? { archived: body.archived } : {}) })
    if (retention !== undefined) await ctx.store.setClassRetention(klass.id, retention as number | null)
    const updated = (await ctx.store.findClass(klass.id))!
    request.log.info({ classId: klass.id }, 'class updated')
    return { class: { ...updated, retentionDays: await ctx.store.classRetention(klass.id) } }
  })

  // ── Pairing cards and re-pairing ──

  app.post<{ Params: { classId: string } }>('/api/classes/:classId/pairing-cards', async (request, reply) => {
    const session = await teacher(request, reply)
    if (!session) return reply
    const klass = await ownClass(session, request.params.classId, reply)
    if (!klass) return reply
    const wanted = isObject(request.body) && Array.isArray(request.body.studentIds) ? new Set(request.body.studentIds.filter((s): s is string => typeof s === 'string')) : undefined
    const students = (await ctx.store.listStudents(klass.id)).filter((s) => !wanted || wanted.has(s.id))
    const cards = []
    for (const s of students) {
      const { code, expiresAt } = await issuePairingCode(ctx.store, s.id, ctx.now())
      const url = pairingUrl(ctx.publicUrl(), code)
      cards.push({ studentId: s.id, displayName: s.displayName, code, expiresAt, url, qrSvg: qrSvg(url) })
    }
    reply.header('Cache-Control', 'no-store')
    return reply.code(201).send({ class: { id: klass.id, name: klass.name }, cards })
  })

  app.post<{ Params: { studentId: string } }>('/api/students/:studentId/re-pair', async (request, reply) => {
    const session = await teacher(request, reply)
    if (!session) return reply
    const owned = await ownStudent(session, request.params.studentId, reply)
    if (!owned) return reply
    const revoked = await ctx.store.revokeStudentCredentials(owned.student.id, ctx.now().toISOString())
    const { code, expiresAt } = await issuePairingCode(ctx.store, owned.student.id, ctx.now())
    const url = pairingUrl(ctx.publicUrl(), code)
    request.log.info({ studentId: owned.student.id, revoked }, 'student re-paired: old headset credentials revoked')
    reply.header('Cache-Control', 'no-store')
    return reply.code(201).send({ studentId: owned.student.id, displayName: owned.student.displayName, revoked, code, expiresAt, url, qrSvg: qrSvg(url) })
  })

  // ── Live view ──

  app.get<{ Params: { classId: string } }>('/api/classes/:classId/live', async (request, reply) => {
    const session = await teacher(request, reply)
    if (!session) return reply
    const klass = await ownClass(session, request.params.classId, reply)
    if (!klass) return reply
    reply.header('Cache-Control', 'no-store')
    return liveSnapshot(ctx.store, klass, ctx.now())
  })

  app.get<{ Params: { classId: string } }>('/api/classes/:classId/live/stream', async (request, reply) => {
    const session = await teacher(request, reply)
    if (!session) return reply
    const klass = await ownClass(session, request.params.classId, reply)
    if (!klass) return reply
    streamLive(ctx.store, klass, ctx.now, request, reply, streams)
    return reply
  })

  // ── Competency grid ──

  app.get<{ Params: { classId: string }; Querystring: { expedition?: string; standard?: string } }>('/api/classes/:classId/grid', async (request, reply) => {
    const session = await teacher(request, reply)
    if (!session) return reply
    const klass = await ownClass(session, request.params.classId, reply)
    if (!klass) return reply
    const { expedition, standard } = request.query
    reply.header('Cache-Control', 'no-store')
    return classGrid(ctx.store, klass, ctx.competencies, ctx.competencyExpedition, {
      ...(expedition ? { expedition: String(expedition) } : {}),
      ...(standard ? { standard: String(standard) } : {}),
    })
  })

  // ── Portfolio, overrides, unlocks ──

  app.get<{ Params: { studentId: string } }>('/api/students/:studentId/portfolio', async (request, reply) => {
    const session = await teacher(request, reply)
    if (!session) return reply
    const owned = await ownStudent(session, request.params.studentId, reply)
    if (!owned) return reply
    reply.header('Cache-Control', 'no-store')
    return studentPortfolio(ctx.store, owned.student, owned.klass, ctx.competencies, ctx.competencyExpedition, ctx.now())
  })

  app.get<{ Params: { studentId: string; sha2: string } }>('/api/students/:studentId/attachments/:sha2', async (request, reply) => {
    const session = await teacher(request, reply)
    if (!session) return reply
    const owned = await ownStudent(session, request.params.studentId, reply)
    if (!owned) return reply
    const sha2 = request.params.sha2.toLowerCase()
    const rows = await ctx.store.statementsOfStudents([owned.student.id])
    const linked = rows.some((r) => ((JSON.parse(r.body) as Statement).attachments ?? []).some((a) => a.sha2.toLowerCase() === sha2))
    const [found] = linked ? await ctx.store.findAttachments([sha2]) : []
    if (!found) return sendError(reply, 404, 'not_found', 'No such artifact')
    const safe = /^image\/(png|jpeg|webp|gif)$/.test(found.contentType) ? found.contentType : 'application/octet-stream'
    return reply
      .header('Content-Type', safe)
      .header('Cache-Control', 'private, no-store')
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Security-Policy', "default-src 'none'")
      .send(found.content)
  })

  app.post<{ Params: { studentId: string } }>('/api/students/:studentId/overrides', async (request, reply) => {
    const session = await teacher(request, reply)
    if (!session) return reply
    const owned = await ownStudent(session, request.params.studentId, reply)
    if (!owned) return reply
    const body = request.body
    const competencyId = isObject(body) && typeof body.competencyId === 'string' ? body.competencyId : ''
    if (!ctx.competencies.some((c) => c.id === competencyId)) return sendError(reply, 400, 'bad_request', 'competencyId: must be a competency of a loaded framework')
    const level = isObject(body) ? body.level : undefined
    if (!isLevel(level)) return sendError(reply, 400, 'bad_request', 'level: must be no-evidence, not-yet-proficient, proficient or advanced')
    const note = text(body, 'note', 1000)
    if (typeof note !== 'string') return sendError(reply, 400, 'bad_request', `${note.error} (say why you set the level)`)
    const input = { homePage: ctx.publicUrl(), teacherId: session.teacher.id, studentId: owned.student.id, now: ctx.now() }
    const statement = await storeTeacherStatement(ctx.store, input, overrideStatement(input, competencyId, level, note))
    request.log.info({ teacherId: session.teacher.id, studentId: owned.student.id, statementId: statement.id }, 'level overridden')
    return reply.code(201).send({ statement })
  })

  app.post<{ Params: { studentId: string } }>('/api/students/:studentId/unlocks', async (request, reply) => {
    const session = await teacher(request, reply)
    if (!session) return reply
    const owned = await ownStudent(session, request.params.studentId, reply)
    if (!owned) return reply
    const expedition = text(request.body, 'expedition', 100)
    const station = text(request.body, 'station', 100)
    if (typeof expedition !== 'string') return sendError(reply, 400, 'bad_request', expedition.error)
    if (typeof station !== 'string') return sendError(reply, 400, 'bad_request', station.error)
    const input = { homePage: ctx.publicUrl(), teacherId: session.teacher.id, studentId: owned.student.id, now: ctx.now() }
    const statement = await storeTeacherStatement(ctx.store, input, unlockStatement(input, expedition, station))
    request.log.info({ teacherId: session.teacher.id, studentId: owned.student.id, statementId: statement.id }, 'station unlocked')
    return reply.code(201).send({ statement })
  })

  // ── Exports (a class or a student) ──

  async function evidenceOf(scope: Scope): Promise<ClassEvidence> {
    return classEvidence(ctx.store, scope.klass, ctx.competencies, scope.student?.id)
  }

  type ExportParams = { Params: { kind: string; id: string } }

  app.get<ExportParams>('/api/:kind/:id/export/evidence.csv', async (request, reply) => {
    const scope = await scopeOf(request, reply)
    if (!scope) return reply
    const csv = evidenceCsv(await evidenceOf(scope))
    return download(reply, 'text/csv; charset=utf-8', `fathom-evidence-${slug(scope.label)}-${ctx.now().toISOString().slice(0, 10)}.csv`).send(`\uFEFF${csv}`)
  })

  app.get<ExportParams>('/api/:kind/:id/export/evidence.json', async (request, reply) => {
    const scope = await scopeOf(request, reply)
    if (!scope) return reply
    const evidence = await evidenceOf(scope)
    const body = {
      format: 'fathom-evidence/1',
      exportedAt: ctx.now().toISOString(),
      class: { id: scope.klass.id, name: scope.klass.name },
      competencies: ctx.competencies.map((c) => ({ id: c.id, code: c.code, statement: c.statement, shortName: c.shortName, expedition: ctx.competencyExpedition.get(c.id) ?? null, standards: c.alignments })),
      students: evidence.students.map((s) => ({ ...s, evidence: evidence.records.filter((r) => r.studentId === s.id) })),
    }
    return download(reply, 'application/json; charset=utf-8', `fathom-evidence-${slug(scope.label)}-${ctx.now().toISOString().slice(0, 10)}.json`).send(JSON.stringify(body, null, 2))
  })

  const STATEMENT_FORMATS: Record<string, { format: StatementFormat; type: string }> = {
    'statements.csv': { format: 'csv', type: 'text/csv; charset=utf-8' },
    'statements.ndjson': { format: 'ndjson', type: 'application/x-ndjson; charset=utf-8' },
    'statements.json': { format: 'json', type: 'application/json; charset=utf-8' },
  }

  app.get<{ Params: { kind: string; id: string; file: string } }>('/api/:kind/:id/export/:file', async (request, reply) => {
    const spec = STATEMENT_FORMATS[request.params.file]
    if (!spec && request.params.file !== 'badges.json' && request.params.file !== 'all.json') return sendError(reply, 404, 'not_found', 'No such export')
    const scope = await scopeOf(request, reply)
    if (!scope) return reply
    const date = ctx.now().toISOString().slice(0, 10)
    if (request.params.file === 'all.json') {
      if (!scope.student) return sendError(reply, 404, 'not_found', 'all.json is per student')
      request.log.info({ teacherId: scope.klass.teacherId, studentId: scope.student.id }, 'student data exported')
      return download(reply, 'application/json; charset=utf-8', `fathom-student-data-${scope.student.id}-${date}.json`).send(
        JSON.stringify(await studentDataExport(ctx, scope.student), null, 2),
      )
    }
    if (request.params.file === 'badges.json') {
      const key = await issuerKey(ctx.store, ctx.config.dataDir)
      const credentials = await issueBadges(ctx.store, scope.students, ctx.competencies, { key, publicUrl: ctx.publicUrl(), schoolName: SCHOOL_NAME(), now: ctx.now() })
      const body = { format: 'fathom-open-badges/1', issuer: issuerProfile(ctx.publicUrl(), SCHOOL_NAME()), jwks: { keys: [key.publicJwk] }, credentials }
      return download(reply, 'application/json; charset=utf-8', `fathom-badges-${slug(scope.label)}-${date}.json`).send(JSON.stringify(body, null, 2))
    }
    const names = new Map(scope.students.map((s) => [s.id, s.displayName]))
    const out = await exportStatements(ctx.store, scope.students.map((s) => s.id), spec!.format, names, (studentId, sha2) =>
      `${ctx.publicUrl()}/api/students/${encodeURIComponent(studentId)}/attachments/${sha2}`,
    )
    const ext = request.params.file.split('.').pop()!
    return download(reply, spec!.type, `fathom-statements-${slug(scope.label)}-${date}.${ext}`)
      .header('X-Fathom-Total', String(out.total))
      .header('Access-Control-Expose-Headers', 'X-Fathom-Total')
      .send(out.stream)
  })

  // ── The issuer (public: what verifiers of a badge need) ──

  app.get('/api/issuer', async () => issuerProfile(ctx.publicUrl(), SCHOOL_NAME()))
  app.get('/api/issuer/jwks', async () => ({ keys: [(await issuerKey(ctx.store, ctx.config.dataDir)).publicJwk] }))

  // ── Privacy: delete a student completely ──

  app.delete<{ Params: { studentId: string } }>('/api/students/:studentId', async (request, reply) => {
    const session = await teacher(request, reply)
    if (!session) return reply
    const owned = await ownStudent(session, request.params.studentId, reply)
    if (!owned) return reply
    const confirm = isObject(request.body) && typeof request.body.confirm === 'string' ? request.body.confirm.trim().normalize('NFC') : ''
    if (confirm !== owned.student.displayName) {
      return sendError(reply, 400, 'confirm', 'To delete, send confirm: the student’s display name exactly (this cannot be undone)')
    }
    const counts = await deleteStudentCompletely(ctx, owned.student)
    request.log.info({ teacherId: session.teacher.id, studentId: owned.student.id, ...counts }, 'student deleted completely')
    return { deleted: { studentId: owned.student.id, ...counts } }
  })
}
