/**
 * The xAPI LRS rules (1.0.3 and 2.0.0) over real HTTP against a real SQLite
 * file: one named test per rule of the issue's "What must be true".
 */
import { createHash, randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { basicHeader, issueCredential } from '../../src/server/auth/credentials.js'
import { api, pairStudent, signIn, startTestServer, type Paired, type Session, type TestServer } from './helpers.js'
import { answered } from './statements.js'

let t: TestServer
let admin: string
let session: Session
let alice: Paired & { classId: string }

const VOIDED = 'http://adlnet.gov/expapi/verbs/voided'
const ACTIVITY = 'http://example.com/activities/lrs-test'

interface Req {
  auth?: string | null
  version?: string | null
  headers?: Record<string, string>
  body?: unknown
  raw?: string | Uint8Array
  contentType?: string
}

async function x(method: string, path: string, o: Req = {}): Promise<Response> {
  const headers: Record<string, string> = { ...o.headers }
  if (o.version !== null) headers['X-Experience-API-Version'] = o.version ?? '1.0.3'
  if (o.auth !== null) headers.authorization = o.auth ?? admin
  let body: string | Uint8Array<ArrayBuffer> | undefined
  if (o.raw !== undefined) body = typeof o.raw === 'string' ? o.raw : new Uint8Array(o.raw)
  else if (o.body !== undefined) body = JSON.stringify(o.body)
  if (body !== undefined) headers['content-type'] = o.contentType ?? 'application/json'
  return fetch(`${t.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) })
}

function statement(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: randomUUID(),
    actor: { objectType: 'Agent', mbox: `mailto:${randomUUID()}@example.com`, name: 'Test Agent' },
    verb: { id: 'http://adlnet.gov/expapi/verbs/experienced', display: { 'en-US': 'experienced' } },
    object: { id: ACTIVITY, definition: { name: { 'en-US': 'LRS test', 'fr-FR': 'Test LRS' } } },
    ...extra,
  }
}

const q = (v: unknown) => encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))

async function list(path: string, auth?: string): Promise<{ statements: Record<string, unknown>[]; more: string }> {
  const res = await x('GET', path, auth ? { auth } : {})
  expect(res.status).toBe(200)
  return (await res.json()) as { statements: Record<string, unknown>[]; more: string }
}

beforeAll(async () => {
  t = await startTestServer()
  admin = (await issueCredential(t.server.context.store, ['all'], new Date(), { label: 'tests' })).authorization
  session = await signIn(t.url)
  alice = await pairStudent(t.url, session, 'Alice')
})
afterAll(() => t.close())

describe('versions', () => {
  it('400 for a missing or unserved X-Experience-API-Version; 1.0.0-1.0.3 and 2.0.0 served', async () => {
    expect((await x('GET', '/xapi/statements', { version: null })).status).toBe(400)
    expect((await x('GET', '/xapi/statements', { version: '1.1.0' })).status).toBe(400)
    expect((await x('GET', '/xapi/statements', { version: '0.95' })).status).toBe(400)
    for (const v of ['1.0', '1.0.0', '1.0.1', '1.0.2', '1.0.3']) {
      const res = await x('GET', '/xapi/statements?limit=1', { version: v })
      expect(res.status).toBe(200)
      expect(res.headers.get('x-experience-api-version')).toBe('1.0.3')
    }
    const v2 = await x('GET', '/xapi/statements?limit=1', { version: '2.0.0' })
    expect(v2.headers.get('x-experience-api-version')).toBe('2.0.0')
  })

  it('About lists the versions served, without credentials or version header', async () => {
    const res = await x('GET', '/xapi/about', { auth: null, version: null })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ version: ['1.0.3', '2.0.0'], extensions: {} })
  })

  it('2.0 rejects additional properties that 1.0 would also reject, and 1.0 rejects contextAgents', async () => {
    const s = statement({ context: { contextAgents: [{ objectType: 'contextAgent', agent: { mbox: 'mailto:ca@example.com' } }] } })
    const v1 = await x('POST', '/xapi/statements', { body: s })
    expect(v1.status).toBe(400)
    expect(((await v1.json()) as { message: string }).message).toContain('contextAgents')
    expect((await x('POST', '/xapi/statements', { body: s, version: '2.0.0' })).status).toBe(200)
    const extra = await x('POST', '/xapi/statements', { body: statement({ colour: 'blue' }), version: '2.0.0' })
    expect(extra.status).toBe(400)
    expect(((await extra.json()) as { message: string }).message).toContain('colour')
  })

  it('sets version 2.0.0 on statements stored under 2.0 and 1.0.0 under 1.0.x', async () => {
    const a = statement()
    const b = statement()
    await x('POST', '/xapi/statements', { body: a, version: '2.0.0' })
    await x('POST', '/xapi/statements', { body: b })
    expect(((await (await x('GET', `/xapi/statements?statementId=${a.id}`)).json()) as { version: string }).version).toBe('2.0.0')
    expect(((await (await x('GET', `/xapi/statements?statementId=${b.id}`)).json()) as { version: string }).version).toBe('1.0.0')
  })
})

describe('statements', () => {
  it('server-owned fields: stored, authority from the credential, timestamp when missing', async () => {
    const s = statement({ stored: '2001-01-01T00:00:00Z', authority: { mbox: 'mailto:forged@example.com' } })
    await x('POST', '/xapi/statements', { body: s })
    const got = (await (await x('GET', `/xapi/statements?statementId=${s.id}`)).json()) as Record<string, unknown>
    expect(got.stored).toBe(t.clock.now.toISOString())
    expect(got.timestamp).toBe(got.stored)
    expect(got.authority).toMatchObject({ objectType: 'Agent', name: 'tests', account: { homePage: t.url } })
  })

  it('GET one statement carries Last-Modified and X-Experience-API-Consistent-Through', async () => {
    const s = statement()
    await x('POST', '/xapi/statements', { body: s })
    const res = await x('GET', `/xapi/statements?statementId=${s.id}`)
    expect(res.headers.get('last-modified')).toBe(t.clock.now.toUTCString())
    expect(res.headers.get('x-experience-api-consistent-through')).toMatch(/^\d{4}-\d\d-\d\dT/)
    const post = await x('POST', '/xapi/statements', { body: statement() })
    expect(post.headers.get('x-experience-api-consistent-through')).toMatch(/^\d{4}-/)
  })

  it('statementId cannot be combined with other filters; unknown or wrongly cased parameters are 400', async () => {
    expect((await x('GET', `/xapi/statements?statementId=${randomUUID()}&verb=${q(VOIDED)}`)).status).toBe(400)
    expect((await x('GET', `/xapi/statements?statementId=${randomUUID()}&voidedStatementId=${randomUUID()}`)).status).toBe(400)
    expect((await x('GET', '/xapi/statements?Limit=1')).status).toBe(400)
    expect((await x('GET', '/xapi/statements?limit=1&limit=2')).status).toBe(400)
  })

  it('batch size is bounded: more than FATHOM_MAX_BATCH statements is 413 and stores nothing', async () => {
    const small = await startTestServer({ env: { FATHOM_MAX_BATCH: '3' } })
    try {
      const auth = (await issueCredential(small.server.context.store, ['all'], new Date())).authorization
      const batch = [statement(), statement(), statement(), statement()]
      const res = await fetch(`${small.url}/xapi/statements`, {
        method: 'POST',
        headers: { authorization: auth, 'X-Experience-API-Version': '1.0.3', 'content-type': 'application/json' },
        body: JSON.stringify(batch),
      })
      expect(res.status).toBe(413)
      expect(((await res.json()) as { message: string }).message).toContain('at most 3')
    } finally {
      await small.close()
    }
  })

  it('filters: agent matches actor, object agent and group members; related_agents widens to authority, instructor, team, substatements', async () => {
    const member = { mbox: `mailto:${randomUUID()}@example.com` }
    const inGroup = statement({ actor: { objectType: 'Group', name: 'G', member: [member] } })
    const asObject = statement({ object: { objectType: 'Agent', ...member } })
    const asInstructor = statement({ context: { instructor: member } })
    const inSub = statement({ object: { objectType: 'SubStatement', actor: member, verb: { id: 'http://example.com/v' }, object: { id: ACTIVITY } } })
    expect((await x('POST', '/xapi/statements', { body: [inGroup, asObject, asInstructor, inSub] })).status).toBe(200)
    const direct = await list(`/xapi/statements?agent=${q(member)}`)
    expect(direct.statements.map((s) => s.id).sort()).toEqual([inGroup.id, asObject.id].sort())
    const related = await list(`/xapi/statements?agent=${q(member)}&related_agents=true`)
    expect(related.statements.map((s) => s.id).sort()).toEqual([inGroup.id, asObject.id, asInstructor.id, inSub.id].sort())
  })

  it('filters: related_activities includes context activities and substatement objects; registration; verb', async () => {
    const activity = `http://example.com/activities/${randomUUID()}`
    const registration = randomUUID()
    const direct = statement({ object: { id: activity } })
    const inContext = statement({ context: { registration, contextActivities: { parent: { id: activity } } } })
    const inSub = statement({ object: { objectType: 'SubStatement', actor: { mbox: 'mailto:s@example.com' }, verb: { id: 'http://example.com/v' }, object: { id: activity } } })
    await x('POST', '/xapi/statements', { body: [direct, inContext, inSub] })
    expect((await list(`/xapi/statements?activity=${q(activity)}`)).statements.map((s) => s.id)).toEqual([direct.id])
    const related = await list(`/xapi/statements?activity=${q(activity)}&related_activities=true`)
    expect(related.statements.map((s) => s.id).sort()).toEqual([direct.id, inContext.id, inSub.id].sort())
    expect((await list(`/xapi/statements?registration=${registration}`)).statements.map((s) => s.id)).toEqual([inContext.id])
    expect((await list(`/xapi/statements?registration=${registration}&verb=${q(VOIDED)}`)).statements).toHaveLength(0)
  })

  it('voiding: voided statements leave list queries, the voiding statement matches the target\'s filters, a voiding statement cannot be voided', async () => {
    const activity = `http://example.com/activities/${randomUUID()}`
    const target = statement({ object: { id: activity } })
    await x('POST', '/xapi/statements', { body: target })
    const voiding = statement({ verb: { id: VOIDED }, object: { objectType: 'StatementRef', id: target.id } })
    await x('POST', '/xapi/statements', { body: voiding })
    const found = await list(`/xapi/statements?activity=${q(activity)}`)
    expect(found.statements.map((s) => s.id)).toEqual([voiding.id])
    expect((await x('GET', `/xapi/statements?statementId=${target.id}`)).status).toBe(404)
    expect((await x('GET', `/xapi/statements?voidedStatementId=${target.id}`)).status).toBe(200)
    // Voiding the voiding statement: stored, but the voiding statement stays valid.
    const again = statement({ verb: { id: VOIDED }, object: { objectType: 'StatementRef', id: voiding.id } })
    expect((await x('POST', '/xapi/statements', { body: again })).status).toBe(200)
    expect((await x('GET', `/xapi/statements?statementId=${voiding.id}`)).status).toBe(200)
    expect((await x('GET', `/xapi/statements?voidedStatementId=${voiding.id}`)).status).toBe(404)
  })

  it('void before target: the target arrives already voided and its filters reach the voiding statement', async () => {
    const activity = `http://example.com/activities/${randomUUID()}`
    const target = statement({ object: { id: activity } })
    const voiding = statement({ verb: { id: VOIDED }, object: { objectType: 'StatementRef', id: target.id } })
    await x('POST', '/xapi/statements', { body: voiding })
    await x('POST', '/xapi/statements', { body: target })
    expect((await x('GET', `/xapi/statements?statementId=${target.id}`)).status).toBe(404)
    expect((await list(`/xapi/statements?activity=${q(activity)}`)).statements.map((s) => s.id)).toEqual([voiding.id])
  })

  it('more paging stays correct while statements keep arriving (cursor on the sequence)', async () => {
    const verb = `http://example.com/verbs/${randomUUID()}`
    const first = Array.from({ length: 5 }, () => statement({ verb: { id: verb } }))
    await x('POST', '/xapi/statements', { body: first })
    const seen: unknown[] = []
    let next = `/xapi/statements?verb=${q(verb)}&limit=2`
    let page = 0
    while (next) {
      const body = await list(next)
      seen.push(...body.statements.map((s) => s.id))
      next = body.more
      if (page++ === 0) await x('POST', '/xapi/statements', { body: [statement({ verb: { id: verb } }), statement({ verb: { id: verb } })] })
    }
    expect(seen).toEqual(first.map((s) => s.id).reverse())
    const ascending: unknown[] = []
    next = `/xapi/statements?verb=${q(verb)}&limit=3&ascending=true`
    while (next) {
      const body = await list(next)
      ascending.push(...body.statements.map((s) => s.id))
      next = body.more
    }
    expect(ascending.slice(0, 5)).toEqual(first.map((s) => s.id))
    expect(ascending).toHaveLength(7)
  })

  it('format=ids keeps only identifiers; format=canonical keeps one language by Accept-Language', async () => {
    const s = statement()
    await x('POST', '/xapi/statements', { body: s })
    const ids = (await (await x('GET', `/xapi/statements?statementId=${s.id}&format=ids`)).json()) as Record<string, Record<string, unknown>>
    expect(ids.actor).toEqual({ objectType: 'Agent', mbox: (s.actor as { mbox: string }).mbox })
    expect(ids.verb).toEqual({ id: 'http://adlnet.gov/expapi/verbs/experienced' })
    expect(ids.object).toEqual({ id: ACTIVITY })
    const canonical = (await (
      await x('GET', `/xapi/statements?statementId=${s.id}&format=canonical`, { headers: { 'Accept-Language': 'fr-FR, en;q=0.5' } })
    ).json()) as { object: { definition: { name: Record<string, string> } } }
    expect(canonical.object.definition.name).toEqual({ 'fr-FR': 'Test LRS' })
    expect((await x('GET', '/xapi/statements?format=full')).status).toBe(400)
  })
})

