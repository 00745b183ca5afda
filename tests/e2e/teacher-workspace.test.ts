/**
 * The teacher workspace in a real browser against the real server: sign in,
 * create a class and students, print pairing cards, pair a "headset" (HTTP),
 * watch the live view update, read a portfolio, override a level, export every
 * format and check each file, re-import the xAPI export into a fresh server,
 * print the report, delete a student and check nothing of theirs remains.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { JWK } from 'jose'
import type { Agent, Statement } from '../../src/core/xapi/types.js'
import { VERB } from '../../src/core/xapi/vocabulary.js'
import { STATEMENT_CSV_HEADER } from '../../src/server/export/statements.js'
import { CSV_HEADER } from '../../src/server/export/evidence.js'
import { expandSafely, ob3SchemaErrors, verifyBadgeJwt } from '../server/ob3.js'
import { taskStatement } from '../server/teacher-helpers.js'
import { useClassroom } from './classroom.js'
import { ADMIN_PASSWORD, foreignRequests, parseCsv, startServer, Teacher } from './harness.js'

const LIGHT = 'https://fathom.education/frameworks/ocean/items/light-and-life'
const V = { 'X-Experience-API-Version': '1.0.3', 'Content-Type': 'application/json' }

describe('teacher workspace in Chromium', () => {
  const room = useClassroom()

  it('a teacher sets up a class, pairs a headset, watches live, reads and overrides, exports, deletes', async () => {
    const { server, teacher, browser } = room
    const { page } = browser
    // Sign in.
    await page.goto(`${server.url}/teacher`)
    await page.fill('#username', 'admin')
    await page.fill('#password', ADMIN_PASSWORD)
    await page.click('#sign-in')
    await page.waitForSelector('#sign-out')

    // Create a class and two students.
    await page.fill('#class-name', 'Ocean 7B')
    await page.click('#create-class')
    await page.waitForSelector('#student-name')
    for (const name of ['Ada', 'Bo']) {
      await page.fill('#student-name', name)
      await page.click('#add-student')
      await page.waitForSelector(`.students a:text-is("${name}")`)
    }

    // Pairing cards: a code and a QR code per student, printable.
    await page.click('#open-cards')
    await page.waitForSelector('.pairing-card')
    const cards = await page.$$eval('.pairing-card', (els) =>
      els.map((el) => ({
        name: el.querySelector('h2')?.textContent,
        studentId: el.getAttribute('data-student-id')!,
        code: el.querySelector('[data-pairing-code]')?.getAttribute('data-pairing-code') ?? '',
        qr: (el.querySelector('img.qr') as HTMLImageElement).src,
        url: (el.querySelector('img.qr') as HTMLImageElement).dataset.url ?? '',
        qrWidth: (el.querySelector('img.qr') as HTMLImageElement).naturalWidth,
      })),
    )
    expect(cards.map((c) => c.name)).toEqual(['Ada', 'Bo'])
    for (const c of cards) {
      expect(c.code).toMatch(/^[A-Z2-9]{6}$/)
      expect(c.qr.startsWith('data:image/svg+xml')).toBe(true)
      expect(c.qrWidth).toBeGreaterThan(0) // the SVG decoded as an image
      expect(c.url).toBe(`${server.url}/?pair=${c.code}`)
    }
    await page.emulateMedia({ media: 'print' })
    expect(await page.isVisible('#print-cards')).toBe(false)
    expect(await page.isVisible('.pairing-card')).toBe(true)
    await page.emulateMedia({ media: 'screen' })
    const ada = cards[0]!

    // Pair a "headset" for Ada with the code on her card.
    const pairRes = await fetch(`${server.url}/api/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: ada.code }) })
    expect(pairRes.status).toBe(200)
    const headset = (await pairRes.json()) as { auth: string; actor: Agent; endpoint: string }
    const post = (body: unknown) => fetch(`${headset.endpoint}statements`, { method: 'POST', headers: { ...V, Authorization: headset.auth }, body: JSON.stringify(body) })

    // Live view: the row moves within 2 s of a statement arriving.
    await page.goto(`${server.url}/teacher#/class/${(await classIdOf(teacher, 'Ocean 7B'))}/live`)
    await page.waitForSelector(`#live-table tr[data-student-id="${ada.studentId}"]`)
    expect(await page.getAttribute(`#live-table tr[data-student-id="${ada.studentId}"]`, 'data-station')).toBe('')
    const now = Date.now()
    const at = (s: number) => new Date(now - 120_000 + s * 1000).toISOString()
    const sent = Date.now()
    expect((await post(taskStatement(headset.actor, VERB.attempted, { expedition: 'ocean', station: 'zones', competencies: [LIGHT], at: at(1) }))).status).toBe(200)
    await page.waitForSelector(`#live-table tr[data-student-id="${ada.studentId}"][data-station="zones"]`, { timeout: 2000 })
    const liveMs = Date.now() - sent
    console.log(`[e2e] live view updated ${liveMs} ms after the statement was stored`)
    expect(liveMs).toBeLessThan(2000)
    // Three misses in a row: stuck.
    await post([1, 2, 3].map((i) => taskStatement(headset.actor, VERB.answered, { success: false, expedition: 'ocean', station: 'zones', competencies: [LIGHT], at: at(1 + i) })))
    await page.waitForSelector(`#live-table tr[data-student-id="${ada.studentId}"][data-stuck~="repeated-misses"]`, { timeout: 2000 })
    expect(await page.textContent(`#live-table tr[data-student-id="${ada.studentId}"] .help`)).toContain('Repeated misses')
    // Then a hint and six right answers: proficient.
    await post([
      taskStatement(headset.actor, VERB.requestedHint, { expedition: 'ocean', station: 'zones', competencies: [LIGHT], step: 'worked-hint', at: at(5) }),
      ...[0, 1, 2, 3, 4, 5].map((i) => taskStatement(headset.actor, VERB.answered, { success: true, expedition: 'ocean', station: 'zones', competencies: [LIGHT], at: at(6 + i) })),
      taskStatement(headset.actor, VERB.completed, { expedition: 'ocean', station: 'zones', competencies: [LIGHT], at: at(13) }),
    ])
    await page.waitForSelector(`#live-table tr[data-student-id="${ada.studentId}"][data-stuck=""]`, { timeout: 2000 })

    // Grid: Ada proficient, Bo no evidence; filters.
    await page.click('#tab-grid')
    await page.waitForSelector('#evidence-grid')
    expect(await page.getAttribute(`#evidence-grid tr[data-student-id="${ada.studentId}"] td[data-competency-id="${LIGHT}"]`, 'data-level')).toBe('proficient')
    expect(await page.getAttribute(`#evidence-grid tr[data-student-id="${cards[1]!.studentId}"] td[data-competency-id="${LIGHT}"]`, 'data-level')).toBe('no-evidence')
    expect(await page.textContent('#evidence-grid tfoot')).toContain('1 proficient')
    const allColumns = await page.$$eval('#evidence-grid thead th', (t) => t.length)
    await page.selectOption('#filter-standard', 'MS-LS2-1')
    await page.waitForFunction(() => document.querySelector('#filter-standard') && (document.querySelector('#filter-standard') as HTMLSelectElement).value === 'MS-LS2-1' && document.querySelector('#evidence-grid'))
    await page.waitForFunction((n) => document.querySelectorAll('#evidence-grid thead th').length < n, allColumns)
    expect(await page.$(`#evidence-grid td[data-competency-id="${LIGHT}"]`)).not.toBeNull()

    // Portfolio: plain-language evidence, support, chart; override with a note.
    await page.click(`#evidence-grid tr[data-student-id="${ada.studentId}"] a`)
    await page.waitForSelector('#portfolio-title')
    const section = `.competency[data-competency-id="${LIGHT}"]`
    expect(await page.textContent(`${section} .evidence`)).toContain('not yet right, no hints, 12 s')
    expect(await page.textContent(`${section} .support`)).toContain('Asked for a hint (worked-hint)')
    expect(await page.$$eval(`${section} svg.mastery-chart polyline`, (p) => p.length)).toBe(1)
    await page.selectOption(`[data-override-level="${LIGHT}"]`, 'advanced')
    await page.fill(`[data-override-note="${LIGHT}"]`, 'Explained bioluminescence to the class')
    await page.click(`[data-override-save="${LIGHT}"]`)
    await page.waitForSelector(`${section}[data-level="advanced"] [data-override="true"]`)
    expect(await page.textContent(`${section} [data-override="true"]`)).toContain('Explained bioluminescence to the class')
    // The override is an xAPI statement by the teacher.
    const overrides = await teacher.get(`/xapi/statements?verb=${encodeURIComponent(VERB.overrodeLevel)}`, { 'X-Experience-API-Version': '1.0.3' })
    const [override] = ((await overrides.json()) as { statements: Statement[] }).statements
    expect(override?.object).toEqual(headset.actor)
    expect(override?.result?.response).toBe('Explained bioluminescence to the class')

    // Printable report.
    await page.click('#open-report')
    await page.waitForSelector('.report-summary')
    await page.emulateMedia({ media: 'print' })
    expect(await page.isVisible('#print-report')).toBe(false)
    expect(await page.textContent('.report-summary')).toContain('Advanced')
    await page.screenshot({ path: `${server.dataDir}/../fathom-report-print.png`, fullPage: true }).catch(() => undefined)
    await page.emulateMedia({ media: 'screen' })

    // Exports from the class page: every format, with content checks.
    const classId = await classIdOf(teacher, 'Ocean 7B')
    await page.goto(`${server.url}/teacher#/class/${classId}/exports`)
    await page.waitForSelector('[data-export="evidence.csv"]')
    const files: Record<string, string> = {}
    const status: Record<string, string> = {}
    for (const file of ['evidence.csv', 'evidence.json', 'statements.csv', 'statements.ndjson', 'statements.json', 'badges.json']) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-export="${file}"]`)])
      files[file] = readFileSync((await download.path())!, 'utf8')
      await page.waitForSelector(`#export-status[data-done="${file}"]`)
      status[file] = (await page.textContent('#export-status')) ?? ''
    }
    // Streamed exports report progress by count: 12 from the headset + the override.
    expect(status['statements.ndjson']).toContain('(13 statements)')
    const ev = parseCsv(files['evidence.csv']!)
    expect(Object.keys(ev[0]!)).toEqual([...CSV_HEADER])
    const lightCode = (ev.find((r) => r.level === 'advanced') ?? ev[0]!).competency_code
    expect(ev.filter((r) => r.competency_code === lightCode).map((r) => [r.student, r.level])).toEqual([['Ada', 'advanced'], ['Bo', 'no-evidence']])
    expect(ev.filter((r) => r.level !== 'no-evidence')).toHaveLength(1)
    const st = parseCsv(files['statements.csv']!)
    expect(Object.keys(st[0]!)).toEqual([...STATEMENT_CSV_HEADER])
    expect(st).toHaveLength(13)
    expect(st.filter((r) => r.verb === VERB.answered)).toHaveLength(9)
    const evJson = JSON.parse(files['evidence.json']!) as { students: { displayName: string; evidence: { level: string; override?: unknown }[] }[] }
    expect(evJson.students.map((s) => s.displayName)).toEqual(['Ada', 'Bo'])
    expect(evJson.students[0]!.evidence.find((r) => r.level === 'advanced')).toMatchObject({ override: { note: 'Explained bioluminescence to the class' } })
    const ndjson = files['statements.ndjson']!.trim().split('\n').map((l) => JSON.parse(l) as Statement)
    expect(ndjson).toHaveLength(13)
    expect((JSON.parse(files['statements.json']!) as Statement[]).map((s) => s.id)).toEqual(ndjson.map((s) => s.id))
    const badges = JSON.parse(files['badges.json']!) as { credentials: { credential: Record<string, unknown>; jwt: string; level: string }[] }
    expect(badges.credentials.map((c) => c.level)).toEqual(['advanced'])
    const jwks = (await (await fetch(`${server.url}/api/issuer/jwks`)).json()) as { keys: JWK[] }
    for (const b of badges.credentials) {
      expect(ob3SchemaErrors(b.credential)).toEqual([])
      await expandSafely(b.credential)
      const payload = await verifyBadgeJwt(b.jwt, jwks)
      expect(payload.jti).toBe(b.credential.id)
    }

    // xAPI re-import into a fresh server.
    const fresh = await startServer()
    try {
      const other = new Teacher(fresh.url)
      await other.login()
      const cred = await other.post<{ authorization: string }>('/api/credentials', { label: 'Import', scopes: ['statements/write', 'statements/read'] })
      const imported = await fetch(`${fresh.url}/xapi/statements`, { method: 'POST', headers: { ...V, Authorization: cred.authorization }, body: JSON.stringify(ndjson) })
      expect(imported.status, await imported.clone().text()).toBe(200)
      const back = (await (await fetch(`${fresh.url}/xapi/statements?limit=100`, { headers: { ...V, Authorization: cred.authorization } })).json()) as { statements: Statement[] }
      expect(back.statements.map((s) => s.id).sort()).toEqual(ndjson.map((s) => s.id).sort())
    } finally {
      await fresh.stop()
    }

    // Delete Ada completely, with the confirmation step.
    await page.goto(`${server.url}/teacher#/student/${ada.studentId}`)
    await page.waitForSelector('#delete-student')
    await page.fill('#delete-confirm', 'ada')
    await page.click('#delete-student')
    await page.waitForFunction(() => (document.querySelector('.danger .error')?.textContent ?? '').length > 0)
    expect(await page.isVisible('#portfolio-title')).toBe(true)
    await page.fill('#delete-confirm', 'Ada')
    await page.click('#delete-student')
    await page.waitForSelector('#student-name')
    expect(await page.$$eval('.students a', (a) => a.map((x) => x.textContent))).toEqual(['Bo'])
    expect((await teacher.get(`/api/students/${ada.studentId}/portfolio`)).status).toBe(404)
    const agent = encodeURIComponent(JSON.stringify(headset.actor))
    const left = (await (await teacher.get(`/xapi/statements?agent=${agent}&related_agents=true`, { 'X-Experience-API-Version': '1.0.3' })).json()) as { statements: unknown[] }
    expect(left.statements).toEqual([])
    const allLeft = (await (await teacher.get('/xapi/statements?limit=500', { 'X-Experience-API-Version': '1.0.3' })).json()) as { statements: unknown[] }
    expect(allLeft.statements).toEqual([])
    expect((await post(taskStatement(headset.actor, VERB.attempted))).status).toBe(401)

    expect(foreignRequests(browser.requests, server.url)).toEqual([])
    expect(browser.consoleErrors.filter((e) => !/status of 40[014]/.test(e))).toEqual([])
  })
})

async function classIdOf(teacher: Teacher, name: string): Promise<string> {
  const { classes } = (await (await teacher.get('/api/classes')).json()) as { classes: { id: string; name: string }[] }
  const found = classes.find((c) => c.name === name)
  if (!found) throw new Error(`no class ${name}`)
  return found.id
}
