/**
 * Open Badges 3.0: one `OpenBadgeCredential` per proficient or advanced
 * competency of a student, issued by the school's profile and signed with the
 * school's issuer key in the OB 3.0 VC-JWT proof format (OB 3.0 §8.2: the
 * credential is the JWT payload, with iss/jti/nbf claims; RS256; the public key
 * in the JOSE header `jwk`, and published at /api/issuer/jwks).
 *
 * The key is generated on first use and kept in the database (issuerKey), so
 * every process on one database signs with the same key.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose'
import type { Competency } from '../../core/competency/framework.js'
import { describeStatement } from '../../core/evidence/describe.js'
import type { EvidenceRecord } from '../../core/evidence/derive.js'
import { LEVEL_LABEL } from '../../core/mastery/levels.js'
import type { Statement } from '../../core/xapi/types.js'
import type { Store } from '../db/store.js'
import { studentsEvidence } from './evidence.js'

export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2'
export const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'
const ALG = 'RS256'

export interface IssuerKey {
  readonly privateJwk: JWK
  readonly publicJwk: JWK
  readonly kid: string
}

const keys = new WeakMap<Store, Promise<IssuerKey>>()

/**
 * The school's issuer key, kept in the database so that every process signs
 * with the one key /api/issuer/jwks publishes. Made on first use; a key file
 * from before (`<dataDir>/issuer/issuer-key.json`) is adopted instead, so the
 * badges it signed stay verifiable.
 */
export function issuerKey(store: Store, dataDir: string): Promise<IssuerKey> {
  let key = keys.get(store)
  if (!key) {
    key = loadOrCreate(store, dataDir)
    keys.set(store, key)
    key.catch(() => keys.delete(store))
  }
  return key
}

async function loadOrCreate(store: Store, dataDir: string): Promise<IssuerKey> {
  let stored = await store.issuerPrivateJwk()
  if (stored === undefined) {
    const fromFile = legacyKeyFile(dataDir)
    const made = fromFile ?? JSON.stringify({ ...(await exportJWK((await generateKeyPair(ALG, { extractable: true, modulusLength: 2048 })).privateKey)), alg: ALG })
    // Two processes may get here at once: the first stored key wins and both use it.
    stored = await store.keepIssuerKey(made, new Date().toISOString())
  }
  const privateJwk = JSON.parse(stored) as JWK
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = privateJwk
  void _d, void _p, void _q, void _dp, void _dq, void _qi
  const kid = await calculateJwkThumbprint(pub)
  return { privateJwk, publicJwk: { ...pub, alg: ALG, use: 'sig', kid }, kid }
}

/** The key file Fathom kept before the key moved into the database, if there is a readable one. */
function legacyKeyFile(dataDir: string): string | undefined {
  const file = join(dataDir, 'issuer', 'issuer-key.json')
  if (!existsSync(file)) return undefined
  const text = readFileSync(file, 'utf8')
  const jwk = JSON.parse(text) as JWK
  if (jwk.kty !== 'RSA' || typeof jwk.d !== 'string') throw new Error(`${file} is not an RSA private key`)
  return text
}

/** The issuer: the school's OB 3.0 Profile. */
export function issuerProfile(publicUrl: string, schoolName: string) {
  return { id: `${publicUrl}/api/issuer`, type: ['Profile'], name: schoolName, url: publicUrl }
}

/** Each credential links the last this-many statements its record rests on. */
export const EVIDENCE_LINKS = 10

export interface BadgeInput {
  readonly publicUrl: string
  readonly schoolName: string
  readonly studentId: string
  readonly displayName: string
  readonly competency: Competency
  readonly record: EvidenceRecord
  /** The statements the record rests on (for evidence links). */
  readonly statements: readonly Statement[]
  readonly now: Date
}

