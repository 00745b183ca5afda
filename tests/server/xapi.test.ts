import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VERB } from '../../src/core/xapi/vocabulary.js'
import { pairStudent, signIn, startTestServer, xapi, type Paired, type TestServer } from './helpers.js'
import { answered } from './statements.js'

let t: TestServer
let alice: Paired & { classId: string }
let bob: Paired

beforeAll(async () => {
  t = await startTestServer()
  const session = await signIn(t.url)
  alice = await pairStudent(t.url, session, 'Alice')
  bob = await pairStudent(t.url, session, 'Bob', alice.classId)
})
afterAll(() => t.close())

async function count(auth: string): Promise<number> {
  const res = await xapi(t.url, 'GET', '/xapi/statements?limit=500', { auth })
  return ((await res.json()) as { statements: unknown[] }).statements.length
}

describe('version header', () => {
  it('is required on requests and set on every /xapi response', async () => {
    const missing = await xapi(t.url, 'GET', '/xapi/statements', { auth: alice.auth, version: null })
    expect(missing.status).toBe(400)
    expect(missing.headers.get('x-experience-api-version')).toBe('1.0.3')
    const wrong = await xapi(t.url, 'GET', '/xapi/statements', { auth: alice.auth, version: '0.9' })
    expect(wrong.status).toBe(400)
    const v2 = await xapi(t.url, 'GET', '/xapi/statements', { auth: alice.auth, version: '2.0.0' })
    expect(v2.status).toBe(200)
    expect(v2.headers.get('x-experience-api-version')).toBe('2.0.0')
    expect(v2.headers.get('x-experience-api-consistent-through')).toMatch(/^\d{4}-/)
    const notFound = await xapi(t.url, 'GET', '/xapi/nothing-here', { auth: alice.auth })
    expect(notFound.status).toBe(404)
    expect(notFound.headers.get('x-experience-api-version')).toBe('1.0.3')
  })

  it('serves /xapi/about without credentials', async () => {
    const res = await fetch(`${t.url}/xapi/about`)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ version: ['1.0.3', '2.0.0'] })
  })

  it('answers CORS preflight', async () => {
    const res = await fetch(`${t.url}/xapi/statements`, {
      method: 'OPTIONS',
      headers: { origin: 'https://other.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-headers')).toContain('X-Experience-API-Version')
    expect(res.headers.get('access-control-allow-origin')).toBe('https://other.example')
    expect(res.headers.get('access-control-allow-headers')).toContain('If-Match')
    expect(res.headers.get('access-control-allow-headers')).toContain('If-None-Match')
    expect(res.headers.get('access-control-allow-methods')).toContain('DELETE')
  })
})

describe('authentication', () => {
  it('401 without or with wrong credentials, with WWW-Authenticate', async () => {
    const none = await xapi(t.url, 'GET', '/xapi/statements')
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toBe('Basic realm="Fathom"')
    const wrong = await xapi(t.url, 'POST', '/xapi/statements', {
      auth: `Basic ${Buffer.from('k_nobody:nothing').toString('base64')}`,
      body: answered(alice.actor, true),
    })
    expect(wrong.status).toBe(401)
    const [key] = Buffer.from(alice.auth.slice(6), 'base64').toString().split(':')
    const wrongSecret = await xapi(t.url, 'GET', '/xapi/statements', { auth: `Basic ${Buffer.from(`${key}:bad`).toString('base64')}` })
    expect(wrongSecret.status).toBe(401)
  })

  it("a student's credential cannot write another student's statement", async () => {
    const res = await xapi(t.url, 'POST', '/xapi/statements', { auth: alice.auth, body: answered(bob.actor, true) })
    expect(res.status).toBe(403)
    const mbox = await xapi(t.url, 'POST', '/xapi/statements', {
      auth: alice.auth,
      body: { ...answered(alice.actor, true), actor: { mbox: 'mailto:someone@example.com' } },
    })
    expect(mbox.status).toBe(403)
  })

  it('a student reads only their own statements', async () => {
    const mine = answered(bob.actor, true)
    expect((await xapi(t.url, 'POST', '/xapi/statements', { auth: bob.auth, body: mine })).status).toBe(200)
    const asAlice = await xapi(t.url, 'GET', `/xapi/statements?statementId=${mine.id}`, { auth: alice.auth })
    expect(asAlice.status).toBe(404)
    const list = (await (await xapi(t.url, 'GET', '/xapi/statements', { auth: alice.auth })).json()) as { statements: { id: string }[] }
    expect(list.statements.map((s) => s.id)).not.toContain(mine.id)
    const asBob = await xapi(t.url, 'GET', `/xapi/statements?statementId=${mine.id}`, { auth: bob.auth })
    expect(asBob.status).toBe(200)
  })
})

