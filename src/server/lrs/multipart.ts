/**
 * multipart/mixed for statements with attachments (xAPI 1.0.3 Communication
 * §1.5.2, RFC 2046): parse a request body, build a response body.
 * Parsing works on the whole (size-limited) buffer, so it cannot hang.
 */
import { createHash, randomBytes } from 'node:crypto'
import { LrsError } from './access.js'

export interface Part {
  readonly headers: ReadonlyMap<string, string>
  readonly body: Buffer
}

const bad = (message: string) => new LrsError(400, 'bad_request', message)

/** The boundary parameter of a multipart Content-Type, or undefined. */
export function boundaryOf(contentType: string): string | undefined {
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType)
  return m ? (m[1] ?? m[2]) : undefined
}

function parseHeaders(text: string, index: number): Map<string, string> {
  const headers = new Map<string, string>()
  for (const line of text.split('\r\n')) {
    if (line === '') continue
    const colon = line.indexOf(':')
    if (colon <= 0) throw bad(`multipart part ${index}: malformed header line`)
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
  }
  return headers
}

/** Splits a multipart body into parts; 400 on anything malformed (missing boundary, truncation). */
export function parseMultipart(body: Buffer, boundary: string): Part[] {
  const delimiter = Buffer.from(`--${boundary}`)
  let pos = body.indexOf(delimiter)
  if (pos < 0) throw bad('body: multipart boundary not found')
  // The first delimiter starts the body or follows a CRLF (after a preamble).
  if (pos !== 0 && body.subarray(pos - 2, pos).toString('latin1') !== '\r\n') throw bad('body: multipart boundary must start a line')
  const parts: Part[] = []
  for (;;) {
    let after = pos + delimiter.length
    if (body.subarray(after, after + 2).toString('latin1') === '--') return parts // close delimiter
    // Transport padding, then CRLF.
    while (body[after] === 0x20 || body[after] === 0x09) after++
    if (body.subarray(after, after + 2).toString('latin1') !== '\r\n') throw bad('body: malformed multipart delimiter line')
    const start = after + 2
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), start)
    if (next < 0) throw bad('body: multipart body is truncated (no closing boundary)')
    const raw = body.subarray(start, next)
    const split = raw.indexOf('\r\n\r\n')
    let headerText: string
    let content: Buffer
    if (raw.subarray(0, 2).toString('latin1') === '\r\n') {
      headerText = ''
      content = raw.subarray(2)
    } else {
      if (split < 0) throw bad(`multipart part ${parts.length}: no blank line after the headers`)
      headerText = raw.subarray(0, split).toString('utf8')
      content = raw.subarray(split + 4)
    }
    parts.push({ headers: parseHeaders(headerText, parts.length), body: Buffer.from(content) })
    if (parts.length > 10_000) throw bad('body: too many multipart parts')
    pos = next + 2
  }
}

/** The hex digest of `data` with the SHA-2 variant that matches the length of `sha2` (256/384/512), or undefined. */
export function sha2Matches(data: Buffer, sha2: string): boolean {
  const algorithm = { 64: 'sha256', 96: 'sha384', 128: 'sha512' }[sha2.length]
  if (!algorithm) return false
  return createHash(algorithm).update(data).digest('hex') === sha2.toLowerCase()
}

export interface OutPart {
  readonly contentType: string
  readonly body: Buffer
  readonly sha2?: string
}

/** Builds a multipart/mixed body; returns it and its Content-Type. */
export function buildMultipart(parts: readonly OutPart[]): { body: Buffer; contentType: string } {
  const boundary = `fathom-${randomBytes(12).toString('hex')}`
  const chunks: Buffer[] = []
  for (const part of parts) {
    const headers = [`Content-Type: ${part.contentType}`]
    if (part.sha2 !== undefined) headers.push('Content-Transfer-Encoding: binary', `X-Experience-API-Hash: ${part.sha2}`)
    chunks.push(Buffer.from(`--${boundary}\r\n${headers.join('\r\n')}\r\n\r\n`), part.body, Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { body: Buffer.concat(chunks), contentType: `multipart/mixed; boundary=${boundary}` }
}
