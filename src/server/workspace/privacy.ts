/**
 * Privacy: everything about one student in one file, deleting a student
 * completely, and the per-class retention sweep. Logs name only opaque ids.
 */
import type { FastifyBaseLogger } from 'fastify'
import { deriveEvidence } from '../../core/evidence/derive.js'
import { studentAgent } from '../../core/xapi/builder.js'
import type { Statement } from '../../core/xapi/types.js'
import type { DeletionCounts, StudentWithOwner } from '../db/store.js'
import type { FathomContext } from '../http/common.js'
import { actorKey } from '../lrs/agents.js'
import { attachmentHashes } from '../lrs/service.js'

/** The agent key a student's documents and index rows are kept under. */
export function studentAgentKey(ctx: FathomContext, studentId: string): string {
  return actorKey(studentAgent(ctx.publicUrl(), studentId))!
}

/** Everything Fathom holds about one student, as one JSON document (statements, evidence, documents, attachments). */
export async function studentDataExport(ctx: FathomContext, student: StudentWithOwner) {
  const klass = await ctx.store.findClass(student.classId)
  const rows = await ctx.store.statementsOfStudents([student.id])
  const statements = rows.map((r) => JSON.parse(r.body) as Statement)
  const documents = await ctx.store.documentsOfAgent(studentAgentKey(ctx, student.id))
  const attachments = await ctx.store.findAttachments(attachmentHashes(statements))
  const credentials = (await ctx.store.listCredentials({ includeStudent: true })).filter((c) => c.studentId === student.id)
  return {
    exportedAt: ctx.now().toISOString(),
    student: { id: student.id, displayName: student.displayName, createdAt: student.createdAt, classId: student.classId, className: klass?.name ?? null },
    actor: studentAgent(ctx.publicUrl(), student.id),
    evidence: deriveEvidence(statements, ctx.competencies).filter((r) => r.studentId === student.id),
    statements,
    documents: documents.map((d) => ({
      kind: d.kind,
      activityId: d.activityId,
      registration: d.registration || null,
      id: d.docId,
      contentType: d.contentType,
      updated: d.updated,
      contentBase64: d.content.toString('base64'),
    })),
    attachments: attachments.map((a) => ({ sha2: a.sha2, contentType: a.contentType, contentBase64: a.content.toString('base64') })),
    pairedDevices: credentials.map((c) => ({ key: c.key, createdAt: c.createdAt, revokedAt: c.revokedAt })),
  }
}

/** Deletes the student and everything about them (see Store#deleteStudent). */
export async function deleteStudentCompletely(ctx: FathomContext, student: StudentWithOwner): Promise<DeletionCounts> {
  return ctx.store.deleteStudent(student.id, studentAgentKey(ctx, student.id))
}

/**
 * The retention sweep: for every class with a retention setting, deletes its
 * students' statements stored more than that many days ago. Idempotent, so
 * several processes may run it; returns how many statements went.
 */
export async function runRetentionSweep(ctx: Pick<FathomContext, 'store' | 'now'>): Promise<{ classes: number; statements: number }> {
  const policies = await ctx.store.listRetentionPolicies()
  let statements = 0
  for (const p of policies) {
    const students = await ctx.store.listStudents(p.classId)
    const before = new Date(ctx.now().getTime() - p.days * 24 * 3600_000).toISOString()
    statements += await ctx.store.deleteStatementsStoredBefore(
      students.map((s) => s.id),
      before,
    )
  }
  return { classes: policies.length, statements }
}

/** Runs the sweep soon after start and then every `intervalMs`; returns a stop function. */
export function startRetentionSweep(ctx: FathomContext, intervalMs: number, log: FastifyBaseLogger): () => void {
  let running = false
  const run = () => {
    if (running) return
    running = true
    runRetentionSweep(ctx)
      .then((r) => {
        if (r.statements > 0) log.info({ classes: r.classes, statements: r.statements }, 'retention sweep deleted old statements')
      })
      .catch((error: unknown) => log.warn({ err: { message: (error as Error).message } }, 'retention sweep failed'))
      .finally(() => (running = false))
  }
  const first = setTimeout(run, 5_000)
  const timer = setInterval(run, intervalMs)
  first.unref()
  timer.unref()
  return () => {
    clearTimeout(first)
    clearInterval(timer)
  }
}
