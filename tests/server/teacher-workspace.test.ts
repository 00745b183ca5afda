import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueCredential } from '../../src/server/auth/credentials.js'
import { runRetentionSweep, studentAgentKey } from '../../src/server/workspace/privacy.js'
import { STATEMENT_CSV_HEADER } from '../../src/server/export/statements.js'
import { CSV_HEADER } from '../../src/server/export/evidence.js'
import { EXTENSION, VERB } from '../../src/core/xapi/vocabulary.js'
import type { Statement } from '../../src/core/xapi/types.js'
import { validateStatement } from '../../src/core/xapi/validate.js'
import { parseCsv } from '../e2e/harness.js'
import { api, pairStudent, signIn, startTestServer, xapi, type Session, type TestServer } from './helpers.js'
import { expandSafely, ob3SchemaErrors, verifyBadgeJwt } from './ob3.js'
import { LIGHT, ZONES } from './statements.js'
import { multipart, readSnapshots, sha256, taskStatement } from './teacher-helpers.js'

let t: TestServer
let admin: Session

beforeAll(async () => {
  t = await startTestServer()
  admin = await signIn(t.url)
})
afterAll(() => t.close())

const json = async <T>(res: Response | Promise<Response>): Promise<T> => (await (await res).json()) as T

describe('accounts: invitations, sign-up, sign-out, CSRF', () => {
  it('a single-use invite link creates a teacher with a session; it cannot be reused; it expires', async () => {
    expect((await fetch(`${t.url}/api/invites`, { method: 'POST', headers: { cookie: admin.cookie } })).status).toBe(403) // no CSRF header
    const res = await api(t.url, admin, 'POST', '/api/invites')
    expect(res.status).toBe(201)
    const invite = (await res.json()) as { link: string; token: string; expiresAt: string }
    expect(invite.link).toBe(`${t.server.context.publicUrl()}/teacher#/join/${invite.token}`)
    const signup = (body: unknown) => fetch(`${t.url}/api/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    expect((await signup({ token: invite.token, username: 'admin', password: 'long-enough-1' })).status).toBe(409) // taken; invite still good
    expect((await signup({ token: invite.token, username: 'ms.rivera', password: 'short' })).status).toBe(400)
    const ok = await signup({ token: invite.token, username: 'Ms.Rivera', password: 'long-enough-1' })
    expect(ok.status).toBe(201)
    expect(ok.headers.get('set-cookie')).toMatch(/^fathom_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict/)
    expect(((await ok.json()) as { teacher: { username: string } }).teacher.username).toBe('ms.rivera')
    expect((await signup({ token: invite.token, username: 'other', password: 'long-enough-1' })).status).toBe(410)
    expect((await signup({ token: 'not-a-token', username: 'other', password: 'long-enough-1' })).status).toBe(400)

    const late = await json<{ token: string }>(api(t.url, admin, 'POST', '/api/invites'))
    t.clock.advance(8 * 24 * 3600_000)
    expect((await signup({ token: late.token, username: 'late', password: 'long-enough-1' })).status).toBe(410)
    t.clock.advance(-8 * 24 * 3600_000)

    const rivera = await signIn(t.url, 'ms.rivera', 'long-enough-1')
    expect((await api(t.url, rivera, 'DELETE', '/api/session')).status).toBe(204)
    expect((await api(t.url, rivera, 'GET', '/api/classes')).status).toBe(401)
  })
})

describe('classes and roster', () => {
  it('renames, archives and sets retention; validates', async () => {
    const klass = await json<{ class: { id: string } }>(api(t.url, admin, 'POST', '/api/classes', { name: 'Ocean 7B' }))
    const id = klass.class.id
    const patched = await json<{ class: { name: string; archived: boolean; retentionDays: number | null } }>(
      api(t.url, admin, 'PATCH', `/api/classes/${id}`, { name: 'Ocean 7B (spring)', archived: true, retentionDays: 365 }),
    )
    expect(patched.class).toMatchObject({ name: 'Ocean 7B (spring)', archived: true, retentionDays: 365 })
    expect((await api(t.url, admin, 'PATCH', `/api/classes/${id}`, { retentionDays: 0 })).status).toBe(400)
    expect((await api(t.url, admin, 'PATCH', `/api/classes/${id}`, { name: '' })).status).toBe(400)
    const cleared = await json<{ class: { archived: boolean; retentionDays: number | null } }>(api(t.url, admin, 'PATCH', `/api/classes/${id}`, { archived: false, retentionDays: null }))
    expect(cleared.class).toMatchObject({ archived: false, retentionDays: null })
    expect((await json<{ class: { name: string } }>(api(t.url, admin, 'GET', `/api/classes/${id}`))).class.name).toBe('Ocean 7B (spring)')
  })

  it('prints pairing cards with a code and a QR code that opens /?pair=CODE; re-pairing revokes the lost headset', async () => {
    const klass = await json<{ class: { id: string } }>(api(t.url, admin, 'POST', '/api/classes', { name: 'Cards' }))
    for (const name of ['Ana', 'Ben']) await api(t.url, admin, 'POST', `/api/classes/${klass.class.id}/students`, { displayName: name })
    const res = await api(t.url, admin, 'POST', `/api/classes/${klass.class.id}/pairing-cards`, {})
    expect(res.status).toBe(201)
    const { cards } = (await res.json()) as { cards: { studentId: string; displayName: string; code: string; url: string; qrSvg: string; expiresAt: string }[] }
    expect(cards.map((c) => c.displayName)).toEqual(['Ana', 'Ben'])
    const [ana] = cards
    expect(ana!.code).toMatch(/^[A-Z2-9]{6}$/)
    expect(ana!.url).toBe(`${t.server.context.publicUrl()}/?pair=${ana!.code}`)
    expect(ana!.qrSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/)
    expect(ana!.qrSvg).not.toMatch(/<script|href=/i)
    const pair = (code: string) => fetch(`${t.url}/api/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) })
    const paired = await json<{ auth: string; actor: import('../../src/core/xapi/types.js').Agent }>(pair(ana!.code))
    expect((await pair(ana!.code)).status).toBe(410) // single use
    expect((await xapi(t.url, 'POST', '/xapi/statements', { auth: paired.auth, body: taskStatement(paired.actor, VERB.attempted) })).status).toBe(200)

    const repaired = await json<{ revoked: number; code: string; url: string; qrSvg: string }>(api(t.url, admin, 'POST', `/api/students/${ana!.studentId}/re-pair`))
    expect(repaired.revoked).toBe(1)
    expect(repaired.url).toContain(`?pair=${repaired.code}`)
    expect((await xapi(t.url, 'POST', '/xapi/statements', { auth: paired.auth, body: taskStatement(paired.actor, VERB.attempted) })).status).toBe(401)
    const again = await json<{ auth: string }>(pair(repaired.code))
    expect((await xapi(t.url, 'POST', '/xapi/statements', { auth: again.auth, body: taskStatement(paired.actor, VERB.attempted) })).status).toBe(200)
  })
})

