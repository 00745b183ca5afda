/** The teacher workspace's calls to the portfolio server (same origin, session cookie + CSRF header). */
import type { EvidenceRecord } from '../../core/evidence/derive.js'
import type { Level } from '../../core/mastery/levels.js'
import type { Grid, GridCell, GridCompetency } from '../../core/evidence/grid.js'
import type { LiveSnapshot, LiveStudent } from '../../core/evidence/live.js'

export interface TeacherInfo {
  readonly id: string
  readonly username: string
}
export interface ClassInfo {
  readonly id: string
  readonly name: string
  readonly createdAt: string
  readonly archived: boolean
  readonly studentCount?: number
}
export interface StudentInfo {
  readonly id: string
  readonly classId: string
  readonly displayName: string
  readonly createdAt: string
  readonly lastSyncAt: string | null
}
export interface ClassEvidence {
  readonly competencies: readonly { readonly id: string; readonly code: string; readonly statement: string; readonly shortName: string }[]
  readonly students: readonly { readonly id: string; readonly displayName: string; readonly lastSyncAt: string | null }[]
  readonly records: readonly EvidenceRecord[]
}

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message)
  }
}

let csrfToken = ''

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {}
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (method !== 'GET') headers['x-fathom-csrf'] = csrfToken
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  if (res.status === 204) return undefined as T
  const data = (await res.json().catch(() => ({}))) as { message?: string }
  if (!res.ok) throw new ApiError(res.status, data.message ?? `Request failed (${res.status})`)
  return data as T
}

export async function currentSession(): Promise<TeacherInfo | undefined> {
  try {
    const data = await call<{ teacher: TeacherInfo; csrfToken: string }>('GET', '/api/session')
    csrfToken = data.csrfToken
    return data.teacher
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return undefined
    throw error
  }
}

export async function signIn(username: string, password: string): Promise<TeacherInfo> {
  const data = await call<{ teacher: TeacherInfo; csrfToken: string }>('POST', '/api/session', { username, password })
  csrfToken = data.csrfToken
  return data.teacher
}

export async function signOut(): Promise<void> {
  await call<void>('DELETE', '/api/session')
  csrfToken = ''
}

export const listClasses = async () => (await call<{ classes: ClassInfo[] }>('GET', '/api/classes')).classes
export const createClass = async (name: string) => (await call<{ class: ClassInfo }>('POST', '/api/classes', { name })).class
export const listStudents = async (classId: string) =>
  (await call<{ students: StudentInfo[] }>('GET', `/api/classes/${encodeURIComponent(classId)}/students`)).students
export const addStudent = async (classId: string, displayName: string) =>
  (await call<{ student: StudentInfo }>('POST', `/api/classes/${encodeURIComponent(classId)}/students`, { displayName })).student
export const pairingCode = (studentId: string) =>
  call<{ code: string; expiresAt: string }>('POST', `/api/students/${encodeURIComponent(studentId)}/pairing-code`)
export const classEvidence = (classId: string) => call<ClassEvidence>('GET', `/api/classes/${encodeURIComponent(classId)}/evidence`)
export const csvUrl = (classId: string) => `/api/classes/${encodeURIComponent(classId)}/evidence.csv`

/** An xAPI credential this teacher created for another tool (never its secret). */
export interface CredentialInfo {
  readonly key: string
  readonly label: string | null
  readonly scopes: readonly string[]
  readonly createdAt: string
  readonly revokedAt: string | null
}
export const XAPI_SCOPES = ['statements/write', 'statements/read', 'statements/read/mine', 'state', 'define', 'profile', 'all/read', 'all'] as const
export const listCredentials = async () => (await call<{ credentials: CredentialInfo[] }>('GET', '/api/credentials')).credentials
export const createCredential = (label: string, scopes: readonly string[]) =>
  call<{ credential: CredentialInfo; secret: string; authorization: string; endpoint: string }>('POST', '/api/credentials', { label, scopes })
export const revokeCredential = (key: string) => call<void>('DELETE', `/api/credentials/${encodeURIComponent(key)}`)

// ── Teacher workspace (http/teacher.ts) ──

export const csrf = () => csrfToken
export const setCsrf = (token: string) => {
  csrfToken = token
}