describe('POST and PUT', () => {
  it('stores a single statement and sets stored, authority, version, timestamp', async () => {
    const { timestamp: _t, ...statement } = answered(alice.actor, true)
    void _t
    const res = await xapi(t.url, 'POST', '/xapi/statements', { auth: alice.auth, body: statement })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual([statement.id])
    const got = await xapi(t.url, 'GET', `/xapi/statements?statementId=${statement.id}`, { auth: alice.auth })
    const body = (await got.json()) as Record<string, unknown>
    expect(body.stored).toBe(t.clock.now.toISOString())
    expect(body.timestamp).toBe(body.stored)
    expect(body.version).toBe('1.0.0')
    // A paired headset acts for its student: authority is a Group of the credential (application) and the student.
    expect(body.authority).toMatchObject({ objectType: 'Group', member: [{ account: { homePage: t.url } }, { account: { homePage: t.url, name: alice.studentId } }] })
  })

  it('generates an id when missing and returns ids of a batch in order', async () => {
    const { id: _id, ...noId } = answered(alice.actor, false)
    void _id
    const second = answered(alice.actor, true)
    const res = await xapi(t.url, 'POST', '/xapi/statements', { auth: alice.auth, body: [noId, second] })
    expect(res.status).toBe(200)
    const ids = (await res.json()) as string[]
    expect(ids).toHaveLength(2)
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/)
    expect(ids[1]).toBe(second.id)
  })

  it('re-POST of the same statement is no change; different content with the same id is 409', async () => {
    const statement = answered(alice.actor, true)
    expect((await xapi(t.url, 'POST', '/xapi/statements', { auth: alice.auth, body: statement })).status).toBe(200)
    const before = await count(alice.auth)
    // Same content, timestamp written in another offset (same instant) and client-sent stored/version ignored.
    const instant = new Date(statement.timestamp)
    const shifted = new Date(instant.getTime() + 2 * 3600_000).toISOString().replace('Z', '+02:00')
    const again = { ...statement, timestamp: shifted, stored: '2020-01-01T00:00:00Z', version: '1.0.3' }
    const res = await xapi(t.url, 'POST', '/xapi/statements', { auth: alice.auth, body: again })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual([statement.id])
    expect(await count(alice.auth)).toBe(before)
    const put = await xapi(t.url, 'PUT', `/xapi/statements?statementId=${statement.id}`, { auth: alice.auth, body: statement })
    expect(put.status).toBe(204)
    const different = { ...statement, result: { success: false } }
    const conflict = await xapi(t.url, 'POST', '/xapi/statements', { auth: alice.auth, body: different })
    expect(conflict.status).toBe(409)
    const putConflict = await xapi(t.url, 'PUT', `/xapi/statements?statementId=${statement.id}`, { auth: alice.auth, body: different })
    expect(putConflict.status).toBe(409)
  })

  it('a batch with the same id twice is 400 and stores nothing', async () => {
    const before = await count(alice.auth)
    const s = answered(alice.actor, true)
    const res = await xapi(t.url, 'POST', '/xapi/statements', { auth: alice.auth, body: [s, answered(alice.actor, false), { ...s }] })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { message: string }).message).toContain('statements[2].id')
    expect(await count(alice.auth)).toBe(before)
  })

  it('a batch is atomic: one invalid statement stores nothing', async () => {
    const before = await count(alice.auth)
    const good = answered(alice.actor, true)
    const bad = { ...answered(alice.actor, true), verb: { id: 'not an iri' } }
    const res = await xapi(t.url, 'POST', '/xapi/statements', { auth: alice.auth, body: [good, bad] })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { message: string }).message).toMatch(/^statements\[1\]\.verb\.id: /)
    expect(await count(alice.auth)).toBe(before)
    expect((await xapi(t.url, 'GET', `/xapi/statements?statementId=${good.id}`, { auth: alice.auth })).status).toBe(404)
  })

  it('a batch with a conflicting statement stores nothing', async () => {
    const stored = answered(alice.actor, true)
    await xapi(t.url, 'POST', '/xapi/statements', { auth: alice.auth, body: stored })
    const fresh = answered(alice.actor, true)
    const res = await xapi(t.url, 'POST', '/xapi/statements', { auth: alice.auth, body: [fresh, { ...stored, result: { success: false } }] })
    expect(res.status).toBe(409)
    expect((await xapi(t.url, 'GET', `/xapi/statements?statementId=${fresh.id}`, { auth: alice.auth })).status).toBe(404)
  })

  it('PUT stores with 204 and checks the id', async () => {
    const s = answered(alice.actor, true)
    const { id, ...rest } = s
    const put = await xapi(t.url, 'PUT', `/xapi/statements?statementId=${id}`, { auth: alice.auth, body: rest })
    expect(put.status).toBe(204)
    expect((await xapi(t.url, 'GET', `/xapi/statements?statementId=${id}`, { auth: alice.auth })).status).toBe(200)
    const mismatch = await xapi(t.url, 'PUT', `/xapi/statements?statementId=${randomUUID()}`, { auth: alice.auth, body: answered(alice.actor, true) })
    expect(mismatch.status).toBe(400)
    const noId = await xapi(t.url, 'PUT', '/xapi/statements', { auth: alice.auth, body: rest })
    expect(noId.status).toBe(400)
  })

  it.each([
    ['actor', (s: Record<string, unknown>) => ({ ...s, actor: undefined }), 'statement.actor'],
    ['object', (s: Record<string, unknown>) => ({ ...s, object: undefined }), 'statement.object'],
    ['id', (s: Record<string, unknown>) => ({ ...s, id: 'not-a-uuid' }), 'statement.id'],
    ['scaled', (s: Record<string, unknown>) => ({ ...s, result: { score: { scaled: 1.5 } } }), 'statement.result.score.scaled'],
    ['timestamp', (s: Record<string, unknown>) => ({ ...s, timestamp: 'yesterday' }), 'statement.timestamp'],
    ['unknown', (s: Record<string, unknown>) => ({ ...s, colour: 'blue' }), 'statement.colour'],
    ['activity id', (s: Record<string, unknown>) => ({ ...s, object: { id: 'zones' } }), 'statement.object.id'],
  ])('rejects a bad %s with a 400 naming the property', async (_name, change, message) => {
    const body = JSON.parse(JSON.stringify(change(answered(alice.actor, true) as unknown as Record<string, unknown>))) as unknown
    const res = await xapi(t.url, 'POST', '/xapi/statements', { auth: alice.auth, body })
    expect(res.status).toBe(400)
    expect(res.headers.get('x-experience-api-version')).toBe('1.0.3')
    expect(((await res.json()) as { message: string }).message.startsWith(`${message}:`)).toBe(true)
  })
})

