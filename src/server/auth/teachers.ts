import type { Store, TeacherRow } from '../db/store.js'
import { hashPassword, newId, newPassword } from './secrets.js'

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/

export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase()
}

export type CreateTeacherResult =
  | { readonly ok: true; readonly teacher: TeacherRow; readonly password: string; readonly generated: boolean }
  | { readonly ok: false; readonly reason: 'invalid-username' | 'exists' | 'weak-password' }

export async function createTeacher(store: Store, username: string, password: string | undefined, now: Date): Promise<CreateTeacherResult> {
  const name = normalizeUsername(username)
  if (!USERNAME_PATTERN.test(name)) return { ok: false, reason: 'invalid-username' }
  if (password !== undefined && password.length < 8) return { ok: false, reason: 'weak-password' }
  const generated = password === undefined
  const secret = password ?? newPassword()
  const teacher: TeacherRow = { id: newId('t'), username: name, passwordHash: await hashPassword(secret), createdAt: now.toISOString() }
  if (!(await store.createTeacher(teacher))) return { ok: false, reason: 'exists' }
  return { ok: true, teacher, password: secret, generated }
}

export interface InitialAdmin {
  readonly username: string
  /** Present only when it was generated now; shown once, stored only as a hash. */
  readonly generatedPassword?: string
}

/** On first start (no teachers yet) creates `admin`, with FATHOM_ADMIN_PASSWORD or a generated password. */
export async function ensureInitialTeacher(store: Store, adminPassword: string | undefined, now: Date): Promise<InitialAdmin | undefined> {
  if ((await store.countTeachers()) > 0) return undefined
  const result = await createTeacher(store, 'admin', adminPassword, now)
  // Another process sharing the database created it first: nothing to do.
  if (!result.ok && result.reason === 'exists') return undefined
  if (!result.ok) throw new Error(`Could not create the initial teacher: ${result.reason}`)
  return result.generated ? { username: 'admin', generatedPassword: result.password } : { username: 'admin' }
}