describe('live class view', () => {
  it('shows expedition, station, stuck and sync-late; the stream updates within 2 s of a statement', async () => {
    const ana = await pairStudent(t.url, admin, 'Ana')
    const ben = await pairStudent(t.url, admin, 'Ben', ana.classId)
    const now = t.clock.now.getTime()
    const at = (s: number) => new Date(now - 60_000 + s * 1000).toISOString()
    await xapi(t.url, 'POST', '/xapi/statements', {
      auth: ana.auth,
      body: [
        taskStatement(ana.actor, VERB.attempted, { station: 'zones', at: at(1) }),
        taskStatement(ana.actor, VERB.answered, { success: false, station: 'zones', at: at(2) }),
        taskStatement(ana.actor, VERB.answered, { success: false, station: 'zones', at: at(3) }),
        taskStatement(ana.actor, VERB.answered, { success: false, station: 'zones', at: at(4) }),
      ],
    })
    const snap = await json<{ students: { studentId: string; expedition: string | null; station: string | null; stuck: string[]; syncLate: boolean; lastSyncAt: string | null }[] }>(
      api(t.url, admin, 'GET', `/api/classes/${ana.classId}/live`),
    )
    const a = snap.students.find((s) => s.studentId === ana.studentId)!
    expect(a).toMatchObject({ expedition: 'test', station: 'zones', syncLate: false, lastSyncAt: t.clock.now.toISOString() })
    expect(a.stuck).toContain('repeated-misses')
    expect(snap.students.find((s) => s.studentId === ben.studentId)).toMatchObject({ station: null, syncLate: true, lastSyncAt: null })

    const controller = new AbortController()
    const stream = await fetch(`${t.url}/api/classes/${ana.classId}/live/stream`, { headers: { cookie: admin.cookie }, signal: controller.signal })
    expect(stream.status).toBe(200)
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/)
    type Snap = { students: { studentId: string; station: string | null }[] }
    const first = await readSnapshots<Snap>(stream, () => true, 3000)
    expect(first?.students.find((s) => s.studentId === ben.studentId)?.station).toBeNull()
    const postedAt = Date.now()
    const stream2 = await fetch(`${t.url}/api/classes/${ana.classId}/live/stream`, { headers: { cookie: admin.cookie }, signal: controller.signal })
    const waiting = readSnapshots<Snap>(stream2, (s) => s.students.find((x) => x.studentId === ben.studentId)?.station === 'light', 2500)
    await new Promise((r) => setTimeout(r, 300))
    await xapi(t.url, 'POST', '/xapi/statements', { auth: ben.auth, body: taskStatement(ben.actor, VERB.attempted, { station: 'light', at: at(10) }) })
    const updated = await waiting
    expect(updated, 'a snapshot with Ben at station light').toBeDefined()
    expect(Date.now() - postedAt).toBeLessThan(2000 + 300 + 500)
    controller.abort()
  })
})