describe('attachments', () => {
  const content = Buffer.from('here is a simple attachment')
  const sha2 = createHash('sha256').update(content).digest('hex')
  const withAttachment = () =>
    statement({ attachments: [{ usageType: 'http://example.com/usage', display: { 'en-US': 'A' }, contentType: 'text/plain', length: content.length, sha2 }] })

  function multipart(json: unknown, parts: { headers: string[]; body: Buffer }[], boundary = 'abcABC0123\'()+_,-./:=?'): Buffer {
    const chunks: Buffer[] = [Buffer.from(`--${boundary}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(json)}\r\n`)]
    for (const p of parts) chunks.push(Buffer.from(`--${boundary}\r\n${p.headers.join('\r\n')}\r\n\r\n`), p.body, Buffer.from('\r\n'))
    chunks.push(Buffer.from(`--${boundary}--`))
    return Buffer.concat(chunks)
  }
  const type = 'multipart/mixed; boundary="abcABC0123\'()+_,-./:=?"'
  const goodPart = { headers: ['Content-Type: text/plain', 'Content-Transfer-Encoding: binary', `X-Experience-API-Hash: ${sha2}`], body: content }

  it('POST multipart/mixed matches parts by sha2 and GET attachments=true returns them', async () => {
    const s = withAttachment()
    const res = await x('POST', '/xapi/statements', { raw: multipart(s, [goodPart]), contentType: type })
    expect(res.status).toBe(200)
    const got = await x('GET', `/xapi/statements?statementId=${s.id}&attachments=true`)
    expect(got.headers.get('content-type')).toMatch(/^multipart\/mixed; boundary=/)
    const text = Buffer.from(await got.arrayBuffer()).toString('utf8')
    expect(text).toContain(`X-Experience-API-Hash: ${sha2}`)
    expect(text).toContain('here is a simple attachment')
    const plain = await x('GET', `/xapi/statements?statementId=${s.id}`)
    expect(plain.headers.get('content-type')).toMatch(/^application\/json/)
  })

  it('PUT multipart/mixed works too', async () => {
    const s = withAttachment()
    const res = await x('PUT', `/xapi/statements?statementId=${s.id}`, { raw: multipart(s, [goodPart]), contentType: type })
    expect(res.status).toBe(204)
  })

  it('rejects an attachment with neither fileUrl nor a matching part (application/json and multipart)', async () => {
    const s = withAttachment()
    expect((await x('POST', '/xapi/statements', { body: s })).status).toBe(400)
    expect((await x('POST', '/xapi/statements', { raw: multipart(s, []), contentType: type })).status).toBe(400)
    expect((await x('GET', `/xapi/statements?statementId=${s.id}`)).status).toBe(404)
    const withUrl = statement({ attachments: [{ usageType: 'http://example.com/usage', display: { en: 'A' }, contentType: 'text/plain', length: 1, sha2, fileUrl: 'http://example.com/a.txt' }] })
    expect((await x('POST', '/xapi/statements', { body: withUrl })).status).toBe(200)
  })

  it('rejects parts without X-Experience-API-Hash, without Content-Transfer-Encoding: binary, or with a wrong hash', async () => {
    const s = withAttachment()
    const noHash = { headers: ['Content-Type: text/plain', 'Content-Transfer-Encoding: binary'], body: content }
    const noEncoding = { headers: ['Content-Type: text/plain', `X-Experience-API-Hash: ${sha2}`], body: content }
    const wrong = { ...goodPart, body: Buffer.from('something else') }
    for (const part of [noHash, noEncoding, wrong]) {
      const res = await x('POST', '/xapi/statements', { raw: multipart(s, [part]), contentType: type })
      expect(res.status).toBe(400)
    }
  })

  it('truncated multipart and wrong boundaries are a fast 400', async () => {
    const s = withAttachment()
    const body = multipart(s, [goodPart])
    const truncated = await x('POST', '/xapi/statements', { raw: body.subarray(0, body.length - 30), contentType: type })
    expect(truncated.status).toBe(400)
    const wrongBoundary = await x('POST', '/xapi/statements', { raw: body, contentType: 'multipart/mixed; boundary=nope' })
    expect(wrongBoundary.status).toBe(400)
    const noBoundary = await x('POST', '/xapi/statements', { raw: body, contentType: 'multipart/mixed' })
    expect(noBoundary.status).toBe(400)
  })
})