/** The unsigned OpenBadgeCredential (JSON-LD) for one proficient/advanced record. */
export function badgeCredential(input: BadgeInput): Record<string, unknown> {
  const { competency: c, record } = input
  const salt = randomBytes(8).toString('hex')
  const identityHash = `sha256$${createHash('sha256').update(`${input.studentId}${salt}`).digest('hex')}`
  const evidence = input.statements.slice(-EVIDENCE_LINKS).map((s) => ({
    id: `${input.publicUrl}/xapi/statements?statementId=${s.id}`,
    type: ['Evidence'],
    name: `xAPI statement ${s.id}`,
    narrative: describeStatement(s),
  }))
  return {
    '@context': [VC_CONTEXT, OB_CONTEXT],
    id: `urn:uuid:${randomUUID()}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: `${LEVEL_LABEL[record.level]}: ${c.shortName}`,
    issuer: issuerProfile(input.publicUrl, input.schoolName),
    validFrom: input.now.toISOString(),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [{ type: 'IdentityObject', identityHash, identityType: 'systemId', hashed: true, salt }],
      achievement: {
        id: `${c.id}#${record.level}`,
        type: ['Achievement'],
        achievementType: 'Competency',
        name: c.shortName,
        description: c.statement,
        humanCode: c.code,
        criteria: {
          narrative:
            record.level === 'advanced'
              ? 'Showed mastery (Bayesian Knowledge Tracing P(L) at least 0.95) and succeeded at a stretch (transfer) task without hints.'
              : 'Showed mastery: Bayesian Knowledge Tracing P(L) at least 0.95 over scored attempts in the expedition.',
        },
        alignment: [
          { type: ['Alignment'], targetName: c.shortName, targetUrl: c.id, targetCode: c.code, targetDescription: c.statement, targetType: 'CFItem' },
          ...c.alignments.map((a) => ({ type: ['Alignment'], targetName: a.code, targetUrl: a.uri, targetCode: a.code })),
        ],
      },
      ...(record.override ? { narrative: `Level set by the teacher: ${record.override.note}` } : {}),
    },
    evidence,
    // No credentialSchema: the bundled OB 3.0.3 context does not define the type
    // 1EdTechJsonSchemaValidator2019, and an undefined term fails strict JSON-LD processing.
  }
}

/** Signs a credential as a VC-JWT (OB 3.0 §8.2) with the issuer key. */
export async function signBadge(credential: Record<string, unknown>, key: IssuerKey): Promise<string> {
  const issuer = credential.issuer as { id: string }
  const privateKey = await importJWK(key.privateJwk, ALG)
  return new SignJWT(credential)
    .setProtectedHeader({ alg: ALG, typ: 'JWT', kid: key.kid, jwk: key.publicJwk })
    .setIssuer(issuer.id)
    .setJti(credential.id as string)
    .setNotBefore(Math.floor(Date.parse(credential.validFrom as string) / 1000))
    .sign(privateKey)
}

export interface IssuedBadge {
  readonly studentId: string
  readonly displayName: string
  readonly competencyId: string
  readonly level: EvidenceRecord['level']
  readonly credential: Record<string, unknown>
  readonly jwt: string
}

/**
 * The signed badges of these students, in roster order. Levels are derived
 * student by student from the evidence projections (studentsEvidence); only the
 * statements a badge links as evidence are read whole.
 */
export async function issueBadges(
  store: Store,
  students: readonly { readonly id: string; readonly displayName: string }[],
  competencies: readonly Competency[],
  issuer: { readonly key: IssuerKey; readonly publicUrl: string; readonly schoolName: string; readonly now: Date },
): Promise<IssuedBadge[]> {
  const records = await studentsEvidence(store, students.map((s) => s.id), competencies)
  const badges: IssuedBadge[] = []
  for (const student of students) {
    for (const record of records) {
      if (record.studentId !== student.id || (record.level !== 'proficient' && record.level !== 'advanced')) continue
      const competency = competencies.find((c) => c.id === record.competencyId)!
      const rows = await Promise.all(record.statementIds.slice(-EVIDENCE_LINKS).map((id) => store.findStatement(id)))
      const credential = badgeCredential({
        publicUrl: issuer.publicUrl,
        schoolName: issuer.schoolName,
        studentId: student.id,
        displayName: student.displayName,
        competency,
        record,
        statements: rows.flatMap((row) => (row ? [JSON.parse(row.body) as Statement] : [])),
        now: issuer.now,
      })
      badges.push({ studentId: student.id, displayName: student.displayName, competencyId: competency.id, level: record.level, credential, jwt: await signBadge(credential, issuer.key) })
    }
  }
  return badges
}
