/**
 * Who is calling the LRS and what they may do: xAPI scopes (1.0.3
 * Communication §4.2) on HTTP Basic credentials, plus Fathom's ownership rules.
 *
 * - A system credential (admin CLI) is bound to nobody: its scopes are all.
 * - A teacher credential (created on the teacher pages) is bound to its
 *   teacher: it reads statements about that teacher's students plus the
 *   statements it wrote itself, and may not write or keep documents about
 *   other teachers' students.
 * - A paired-student credential writes and reads only as its own student, and
 *   keeps State/Profile documents only for that student's agent.
 * - A teacher session (cookie) reads statements of the teacher's classes only.
 */
import type { Visibility } from '../db/store.js'
import { actorKey, studentIdOfActor } from './agents.js'

export type LrsPrincipal =
  | {
      readonly kind: 'credential'
      readonly key: string
      readonly label: string | null
      readonly studentId: string | null
      readonly teacherId: string | null
      readonly scopes: readonly string[]
      /** For a teacher credential: the teacher's students. */
      readonly teacherStudentIds: readonly string[]
    }
  | { readonly kind: 'teacher'; readonly teacherId: string; readonly studentIds: readonly string[] }

export class LrsError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message)
  }
}

export const forbidden = (message: string) => new LrsError(403, 'forbidden', message)

function has(p: LrsPrincipal, ...scopes: string[]): boolean {
  return p.kind === 'credential' && (p.scopes.includes('all') || scopes.some((s) => p.scopes.includes(s)))
}

export function canWriteStatements(p: LrsPrincipal): boolean {
  return has(p, 'statements/write')
}

/** `define`: whether statements from this caller may update canonical Activity/Agent definitions. */
export function canDefine(p: LrsPrincipal): boolean {
  return has(p, 'define')
}

/** Reads of a document resource: `state` or `profile`, or all/read, or all. */
export function canReadDocuments(p: LrsPrincipal, scope: 'state' | 'profile'): boolean {
  return has(p, scope, 'all/read')
}

export function canWriteDocuments(p: LrsPrincipal, scope: 'state' | 'profile'): boolean {
  return has(p, scope)
}

/** GET /xapi/activities and /xapi/agents: any read scope. */
export function canReadDefinitions(p: LrsPrincipal): boolean {
  return p.kind === 'teacher' || has(p, 'all/read', 'statements/read', 'statements/read/mine', 'define', 'state', 'profile')
}

/**
 * The statements this caller may read, or undefined for all of them.
 * Throws 403 when it may read none.
 */
export function readVisibility(p: LrsPrincipal): Visibility | undefined {
  if (p.kind === 'teacher') return { studentIds: p.studentIds, credentialKeys: [] }
  const broad = has(p, 'statements/read', 'all/read')
  if (!broad && !has(p, 'statements/read/mine')) throw forbidden('These credentials cannot read statements (scope statements/read, statements/read/mine, all/read or all)')
  // A student's authority names the student, so "mine" is the student's statements.
  if (p.studentId !== null) return { studentIds: [p.studentId], credentialKeys: [p.key] }
  if (!broad) return { studentIds: [], credentialKeys: [p.key] }
  if (p.teacherId !== null) return { studentIds: p.teacherStudentIds, credentialKeys: [p.key] }
  return undefined
}

/** Whether one stored statement is visible under a visibility. */
export function visible(v: Visibility | undefined, row: { studentId: string | null; credentialKey: string | null }): boolean {
  if (v === undefined) return true
  return (row.studentId !== null && v.studentIds.includes(row.studentId)) || (row.credentialKey !== null && v.credentialKeys.includes(row.credentialKey))
}

/**
 * Whether the caller may write a statement with this actor, or keep documents
 * for this agent: student credentials only their own student; teacher
 * credentials not other teachers' students.
 */
export function mayActFor(p: LrsPrincipal, agent: unknown, homePage: string): boolean {
  if (p.kind !== 'credential') return false
  const studentId = studentIdOfActor(agent, homePage)
  if (p.studentId !== null) return studentId === p.studentId
  if (p.teacherId !== null && studentId !== undefined) return p.teacherStudentIds.includes(studentId)
  return true
}

/**
 * Teacher decisions (a level overridden, a station unlocked) are about the
 * student in the statement's object, and only someone who teaches that student
 * makes them: never a paired student's credential (it could award itself a
 * level, and with it a signed badge), a teacher's credential not for another
 * teacher's students, the school's system credentials (re-importing an
 * export, say) always. Returns the student the statement is filed under — the object, as
 * core deriveEvidence credits it — or null when the object is no student here.
 */
export function teacherDecisionStudent(p: LrsPrincipal, object: unknown, homePage: string, label: string): string | null {
  if (p.kind !== 'credential' || p.studentId !== null) throw forbidden(`${label}.verb: only a teacher overrides a level or unlocks a station`)
  const studentId = studentIdOfActor(object, homePage) ?? null
  // About an agent that is no student here (an export of another server re-imported): it changes no one's evidence.
  if (p.teacherId !== null && studentId !== null && !p.teacherStudentIds.includes(studentId)) {
    throw forbidden(`${label}.object: these credentials may not make decisions about this student`)
  }
  return studentId
}

/** For a student credential, the only agent key it may use for documents. */
export function ownAgentKey(p: LrsPrincipal, homePage: string): string | undefined {
  if (p.kind !== 'credential' || p.studentId === null) return undefined
  return actorKey({ account: { homePage, name: p.studentId } })
}

/**
 * The authority the LRS records (Data §2.4.9, Communication §4.1): an Agent
 * for the credential; for a credential acting for a known user (a paired
 * student, or a teacher's credential) a Group of the credential (the
 * application) and that user, as for OAuth "registered application + known user".
 */
export function authorityOf(p: LrsPrincipal, homePage: string): Record<string, unknown> {
  if (p.kind !== 'credential') throw forbidden('Only credentials can write')
  const app = { objectType: 'Agent', ...(p.label ? { name: p.label } : {}), account: { homePage, name: p.key } }
  const user = p.studentId ?? p.teacherId
  if (user === null) return app
  return { objectType: 'Group', member: [app, { objectType: 'Agent', account: { homePage, name: user } }] }
}