describe('malformed bodies', () => {
  it('giant JSON nesting, invalid UTF-8 and wrong content types are 400, never 500', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000)
    expect((await x('POST', '/xapi/statements', { raw: deep })).status).toBe(400)
    const invalidUtf8 = Buffer.concat([Buffer.from('{"actor":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')])
    expect((await x('POST', '/xapi/statements', { raw: invalidUtf8 })).status).toBe(400)
    expect((await x('POST', '/xapi/statements', { raw: JSON.stringify(statement()), contentType: 'text/plain' })).status).toBe(400)
    expect((await x('POST', '/xapi/statements', { raw: '' })).status).toBe(400)
  })
})

describe('documents', () => {
  const agent = { objectType: 'Agent', mbox: 'mailto:doc@example.com' }
  const stateUrl = (stateId?: string, registration?: string) =>
    `/xapi/activities/state?activityId=${q(ACTIVITY)}&agent=${q(agent)}${registration ? `&registration=${registration}` : ''}${stateId ? `&stateId=${q(stateId)}` : ''}`

  it('State: PUT, GET with ETag and Last-Modified, POST merge, ids list with since, DELETE one and all', async () => {
    const registration = randomUUID()
    expect((await x('PUT', stateUrl('a', registration), { body: { x: 'foo', y: 'bar' } })).status).toBe(204)
    const got = await x('GET', stateUrl('a', registration))
    expect(got.status).toBe(200)
    const text = await got.text()
    expect(got.headers.get('etag')).toBe(`"${createHash('sha1').update(text).digest('hex')}"`)
    expect(got.headers.get('last-modified')).toBe(t.clock.now.toUTCString())
    expect((await x('POST', stateUrl('a', registration), { body: { x: 'bash', z: 'faz' } })).status).toBe(204)
    expect(await (await x('GET', stateUrl('a', registration))).json()).toEqual({ x: 'bash', y: 'bar', z: 'faz' })
    const before = t.clock.now.toISOString()
    t.clock.advance(1000)
    await x('PUT', stateUrl('b', registration), { raw: 'plain', contentType: 'text/plain' })
    expect(await (await x('GET', stateUrl(undefined, registration))).json()).toEqual(['a', 'b'])
    expect(await (await x('GET', `${stateUrl(undefined, registration)}&since=${q(before)}`)).json()).toEqual(['b'])
    expect(await (await x('GET', stateUrl())).json()).toEqual([])
    expect((await x('DELETE', stateUrl('a', registration))).status).toBe(204)
    expect((await x('GET', stateUrl('a', registration))).status).toBe(404)
    expect((await x('DELETE', stateUrl(undefined, registration))).status).toBe(204)
    expect(await (await x('GET', stateUrl(undefined, registration))).json()).toEqual([])
  })

  it('POST merging JSON with non-JSON is 400 and changes nothing', async () => {
    await x('PUT', stateUrl('text'), { raw: 'plain', contentType: 'text/plain' })
    expect((await x('POST', stateUrl('text'), { body: { a: 1 } })).status).toBe(400)
    await x('PUT', stateUrl('json'), { body: { a: 1 } })
    expect((await x('POST', stateUrl('json'), { raw: 'plain', contentType: 'text/plain' })).status).toBe(400)
    expect(await (await x('GET', stateUrl('json'))).json()).toEqual({ a: 1 })
  })

  const profileUrl = (id: string) => `/xapi/activities/profile?activityId=${q(ACTIVITY)}&profileId=${q(id)}`
  const agentProfileUrl = (id?: string) => `/xapi/agents/profile?agent=${q(agent)}${id ? `&profileId=${q(id)}` : ''}`

  it('Profiles: 409 for a PUT to an existing document without If-Match/If-None-Match; 412 on failed preconditions; correct If-Match works', async () => {
    for (const url of [profileUrl('p1'), agentProfileUrl('p1')]) {
      expect((await x('PUT', url, { body: { v: 1 }, headers: { 'If-None-Match': '*' } })).status).toBe(204)
      expect((await x('PUT', url, { body: { v: 2 } })).status).toBe(409)
      expect((await x('PUT', url, { body: { v: 2 }, headers: { 'If-None-Match': '*' } })).status).toBe(412)
      expect((await x('PUT', url, { body: { v: 2 }, headers: { 'If-Match': '"1234"' } })).status).toBe(412)
      expect((await x('POST', url, { body: { v: 2 }, headers: { 'If-Match': '1234' } })).status).toBe(412)
      expect((await x('DELETE', url, { headers: { 'If-Match': '"1234"' } })).status).toBe(412)
      expect(await (await x('GET', url)).json()).toEqual({ v: 1 })
      const etag = (await x('GET', url)).headers.get('etag') as string
      expect((await x('PUT', url, { body: { v: 3 }, headers: { 'If-Match': etag } })).status).toBe(204)
      expect(await (await x('GET', url)).json()).toEqual({ v: 3 })
      const etag2 = (await x('GET', url)).headers.get('etag') as string
      expect((await x('DELETE', url, { headers: { 'If-Match': etag2 } })).status).toBe(204)
      expect((await x('GET', url)).status).toBe(404)
    }
    expect(await (await x('GET', agentProfileUrl())).json()).toEqual([])
  })

  it('State: 1.0.x overwrites without headers; 2.0 applies the profile concurrency rules (409/412)', async () => {
    await x('PUT', stateUrl('c'), { body: { v: 1 } })
    expect((await x('PUT', stateUrl('c'), { body: { v: 2 } })).status).toBe(204)
    expect((await x('PUT', stateUrl('c'), { body: { v: 3 }, version: '2.0.0' })).status).toBe(409)
    expect((await x('PUT', stateUrl('c'), { body: { v: 3 }, version: '2.0.0', headers: { 'If-Match': '"0000"' } })).status).toBe(412)
    expect(await (await x('GET', stateUrl('c'))).json()).toEqual({ v: 2 })
  })

  it('Activities returns the merged definition; Agents returns a Person with arrays', async () => {
    const id = `http://example.com/activities/${randomUUID()}`
    await x('POST', '/xapi/statements', { body: statement({ object: { id, definition: { name: { 'en-US': 'One' } } } }) })
    await x('POST', '/xapi/statements', { body: statement({ object: { id, definition: { name: { 'de-DE': 'Eins' }, description: { 'en-US': 'd' } } } }) })
    const activity = await (await x('GET', `/xapi/activities?activityId=${q(id)}`)).json()
    expect(activity).toEqual({ objectType: 'Activity', id, definition: { name: { 'en-US': 'One', 'de-DE': 'Eins' }, description: { 'en-US': 'd' } } })
    const unknown = await (await x('GET', `/xapi/activities?activityId=${q('http://example.com/nothing')}`)).json()
    expect(unknown).toEqual({ objectType: 'Activity', id: 'http://example.com/nothing' })
    const mbox = `mailto:${randomUUID()}@example.com`
    await x('POST', '/xapi/statements', { body: statement({ actor: { mbox, name: 'Ann' } }) })
    const person = await (await x('GET', `/xapi/agents?agent=${q({ mbox })}`)).json()
    expect(person).toEqual({ objectType: 'Person', name: ['Ann'], mbox: [mbox] })
  })
})