describe('grid, portfolio, override, unlock', () => {
  let klass: string
  let ana: Awaited<ReturnType<typeof pairStudent>>
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201d1a2a4f00000000049454e44ae426082', 'hex')

  beforeAll(async () => {
    ana = await pairStudent(t.url, admin, 'Ana')
    klass = ana.classId
    await pairStudent(t.url, admin, 'Ben', klass)
    const batch = [
      taskStatement(ana.actor, VERB.attempted),
      taskStatement(ana.actor, VERB.answered, { success: false }),
      taskStatement(ana.actor, VERB.experienced, { step: 'nudge' }),
      taskStatement(ana.actor, VERB.requestedHint, { step: 'worked-hint' }),
      ...Array.from({ length: 5 }, () => taskStatement(ana.actor, VERB.answered, { success: true })),
      taskStatement(ana.actor, VERB.answered, { success: false, competencies: [LIGHT], station: 'light' }),
    ]
    expect((await xapi(t.url, 'POST', '/xapi/statements', { auth: ana.auth, body: batch })).status).toBe(200)
    const snapshot = taskStatement(ana.actor, VERB.completed) as Statement & { attachments: unknown[] }
    snapshot.attachments = [{ usageType: 'https://fathom.education/xapi/attachments/snapshot', display: { en: 'Snapshot of the arrangement' }, contentType: 'image/png', length: png.length, sha2: sha256(png) }]
    const mp = multipart(snapshot, [{ contentType: 'image/png', content: png }])
    const res = await fetch(`${t.url}/xapi/statements`, { method: 'POST', headers: { 'X-Experience-API-Version': '1.0.3', authorization: ana.auth, 'content-type': mp.contentType }, body: new Uint8Array(mp.body) })
    expect(res.status).toBe(200)
  })

  it('grid: levels per cell, summary per competency, filters by expedition and standard', async () => {
    type G = { competencies: { id: string; code: string; expedition: string }[]; students: { id: string }[]; cells: { level: string }[][]; summary: Record<string, number>[]; filters: { expeditions: string[]; standards: string[] } }
    const grid = await json<G>(api(t.url, admin, 'GET', `/api/classes/${klass}/grid`))
    expect(grid.competencies.map((c) => [c.code, c.expedition])).toEqual([['TEST-1', 'test'], ['TEST-2', 'test']])
    expect(grid.cells[0]!.map((c) => c.level)).toEqual(['proficient', 'not-yet-proficient'])
    expect(grid.cells[1]!.map((c) => c.level)).toEqual(['no-evidence', 'no-evidence'])
    expect(grid.summary[0]).toEqual({ 'no-evidence': 1, 'not-yet-proficient': 0, proficient: 1, advanced: 0 })
    expect(grid.filters).toEqual({ expeditions: ['test'], standards: ['TEST-1', 'TEST-2'] })
    expect((await json<G>(api(t.url, admin, 'GET', `/api/classes/${klass}/grid?standard=test-2`))).competencies.map((c) => c.code)).toEqual(['TEST-2'])
    expect((await json<G>(api(t.url, admin, 'GET', `/api/classes/${klass}/grid?expedition=ocean`))).competencies).toEqual([])
  })

  it('portfolio: level, history, plain-language evidence, support, artifact; override and unlock are recorded as statements', async () => {
    type P = {
      competencies: {
        competency: { id: string }
        record: { level: string; derivedLevel: string; override?: { note: string } }
        history: { pKnown: number; level: string }[]
        evidence: { text: string }[]
        support: { step: string | null; text: string }[]
        overrides: { text: string }[]
        artifacts: { url: string; contentType: string; name: string }[]
      }[]
      unlocks: string[]
    }
    const p = await json<P>(api(t.url, admin, 'GET', `/api/students/${ana.studentId}/portfolio`))
    const zones = p.competencies.find((c) => c.competency.id === ZONES)!
    expect(zones.record.level).toBe('proficient')
    expect(zones.history).toHaveLength(6)
    expect(zones.history.at(-1)!.level).toBe('proficient')
    expect(zones.evidence[0]!.text).toBe('Placed the anglerfish in the midnight zone — not yet right, no hints, 12 s')
    expect(zones.support.map((s) => s.step)).toEqual(['nudge', 'worked-hint'])
    expect(zones.artifacts).toHaveLength(1)
    expect(zones.artifacts[0]).toMatchObject({ contentType: 'image/png', name: 'Snapshot of the arrangement' })
    const artifact = await api(t.url, admin, 'GET', zones.artifacts[0]!.url)
    expect(artifact.status).toBe(200)
    expect(Buffer.from(await artifact.arrayBuffer()).equals(png)).toBe(true)

    expect((await api(t.url, admin, 'POST', `/api/students/${ana.studentId}/overrides`, { competencyId: ZONES, level: 'wizard', note: 'x' })).status).toBe(400)
    expect((await api(t.url, admin, 'POST', `/api/students/${ana.studentId}/overrides`, { competencyId: ZONES, level: 'advanced', note: '' })).status).toBe(400)
    const o = await api(t.url, admin, 'POST', `/api/students/${ana.studentId}/overrides`, { competencyId: ZONES, level: 'advanced', note: 'Explained the zones to the class with evidence' })
    expect(o.status).toBe(201)
    const { statement } = (await o.json()) as { statement: Statement }
    expect(validateStatement(statement, { version: '1.0' })).toMatchObject({ ok: true })
    expect(statement.actor).toEqual({ objectType: 'Agent', account: { homePage: t.server.context.publicUrl(), name: (await json<{ teacher: { id: string } }>(api(t.url, admin, 'GET', '/api/session'))).teacher.id } })
    expect(statement.verb.id).toBe(VERB.overrodeLevel)
    expect(statement.object).toEqual(ana.actor)
    expect(statement.result?.extensions?.[EXTENSION.level]).toBe('advanced')
    expect(statement.result?.response).toBe('Explained the zones to the class with evidence')
    expect(statement.context?.extensions?.[EXTENSION.competencies]).toEqual([ZONES])
    // It is an LRS statement like any other (the teacher reads it over /xapi).
    const read = await fetch(`${t.url}/xapi/statements?statementId=${statement.id}`, { headers: { cookie: admin.cookie, 'X-Experience-API-Version': '1.0.3' } })
    expect(read.status).toBe(200)

    const u = await api(t.url, admin, 'POST', `/api/students/${ana.studentId}/unlocks`, { expedition: 'test', station: 'light' })
    expect(u.status).toBe(201)
    expect(((await u.json()) as { statement: Statement }).statement.verb.id).toBe(VERB.unlocked)

    const after = await json<P>(api(t.url, admin, 'GET', `/api/students/${ana.studentId}/portfolio`))
    const z = after.competencies.find((c) => c.competency.id === ZONES)!
    expect(z.record).toMatchObject({ level: 'advanced', derivedLevel: 'proficient', override: { note: 'Explained the zones to the class with evidence' } })
    expect(z.overrides[0]!.text).toBe('Teacher set the level to advanced: “Explained the zones to the class with evidence”')
    expect(after.unlocks).toEqual(['test/light'])
    const grid = await json<{ cells: { level: string; override?: unknown }[][] }>(api(t.url, admin, 'GET', `/api/classes/${klass}/grid`))
    expect(grid.cells[0]![0]).toMatchObject({ level: 'advanced', override: { level: 'advanced' } })
    // The live view does not move the student to the station the teacher unlocked.
    const live = await json<{ students: { studentId: string; station: string | null }[] }>(api(t.url, admin, 'GET', `/api/classes/${klass}/live`))
    expect(live.students.find((s) => s.studentId === ana.studentId)!.station).toBe('zones')
  })

  it('exports every format for the class and for a student', async () => {
    const base = `/api/classes/${klass}/export`
    const evCsv = await api(t.url, admin, 'GET', `${base}/evidence.csv`)
    expect(evCsv.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(evCsv.headers.get('content-disposition')).toMatch(/^attachment; filename="fathom-evidence-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.csv"$/)
    const evRows = parseCsv(await evCsv.text())
    expect(Object.keys(evRows[0]!)).toEqual([...CSV_HEADER])
    expect(evRows).toHaveLength(4)
    expect(evRows[0]).toMatchObject({ student: 'Ana', level: 'advanced' })

    const stCsv = await api(t.url, admin, 'GET', `${base}/statements.csv`)
    const total = Number(stCsv.headers.get('x-fathom-total'))
    const stRows = parseCsv(await stCsv.text())
    expect(Object.keys(stRows[0]!)).toEqual([...STATEMENT_CSV_HEADER])
    expect(stRows).toHaveLength(total)
    expect(total).toBe(13) // 10 + completed with artifact + override + unlock
    expect(stRows[1]).toMatchObject({ student: 'Ana', verb: VERB.answered, success: 'false', hints_used: '0', duration_s: '12', expedition: 'test', station: 'zones', competencies: ZONES })

    const ej = await json<{ format: string; students: { id: string; evidence: { level: string }[] }[]; competencies: unknown[] }>(api(t.url, admin, 'GET', `${base}/evidence.json`))
    expect(ej.format).toBe('fathom-evidence/1')
    expect(ej.students).toHaveLength(2)
    expect(ej.students[0]!.evidence.map((r) => r.level)).toEqual(['advanced', 'not-yet-proficient'])

    const nd = (await (await api(t.url, admin, 'GET', `${base}/statements.ndjson`)).text()).trim().split('\n').map((l) => JSON.parse(l) as Statement)
    const arr = await json<Statement[]>(api(t.url, admin, 'GET', `${base}/statements.json`))
    expect(nd).toHaveLength(13)
    expect(arr.map((s) => s.id)).toEqual(nd.map((s) => s.id))
    for (const s of arr) expect(validateStatement(s, { version: '1.0' })).toMatchObject({ ok: true })

    // Student scope.
    const one = await api(t.url, admin, 'GET', `/api/students/${ana.studentId}/export/statements.ndjson`)
    expect((await one.text()).trim().split('\n')).toHaveLength(13)
    const oneEv = parseCsv(await (await api(t.url, admin, 'GET', `/api/students/${ana.studentId}/export/evidence.csv`)).text())
    expect(oneEv.map((r) => r.student_id)).toEqual([ana.studentId, ana.studentId])
  })

  it('xAPI export re-imports into a fresh server', async () => {
    const nd = (await (await api(t.url, admin, 'GET', `/api/classes/${klass}/export/statements.ndjson`)).text()).trim().split('\n').map((l) => JSON.parse(l) as Statement)
    const fresh = await startTestServer()
    try {
      const cred = await issueCredential(fresh.server.context.store, ['all'], new Date())
      const res = await xapi(fresh.url, 'POST', '/xapi/statements', { auth: cred.authorization, body: nd })
      expect(res.status, await res.clone().text()).toBe(200)
      expect(await res.json()).toEqual(nd.map((s) => s.id))
      const back = await json<{ statements: Statement[] }>(xapi(fresh.url, 'GET', `/xapi/statements?statementId=${nd[0]!.id}`, { auth: cred.authorization }))
      expect(back).toMatchObject({ id: nd[0]!.id })
    } finally {
      await fresh.close()
    }
  })

  it('Open Badges 3.0: a signed OpenBadgeCredential per proficient/advanced competency that validates', async () => {
    const res = await api(t.url, admin, 'GET', `/api/students/${ana.studentId}/export/badges.json`)
    expect(res.status).toBe(200)
    const body = (await res.json()) as { issuer: { id: string }; credentials: { competencyId: string; level: string; credential: Record<string, unknown>; jwt: string }[] }
    expect(body.credentials.map((c) => [c.competencyId, c.level])).toEqual([[ZONES, 'advanced']])
    const [badge] = body.credentials
    expect(ob3SchemaErrors(badge!.credential)).toEqual([])
    const expanded = (await expandSafely(badge!.credential)) as unknown[]
    expect(JSON.stringify(expanded)).toContain('https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential')
    const jwks = await json<{ keys: import('jose').JWK[] }>(fetch(`${t.url}/api/issuer/jwks`))
    const payload = await verifyBadgeJwt(badge!.jwt, jwks)
    expect(payload).toMatchObject({ iss: body.issuer.id, jti: badge!.credential.id })
    const { iss: _i, jti: _j, nbf: _n, ...rest } = payload
    void _i, void _j, void _n
    expect(rest).toEqual(badge!.credential)
    const subject = badge!.credential.credentialSubject as { achievement: { alignment: { targetCode: string }[] } }
    expect(subject.achievement.alignment[0]!.targetCode).toBe('TEST-1')
    // A tampered JWT fails.
    const [h, p, s] = badge!.jwt.split('.')
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, name: 'Forged' })).toString('base64url')}.${s}`
    await expect(verifyBadgeJwt(forged, jwks)).rejects.toThrow()
    void p
    // The same key signs the next time (generated once, kept in the data dir).
    const again = await json<{ credentials: { jwt: string }[] }>(api(t.url, admin, 'GET', `/api/classes/${klass}/export/badges.json`))
    await verifyBadgeJwt(again.credentials[0]!.jwt, jwks)
  })
})

describe('privacy', () => {
  it('exports all of one student, then deletes them completely after confirmation', async () => {
    const kim = await pairStudent(t.url, admin, 'Kim')
    const png = Buffer.from('kim-artifact')
    const s = taskStatement(kim.actor, VERB.completed) as Statement & { attachments: unknown[] }
    s.attachments = [{ usageType: 'https://fathom.education/xapi/attachments/snapshot', display: { en: 'Snapshot' }, contentType: 'image/png', length: png.length, sha2: sha256(png) }]
    const mp = multipart(s, [{ contentType: 'image/png', content: png }])
    expect((await fetch(`${t.url}/xapi/statements`, { method: 'POST', headers: { ...{ 'X-Experience-API-Version': '1.0.3' }, authorization: kim.auth, 'content-type': mp.contentType }, body: new Uint8Array(mp.body) })).status).toBe(200)
    await xapi(t.url, 'POST', '/xapi/statements', { auth: kim.auth, body: taskStatement(kim.actor, VERB.answered) })
    const agent = encodeURIComponent(JSON.stringify(kim.actor))
    const stateUrl = `/xapi/activities/state?activityId=${encodeURIComponent('https://school.example/activities/test')}&agent=${agent}&stateId=progress`
    expect((await xapi(t.url, 'PUT', stateUrl, { auth: kim.auth, body: { station: 'zones' } })).status).toBe(204)
    await api(t.url, admin, 'POST', `/api/students/${kim.studentId}/overrides`, { competencyId: ZONES, level: 'proficient', note: 'Seen in class' })
    await api(t.url, admin, 'POST', `/api/students/${kim.studentId}/pairing-code`)

    const all = await json<{ student: { id: string }; statements: unknown[]; documents: { id: string }[]; attachments: { sha2: string }[]; evidence: unknown[] }>(
      api(t.url, admin, 'GET', `/api/students/${kim.studentId}/export/all.json`),
    )
    expect(all.student.id).toBe(kim.studentId)
    expect(all.statements).toHaveLength(3)
    expect(all.documents.map((d) => d.id)).toEqual(['progress'])
    expect(all.attachments.map((a) => a.sha2)).toEqual([sha256(png)])

    expect((await api(t.url, admin, 'DELETE', `/api/students/${kim.studentId}`, { confirm: 'kim' })).status).toBe(400)
    const del = await api(t.url, admin, 'DELETE', `/api/students/${kim.studentId}`, { confirm: 'Kim' })
    expect(del.status).toBe(200)
    expect(((await del.json()) as { deleted: Record<string, number> }).deleted).toMatchObject({ statements: 3, documents: 1, attachments: 1, credentials: 1, pairingCodes: 2 })

    const store = t.server.context.store
    expect(await store.findStudent(kim.studentId)).toBeUndefined()
    expect(await store.statementsOfStudents([kim.studentId])).toEqual([])
    expect(await store.findAttachments([sha256(png)])).toEqual([])
    expect(await store.documentsOfAgent(studentAgentKey(t.server.context, kim.studentId))).toEqual([])
    expect((await store.listCredentials({ includeStudent: true })).filter((c) => c.studentId === kim.studentId)).toEqual([])
    expect(await store.queryStatements({ agentKey: studentAgentKey(t.server.context, kim.studentId), relatedAgents: true, ascending: true, limit: 10 })).toEqual([])
    expect((await xapi(t.url, 'POST', '/xapi/statements', { auth: kim.auth, body: taskStatement(kim.actor, VERB.answered) })).status).toBe(401)
    expect((await api(t.url, admin, 'GET', `/api/students/${kim.studentId}/portfolio`)).status).toBe(404)
  })

  it('retention: the sweep deletes statements older than the class setting', async () => {
    const lee = await pairStudent(t.url, admin, 'Lee')
    await xapi(t.url, 'POST', '/xapi/statements', { auth: lee.auth, body: taskStatement(lee.actor, VERB.answered) })
    await api(t.url, admin, 'PATCH', `/api/classes/${lee.classId}`, { retentionDays: 30 })
    t.clock.advance(29 * 24 * 3600_000)
    await xapi(t.url, 'POST', '/xapi/statements', { auth: lee.auth, body: taskStatement(lee.actor, VERB.answered) })
    t.clock.advance(2 * 24 * 3600_000)
    const swept = await runRetentionSweep(t.server.context)
    expect(swept.statements).toBe(1)
    expect(await t.server.context.store.statementsOfStudents([lee.studentId])).toHaveLength(1)
    t.clock.advance(-31 * 24 * 3600_000)
  })
})
