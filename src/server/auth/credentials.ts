import type { FastifyRequest } from 'fastify'
import type { CredentialRow, Store } from '../db/store.js'
import { newId, newSecret, safeEqual, sha256Hex } from './secrets.js'

/** Scopes a paired headset gets: write its own statements, read its own statements. */
export const STUDENT_SCOPES = ['statements/write', 'statements/read/mine'] as const

export interface IssuedCredential {
  readonly key: string
  readonly secret: string
  /** The value of an Authorization header: `Basic base64(key:secret)`. */
  readonly authorization: string
}

export async function issueCredential(store: Store, studentId: string | null, scopes: readonly string[], now: Date): Promise<IssuedCredential> {
  const key = newId('k')
  const secret = newSecret(32)
  const row: CredentialRow = { key, secretHash: sha256Hex(secret), studentId, scopes: [...scopes], createdAt: now.toISOString(), revokedAt: null }
  await store.createCredential(row)
  return { key, secret, authorization: `Basic ${Buffer.from(`${key}:${secret}`, 'utf8').toString('base64')}` }
}

export type BasicAuthResult = { readonly status: 'none' } | { readonly status: 'invalid' } | { readonly status: 'ok'; readonly credential: CredentialRow }

/** Checks an HTTP Basic Authorization header against the credentials table. */
export async function checkBasicAuth(store: Store, request: FastifyRequest): Promise<BasicAuthResult> {
  const header = request.headers.authorization
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
