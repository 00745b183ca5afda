import { XAPI_SCOPES, type CredentialRow, type Store } from '../db/store.js'
import { newId, newSecret, safeEqual, sha256Hex } from './secrets.js'

/**
 * Scopes a paired headset gets: write its own statements, read its own
 * statements, and define (so Activity definitions from Fathom's own content
 * become the LRS's canonical ones). State documents need `state`.
 */
export const STUDENT_SCOPES = ['statements/write', 'statements/read/mine', 'define', 'state'] as const

export interface IssuedCredential {
  readonly key: string
  readonly secret: string
  /** The value of an Authorization header: `Basic base64(key:secret)`. */
  readonly authorization: string
  readonly row: CredentialRow
}

export interface IssueOptions {
  readonly studentId?: string | null
  readonly teacherId?: string | null
  readonly label?: string | null
}

/** Parses and checks a scope list ("statements/write,statements/read" or an array). */
export function parseScopes(input: unknown): { ok: true; scopes: string[] } | { ok: false; message: string } {
  const list = typeof input === 'string' ? input.split(/[\s,]+/) : Array.isArray(input) ? input : undefined
  if (list === undefined) return { ok: false, message: 'scopes: must be a list of xAPI scopes' }
  const scopes = [...new Set(list.map((s) => (typeof s === 'string' ? s.trim() : '')).filter(Boolean))]
  if (scopes.length === 0) return { ok: false, message: `scopes: give at least one of ${XAPI_SCOPES.join(', ')}` }
  const unknown = scopes.find((s) => !(XAPI_SCOPES as readonly string[]).includes(s))
  if (unknown !== undefined) return { ok: false, message: `scopes: "${unknown}" is not one of ${XAPI_SCOPES.join(', ')}` }
  return { ok: true, scopes }
}

export async function issueCredential(store: Store, scopes: readonly string[], now: Date, options: IssueOptions = {}): Promise<IssuedCredential> {
  const key = newId('k')
  const secret = newSecret(32)
  const row: CredentialRow = {
    key,
    secretHash: sha256Hex(secret),
    studentId: options.studentId ?? null,
    teacherId: options.teacherId ?? null,
    label: options.label ?? null,
    scopes: [...scopes],
    createdAt: now.toISOString(),
    revokedAt: null,
  }
  await store.createCredential(row)
  return { key, secret, authorization: basicHeader(key, secret), row }
}

export function basicHeader(key: string, secret: string): string {
  return `Basic ${Buffer.from(`${key}:${secret}`, 'utf8').toString('base64')}`
}

/** A credential as shown to teachers and admins (never the secret or its hash). */
export function presentCredential(c: CredentialRow) {
  return { key: c.key, label: c.label, scopes: c.scopes, createdAt: c.createdAt, revokedAt: c.revokedAt, teacherId: c.teacherId }
}

export type BasicAuthResult = { readonly status: 'none' } | { readonly status: 'invalid' } | { readonly status: 'ok'; readonly credential: CredentialRow }

/** Checks an HTTP Basic Authorization header value against the credentials table (revoked ones fail). */
export async function checkBasicAuth(store: Store, header: string | undefined): Promise<BasicAuthResult> {
  if (!header) return { status: 'none' }
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header)
  if (!match?.[1]) return { status: 'invalid' }
  const decoded = Buffer.from(match[1], 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon <= 0) return { status: 'invalid' }
  const credential = await store.findCredential(decoded.slice(0, colon))
  const secretHash = sha256Hex(decoded.slice(colon + 1))
  if (!credential || credential.revokedAt !== null || !safeEqual(secretHash, credential.secretHash)) return { status: 'invalid' }
  return { status: 'ok', credential }
}