export const createInvite = () => call<{ link: string; token: string; expiresAt: string }>('POST', '/api/invites')
export async function signUp(token: string, username: string, password: string): Promise<TeacherInfo> {
  const data = await call<{ teacher: TeacherInfo; csrfToken: string }>('POST', '/api/signup', { token, username, password })
  csrfToken = data.csrfToken
  return data.teacher
}

export interface ClassDetail extends ClassInfo {
  readonly retentionDays: number | null
}
export const getClass = async (classId: string) => (await call<{ class: ClassDetail }>('GET', `/api/classes/${encodeURIComponent(classId)}`)).class
export const updateClass = async (classId: string, patch: { name?: string; archived?: boolean; retentionDays?: number | null }) =>
  (await call<{ class: ClassDetail }>('PATCH', `/api/classes/${encodeURIComponent(classId)}`, patch)).class

export interface PairingCard {
  readonly studentId: string
  readonly displayName: string
  readonly code: string
  readonly expiresAt: string
  readonly url: string
  readonly qrSvg: string
}
export const pairingCards = (classId: string, studentIds?: readonly string[]) =>
  call<{ class: { id: string; name: string }; cards: PairingCard[] }>('POST', `/api/classes/${encodeURIComponent(classId)}/pairing-cards`, studentIds ? { studentIds } : {})
export const rePair = (studentId: string) => call<PairingCard & { revoked: number }>('POST', `/api/students/${encodeURIComponent(studentId)}/re-pair`)
export const deleteStudent = (studentId: string, confirm: string) =>
  call<{ deleted: Record<string, number> }>('DELETE', `/api/students/${encodeURIComponent(studentId)}`, { confirm })

export type { LiveSnapshot, LiveStudent }
export const liveStreamUrl = (classId: string) => `/api/classes/${encodeURIComponent(classId)}/live/stream`

export type { Grid, GridCell, GridCompetency }
export const grid = (classId: string, filter: { expedition?: string; standard?: string }) => {
  const q = new URLSearchParams()
  if (filter.expedition) q.set('expedition', filter.expedition)
  if (filter.standard) q.set('standard', filter.standard)
  return call<Grid>('GET', `/api/classes/${encodeURIComponent(classId)}/grid${q.size ? `?${q}` : ''}`)
}

export interface Described {
  readonly id: string
  readonly timestamp: string
  readonly text: string
  readonly verb: string
  readonly success?: boolean
}
export interface PortfolioCompetency {
  readonly competency: GridCompetency
  readonly record: EvidenceRecord
  readonly history: readonly { readonly at: string; readonly statementId: string; readonly pKnown: number; readonly level: Level }[]
  readonly evidence: readonly Described[]
  readonly support: readonly (Described & { readonly step: string | null })[]
  readonly overrides: readonly Described[]
  readonly artifacts: readonly { readonly statementId: string; readonly sha2: string; readonly contentType: string; readonly name: string; readonly timestamp: string; readonly url: string }[]
}
export interface Portfolio {
  readonly student: { readonly id: string; readonly displayName: string; readonly classId: string; readonly className: string }
  readonly generatedAt: string
  readonly competencies: readonly PortfolioCompetency[]
  readonly unlocks: readonly string[]
  readonly statementCount: number
}
export const portfolio = (studentId: string) => call<Portfolio>('GET', `/api/students/${encodeURIComponent(studentId)}/portfolio`)
export const overrideLevel = (studentId: string, competencyId: string, level: Level, note: string) =>
  call<{ statement: { id: string } }>('POST', `/api/students/${encodeURIComponent(studentId)}/overrides`, { competencyId, level, note })
export const unlockStation = (studentId: string, expedition: string, station: string) =>
  call<{ statement: { id: string } }>('POST', `/api/students/${encodeURIComponent(studentId)}/unlocks`, { expedition, station })

export const EXPORT_FILES = [
  { file: 'evidence.csv', label: 'Evidence (CSV)', streamed: false },
  { file: 'evidence.json', label: 'Evidence (JSON)', streamed: false },
  { file: 'statements.csv', label: 'Statements (CSV)', streamed: true },
  { file: 'statements.ndjson', label: 'xAPI statements (NDJSON)', streamed: true },
  { file: 'statements.json', label: 'xAPI statements (JSON array)', streamed: true },
  { file: 'badges.json', label: 'Open Badges 3.0 credentials', streamed: false },
] as const
export const exportUrl = (kind: 'classes' | 'students', id: string, file: string) => `/api/${kind}/${encodeURIComponent(id)}/export/${file}`
