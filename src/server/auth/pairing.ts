import type { Store } from '../db/store.js'
import { CODE_ALPHABET, newPairingCode, sha256Hex } from './secrets.js'

export const PAIRING_MINUTES = 15

/** Upper-cases and drops spaces and dashes, so `abc-234` reads as `ABC234`. */
export function normalizeCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '')
}

export function looksLikeCode(code: string): boolean {
  return code.length === 6 && [...code].every((c) => CODE_ALPHABET.includes(c))
}

/** Issues a new single-use code for a student; earlier codes stop working. */
export async function issuePairingCode(store: Store, studentId: string, now: Date): Promise<{ code: string; expiresAt: string }> {
  const code = newPairingCode()
  const expiresAt = new Date(now.getTime() + PAIRING_MINUTES * 60_000).toISOString()
  await store.replacePairingCode({ codeHash: sha256Hex(code), studentId, createdAt: now.toISOString(), expiresAt })
  return { code, expiresAt }
}

export function codeHash(code: string): string {
  return sha256Hex(normalizeCode(code))
}