describe('alternate request syntax (1.0.x only)', () => {
  function form(fields: Record<string, string>): string {
    return new URLSearchParams(fields).toString()
  }
  it('PUT and GET through POST ?method= with form-encoded headers and content', async () => {
    const s = statement()
    const put = await fetch(`${t.url}/xapi/statements?method=PUT`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ statementId: s.id as string, content: JSON.stringify(s), Authorization: admin, 'X-Experience-API-Version': '1.0.3', 'Content-Type': 'application/json' }),
    })
    expect(put.status).toBe(204)
    const get = await fetch(`${t.url}/xapi/statements?method=GET`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ statementId: s.id as string, Authorization: admin, 'X-Experience-API-Version': '1.0.3' }),
    })
    expect(get.status).toBe(200)
    expect(((await get.json()) as { id: string }).id).toBe(s.id)
  })

  it('rejected with extra query parameters, and under 2.0', async () => {
    const s = statement()
    const extra = await fetch(`${t.url}/xapi/statements?method=PUT&statementId=${s.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ content: JSON.stringify(s), Authorization: admin, 'X-Experience-API-Version': '1.0.3' }),
    })
    expect(extra.status).toBe(400)
    const v2 = await fetch(`${t.url}/xapi/statements?method=PUT`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ statementId: s.id as string, content: JSON.stringify(s), Authorization: admin, 'X-Experience-API-Version': '2.0.0' }),
    })
    expect(v2.status).toBe(400)
  })
})

describe('credentials and scopes', () => {
  async function credential(scopes: string[]): Promise<string> {
    return (await issueCredential(t.server.context.store, scopes, new Date(), { label: scopes.join(' ') })).authorization
  }

  it('401 for missing, wrong and revoked credentials', async () => {
    expect((await x('GET', '/xapi/statements', { auth: null })).status).toBe(401)
    expect((await x('GET', '/xapi/statements', { auth: basicHeader('k_nobody', 'x') })).status).toBe(401)
    expect((await x('GET', '/xapi/statements', { auth: 'Basic Og==' })).status).toBe(401)
    const issued = await issueCredential(t.server.context.store, ['all'], new Date())
    expect((await x('GET', '/xapi/statements?limit=1', { auth: issued.authorization })).status).toBe(200)
    await t.server.context.store.revokeCredential(issued.key, new Date().toISOString())
    expect((await x('GET', '/xapi/statements?limit=1', { auth: issued.authorization })).status).toBe(401)
  })

  it('secrets are stored hashed', async () => {
    const issued = await issueCredential(t.server.context.store, ['all'], new Date())
    const row = await t.server.context.store.findCredential(issued.key)
    expect(row?.secretHash).not.toContain(issued.secret)
    expect(row?.secretHash).toBe(createHash('sha256').update(issued.secret).digest('hex'))
  })

  it('scopes are enforced per resource', async () => {
    const writeOnly = await credential(['statements/write'])
    expect((await x('POST', '/xapi/statements', { auth: writeOnly, body: statement() })).status).toBe(200)
    expect((await x('GET', '/xapi/statements', { auth: writeOnly })).status).toBe(403)
    expect((await x('GET', `/xapi/activities/state?activityId=${q(ACTIVITY)}&agent=${q({ mbox: 'mailto:a@example.com' })}`, { auth: writeOnly })).status).toBe(403)
    const readOnly = await credential(['all/read'])
    expect((await x('POST', '/xapi/statements', { auth: readOnly, body: statement() })).status).toBe(403)
    expect((await x('GET', '/xapi/statements?limit=1', { auth: readOnly })).status).toBe(200)
    const state = await credential(['state'])
    const url = `/xapi/activities/state?activityId=${q(ACTIVITY)}&agent=${q({ mbox: 'mailto:a@example.com' })}&stateId=s`
    expect((await x('PUT', url, { auth: state, body: { a: 1 } })).status).toBe(204)
    expect((await x('PUT', `/xapi/activities/profile?activityId=${q(ACTIVITY)}&profileId=p`, { auth: state, body: {} })).status).toBe(403)
  })

  it('statements/read/mine sees only statements this credential wrote', async () => {
    const mine = await credential(['statements/write', 'statements/read/mine'])
    const s = statement()
    await x('POST', '/xapi/statements', { auth: mine, body: s })
    const other = statement()
    await x('POST', '/xapi/statements', { body: other })
    const ids = (await list('/xapi/statements?limit=0', mine)).statements.map((r) => r.id)
    expect(ids).toEqual([s.id])
    expect((await x('GET', `/xapi/statements?statementId=${other.id}`, { auth: mine })).status).toBe(404)
  })

  it('a paired student keeps State only for their own agent', async () => {
    const own = `/xapi/activities/state?activityId=${q(ACTIVITY)}&agent=${q(alice.actor)}&stateId=progress`
    expect((await x('PUT', own, { auth: alice.auth, body: { step: 2 } })).status).toBe(204)
    expect(await (await x('GET', own, { auth: alice.auth })).json()).toEqual({ step: 2 })
    const other = `/xapi/activities/state?activityId=${q(ACTIVITY)}&agent=${q({ mbox: 'mailto:x@example.com' })}&stateId=progress`
    expect((await x('PUT', other, { auth: alice.auth, body: { step: 2 } })).status).toBe(403)
  })

  it('teacher pages create, list and revoke credentials; the secret is shown once; a teacher credential reads only that teacher\'s students', async () => {
    const created = await api(t.url, session, 'POST', '/api/credentials', { label: 'School LMS', scopes: ['statements/read', 'statements/write'] })
    expect(created.status).toBe(201)
    const body = (await created.json()) as { credential: { key: string }; secret: string; authorization: string }
    expect(body.secret.length).toBeGreaterThan(20)
    const listed = (await (await api(t.url, session, 'GET', '/api/credentials')).json()) as { credentials: Record<string, unknown>[] }
    const entry = listed.credentials.find((c) => c.key === body.credential.key)
    expect(entry).toMatchObject({ label: 'School LMS', scopes: ['statements/read', 'statements/write'], revokedAt: null })
    expect(JSON.stringify(listed)).not.toContain(body.secret)
    expect((await api(t.url, session, 'POST', '/api/credentials', { label: 'x', scopes: ['everything'] })).status).toBe(400)

    // Reads: the teacher's student (Alice) and what it wrote; not an outsider's statements.
    const aliceStatement = answered(alice.actor, true)
    await x('POST', '/xapi/statements', { auth: alice.auth, body: aliceStatement })
    const outsider = statement()
    await x('POST', '/xapi/statements', { body: outsider })
    const written = statement()
    await x('POST', '/xapi/statements', { auth: body.authorization, body: written })
    const ids = (await list('/xapi/statements?limit=0', body.authorization)).statements.map((s) => s.id)
    expect(ids).toContain(aliceStatement.id)
    expect(ids).toContain(written.id)
    expect(ids).not.toContain(outsider.id)


    expect((await api(t.url, session, 'DELETE', `/api/credentials/${body.credential.key}`)).status).toBe(204)
    expect((await x('GET', '/xapi/statements?limit=1', { auth: body.authorization })).status).toBe(401)
    const after = (await (await api(t.url, session, 'GET', '/api/credentials')).json()) as { credentials: { key: string; revokedAt: string | null }[] }
    expect(after.credentials.find((c) => c.key === body.credential.key)?.revokedAt).not.toBeNull()
  })
})

describe('limits', () => {
  it('per-credential rate limit: 429 with Retry-After (FATHOM_RATE_LIMIT)', async () => {
    const limited = await startTestServer({ env: { FATHOM_RATE_LIMIT: '3' } })
    try {
      const auth = (await issueCredential(limited.server.context.store, ['all'], new Date())).authorization
      const other = (await issueCredential(limited.server.context.store, ['all'], new Date())).authorization
      const get = (a: string) => fetch(`${limited.url}/xapi/statements?limit=1`, { headers: { authorization: a, 'X-Experience-API-Version': '1.0.3' } })
      for (let i = 0; i < 3; i++) expect((await get(auth)).status).toBe(200)
      const blocked = await get(auth)
      expect(blocked.status).toBe(429)
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
      expect((await get(other)).status).toBe(200)
      limited.clock.advance(60_000)
      expect((await get(auth)).status).toBe(200)
    } finally {
      await limited.close()
    }
  })
})
