/** The teacher workspace's calls to the portfolio server (same origin, session cookie + CSRF header). */
import type { EvidenceRecord } from '../../core/evidence/derive.js'

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
