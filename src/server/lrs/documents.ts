/**
 * State, Activity Profile and Agent Profile documents (xAPI 1.0.3
 * Communication §2.2-2.7, concurrency §3.1; xAPI 2.0 applies the concurrency
 * rules to State too). ETag = SHA-1 hex of the stored content.
 */
import { createHash } from 'node:crypto'
import type { XapiVersion } from '../../core/xapi/validate.js'
import type { DocumentKey, DocumentRow, Store } from '../db/store.js'
import { LrsError } from './access.js'

export interface Preconditions {
  /** If-Match header, raw. */
  readonly ifMatch?: string
  /** If-None-Match header, raw. */
  readonly ifNoneMatch?: string
}

export function etagOf(content: Buffer): string {
  return createHash('sha1').update(content).digest('hex')
}

/** Entity tags in an If-Match / If-None-Match header; `*` stays `*`. Quotes and W/ are dropped. */
function tags(header: string): string[] {
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1'))
    .filter((t) => t !== '')
}

/** 412 unless the preconditions hold for the current document (RFC 7232 §3.1, §3.2). */
function checkPreconditions(current: DocumentRow | undefined, p: Preconditions): void {
  if (p.ifMatch !== undefined) {
    const list = tags(p.ifMatch)
    const ok = current !== undefined && (list.includes('*') || list.includes(current.etag))
    if (!ok) throw new LrsError(412, 'precondition_failed', 'If-Match: the document has changed (or does not exist); GET it again for the current ETag')
  }
  if (p.ifNoneMatch !== undefined) {
    const list = tags(p.ifNoneMatch)
    const fails = current !== undefined && (list.includes('*') || list.includes(current.etag))
    if (fails) throw new LrsError(412, 'precondition_failed', 'If-None-Match: the document already exists')
  }
}

function isJsonType(contentType: string): boolean {
  return /^application\/json\s*(;|$)/i.test(contentType.trim())
}

function parseJsonObject(content: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(content))
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

export interface WriteInput {
  readonly method: 'PUT' | 'POST'
  readonly contentType: string
  readonly content: Buffer
  readonly preconditions: Preconditions
  readonly version: XapiVersion
  readonly now: string
}

/**
 * PUT replaces; POST merges JSON objects (top-level properties) or creates.
 * 409 for a PUT without If-Match/If-None-Match onto an existing document
 * (profiles always; State under 2.0). 400 for POST merging JSON with non-JSON.
 */
export async function writeDocument(store: Store, key: DocumentKey, input: WriteInput): Promise<void> {
  const requireHeaders = input.method === 'PUT' && (key.kind !== 'state' || input.version === '2.0')
  const incomingJson = isJsonType(input.contentType) ? parseJsonObject(input.content) : undefined
  if (input.method === 'POST' && isJsonType(input.contentType) && incomingJson === undefined) {
    throw new LrsError(400, 'bad_request', 'body: a POSTed application/json document must be a JSON object')
  }
  await store.changeDocument(key, (current) => {
    checkPreconditions(current, input.preconditions)
    if (requireHeaders && current !== undefined && input.preconditions.ifMatch === undefined && input.preconditions.ifNoneMatch === undefined) {
      throw new LrsError(
        409,
        'conflict',
        'The document already exists: check its current state and send If-Match with its current ETag (or If-None-Match: * to create only)',
      )
    }
    let content = input.content
    let contentType = input.contentType
    if (input.method === 'POST' && current !== undefined) {
      const currentJson = isJsonType(current.contentType) ? parseJsonObject(current.content) : undefined
      if (incomingJson === undefined || currentJson === undefined) {
        throw new LrsError(400, 'bad_request', 'body: POST merges only a JSON object into an existing application/json JSON object document; use PUT to replace')
      }
      content = Buffer.from(JSON.stringify({ ...currentJson, ...incomingJson }), 'utf8')
      contentType = 'application/json'
    }
    return { write: { content, contentType, etag: etagOf(content), updated: input.now }, result: undefined }
  })
}

/** DELETE one document, honouring If-Match (412). Deleting a missing document is a 204 too. */
export async function deleteDocument(store: Store, key: DocumentKey, preconditions: Preconditions): Promise<void> {
  await store.changeDocument(key, (current) => {
    checkPreconditions(current, preconditions)
    return current === undefined ? { result: undefined } : { write: null, result: undefined }
  })
}
