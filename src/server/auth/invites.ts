import type { Store, TeacherRow } from '../db/store.js'
import { hashPassword, newId, newSecret, sha256Hex } from './secrets.js'
import { normalizeUsername, USERNAME_PATTERN } from './teachers.js'

/** How long an invitation link works. */
export const INVITE_DAYS = 7

export interface IssuedInvite {
  /** The secret token, shown once (the link carries it); only its hash is stored. */
  readonly token: string
  readonly expiresAt: string
}

/** Creates a single-use invitation; `createdBy` is the inviting teacher, or null from the admin CLI. */
export async function createInvite(store: Store, createdBy: string | null, now: Date, days = INVITE_DAYS): Promise<IssuedInvite> {
  const token = newSecret(24)
  const expiresAt = new Date(now.getTime() + days * 24 * 3600_000).toISOString()
  await store.createInvite({ tokenHash: sha256Hex(token), createdBy, createdAt: now.toISOString(), expiresAt })
  return { token, expiresAt }
}

/** The link a new teacher opens: the token rides in the fragment, so it never reaches a server log. */
export function inviteLink(publicUrl: string, token: string): string {
  return `${publicUrl}/teacher#/join/${token}`
}

export type RedeemResult =
  | { readonly ok: true; readonly teacher: TeacherRow }
  | { readonly ok: false; readonly reason: 'invalid-username' | 'weak-password' | 'unknown' | 'used' | 'expired' | 'exists' }

/** Signs up with an invitation: checks the username and password, then redeems and creates atomically. */
export async function redeemInvite(store: Store, token: string, username: string, password: string, now: Date): Promise<RedeemResult> {
  const name = normalizeUsername(username)
  if (!USERNAME_PATTERN.test(name)) return { ok: false, reason: 'invalid-username' }
  if (password.length < 8) return { ok: false, reason: 'weak-password' }
  const teacher: TeacherRow = { id: newId('t'), username: name, passwordHash: await hashPassword(password), createdAt: now.toISOString() }
  const outcome = await store.redeemInvite(sha256Hex(token), now.toISOString(), teacher)
  return outcome.status === 'ok' ? { ok: true, teacher } : { ok: false, reason: outcome.status }
}