describe('GET', () => {
  it('filters by agent, verb, activity, since/until and pages with more', async () => {
    const t2 = await startTestServer()
    try {
      const session = await signIn(t2.url)
      const carol = await pairStudent(t2.url, session, 'Carol')
      const dave = await pairStudent(t2.url, session, 'Dave', carol.classId)
      const ids: string[] = []
      for (let i = 0; i < 5; i++) {
        const s = answered(carol.actor, i % 2 === 0)
        ids.push(s.id)
        expect((await xapi(t2.url, 'POST', '/xapi/statements', { auth: carol.auth, body: s })).status).toBe(200)
        t2.clock.advance(1000)
      }
      const attempted = { ...answered(carol.actor, true), verb: { id: VERB.attempted } }
      await xapi(t2.url, 'POST', '/xapi/statements', { auth: carol.auth, body: attempted })
      await xapi(t2.url, 'POST', '/xapi/statements', { auth: dave.auth, body: answered(dave.actor, true) })

      // Paging, descending (newest first) by default.
      const seen: string[] = []
      let next = `/xapi/statements?verb=${encodeURIComponent(VERB.answered)}&limit=2`
      let pages = 0
      while (next) {
        const res = await xapi(t2.url, 'GET', next, { auth: carol.auth })
        expect(res.status).toBe(200)
        const body = (await res.json()) as { statements: { id: string }[]; more: string }
        seen.push(...body.statements.map((s) => s.id))
        next = body.more
        pages++
      }
      expect(pages).toBe(3)
      expect(seen).toEqual([...ids].reverse())

      const asc = (await (await xapi(t2.url, 'GET', '/xapi/statements?ascending=true&limit=1', { auth: carol.auth })).json()) as {
        statements: { id: string }[]
        more: string
      }
      expect(asc.statements[0]?.id).toBe(ids[0])
      expect(asc.more).toContain('cursor=')

      // Teacher session sees the class; agent filter narrows to one student.
      const agent = encodeURIComponent(JSON.stringify(dave.actor))
      const teacherView = await fetch(`${t2.url}/xapi/statements?agent=${agent}`, { headers: { cookie: session.cookie, 'X-Experience-API-Version': '1.0.3' } })
      expect(teacherView.status).toBe(200)
      const daveOnly = (await teacherView.json()) as { statements: { actor: unknown }[] }
      expect(daveOnly.statements).toHaveLength(1)
      expect(daveOnly.statements[0]?.actor).toEqual(dave.actor)

      const activity = encodeURIComponent('https://school.example/activities/ocean/zones/item-1')
      const byActivity = (await (await xapi(t2.url, 'GET', `/xapi/statements?activity=${activity}`, { auth: carol.auth })).json()) as { statements: unknown[] }
      expect(byActivity.statements).toHaveLength(6)
      const none = (await (await xapi(t2.url, 'GET', '/xapi/statements?activity=https%3A%2F%2Fnone.example%2Fx', { auth: carol.auth })).json()) as { statements: unknown[] }
      expect(none.statements).toHaveLength(0)

      // since is exclusive, until inclusive, both on `stored`.
      const since = new Date(Date.parse('2026-12-03T09:00:01.000Z')).toISOString()
      const until = new Date(Date.parse('2026-12-03T09:00:03.000Z')).toISOString()
      const window = (await (
        await xapi(t2.url, 'GET', `/xapi/statements?since=${since}&until=${until}&ascending=true`, { auth: carol.auth })
      ).json()) as { statements: { id: string }[] }
      expect(window.statements.map((s) => s.id)).toEqual([ids[2], ids[3]])

      const badParam = await xapi(t2.url, 'GET', '/xapi/statements?colour=blue', { auth: carol.auth })
      expect(badParam.status).toBe(400)
      const badAgent = await xapi(t2.url, 'GET', '/xapi/statements?agent=%7Bnot-json', { auth: carol.auth })
      expect(badAgent.status).toBe(400)
    } finally {
      await t2.close()
    }
  })

  it('voided statements leave ordinary queries and come back by voidedStatementId', async () => {
    const target = answered(alice.actor, true)
    await xapi(t.url, 'POST', '/xapi/statements', { auth: alice.auth, body: target })
    const voiding = {
      actor: alice.actor,
      verb: { id: VERB.voided, display: { en: 'voided' } },
      object: { objectType: 'StatementRef', id: target.id },
    }
    expect((await xapi(t.url, 'POST', '/xapi/statements', { auth: alice.auth, body: voiding })).status).toBe(200)
    expect((await xapi(t.url, 'GET', `/xapi/statements?statementId=${target.id}`, { auth: alice.auth })).status).toBe(404)
    const voided = await xapi(t.url, 'GET', `/xapi/statements?voidedStatementId=${target.id}`, { auth: alice.auth })
    expect(voided.status).toBe(200)
    expect(((await voided.json()) as { id: string }).id).toBe(target.id)
  })

  it('a void that arrives before its target still voids it', async () => {
    const target = answered(alice.actor, true)
    const voiding = { actor: alice.actor, verb: { id: VERB.voided }, object: { objectType: 'StatementRef', id: target.id } }
    await xapi(t.url, 'POST', '/xapi/statements', { auth: alice.auth, body: voiding })
    await xapi(t.url, 'POST', '/xapi/statements', { auth: alice.auth, body: target })
    expect((await xapi(t.url, 'GET', `/xapi/statements?statementId=${target.id}`, { auth: alice.auth })).status).toBe(404)
  })
})

describe('bodies', () => {
  it('malformed JSON is 400, never 500', async () => {
    const res = await xapi(t.url, 'POST', '/xapi/statements', { auth: alice.auth, rawBody: '{"actor": ' })
    expect(res.status).toBe(400)
    expect(res.headers.get('x-experience-api-version')).toBe('1.0.3')
    const apiRes = await fetch(`${t.url}/api/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{{' })
    expect(apiRes.status).toBe(400)
    const nullBody = await xapi(t.url, 'POST', '/xapi/statements', { auth: alice.auth, rawBody: 'null' })
    expect(nullBody.status).toBe(400)
  })

  it('a body over the limit is 413', async () => {
    const small = await startTestServer({ env: { FATHOM_BODY_LIMIT: '2048' } })
    try {
      const session = await signIn(small.url)
      const eve = await pairStudent(small.url, session, 'Eve')
      const big = { ...answered(eve.actor, true), result: { success: true, response: 'x'.repeat(4096) } }
      const res = await xapi(small.url, 'POST', '/xapi/statements', { auth: eve.auth, body: big })
      expect(res.status).toBe(413)
      expect(res.headers.get('x-experience-api-version')).toBe('1.0.3')
    } finally {
      await small.close()
    }
  })
})
