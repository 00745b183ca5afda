import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { foreignRequests, launchBrowser, pairAndOpen, startServer, Teacher, waitForExpedition, type Browser, type RunningServer } from './harness.js'
import { assertEvidence, playSortTask, taskState, TASK, waitForDrain, type Presser } from './sort-task.js'

describe('desktop (mouse): sort organisms into depth zones', () => {
  let server: RunningServer
  let browser: Browser
  let teacher: Teacher

  beforeAll(async () => {
    server = await startServer()
    teacher = new Teacher(server.url)
    await teacher.login()
  })

  afterAll(async () => {
    await server?.stop()
  })

  it('records 6 right + 1 wrong answers with modality desktop, none for the negative control, and the CSV shows the derived level', async () => {
    browser = await launchBrowser()
    try {
      const { page } = browser
      const ids = await teacher.classWithStudent('Ada Desktop')
      await pairAndOpen(page, `${server.url}/?test=1&freeze=1`, ids.code)
      const info = await page.evaluate(() => window.__fathom!.renderInfo())
      console.log(`[e2e] ocean, desktop, headless Chromium: ${JSON.stringify(info)}`)
      expect(info.calls).toBeGreaterThan(0)
      expect(info.calls).toBeLessThanOrEqual(100)
      expect(info.triangles).toBeLessThanOrEqual(300_000)
      // No shader program is created after loading.
      expect(info.programs).toBe(info.programsAfterLoad)

      const presser: Presser = {
        async start() {
          await page.click('#start-task')
        },
        async press(id) {
          const point = await page.evaluate((target) => window.__fathom!.screenPoint(target), id)
          if (!point) throw new Error(`no screen point for ${id}`)
          await page.mouse.click(point.x, point.y)
          await page.waitForTimeout(120)
        },
        async pressNowhere() {
          // Open water above the zones, under the light shafts.
          const point = await page.evaluate(() => window.__fathom!.project(0, 3.2, -2.6))
          await page.mouse.click(point!.x, point!.y)
          await page.waitForTimeout(120)
        },
      }
      await playSortTask(page, presser)
      const after = await page.evaluate(() => window.__fathom!.renderInfo())
      expect(after.programs).toBe(info.programsAfterLoad)

      await waitForDrain(page)
      const { level } = await assertEvidence(teacher, ids, server.url, 'desktop')
      console.log(`[e2e] desktop evidence level: ${level}`)
      expect(foreignRequests(browser.requests, server.url)).toEqual([])
      // The emulator and its chunk never load without ?emulate=quest3.
      expect(browser.requests.filter((u) => /emulate/.test(u))).toEqual([])
    } finally {
      await browser.close()
    }
  })

  it('loses nothing recorded when the page reloads before sync', async () => {
    browser = await launchBrowser()
    try {
      const { page } = browser
      const ids = await teacher.classWithStudent('Ada Reload')
      // The LRS is unreachable for now: everything recorded stays on the device.
      await page.route('**/xapi/statements', (route) => route.fulfill({ status: 503, body: '{"message":"down for the test"}', contentType: 'application/json' }))
      await pairAndOpen(page, `${server.url}/?test=1&freeze=1`, ids.code)
      await page.click('#start-task')
      await expect.poll(async () => (await taskState(page)).phase).toBe('active')
      const item = TASK.items[0]!
      const click = async (id: string) => {
        const point = await page.evaluate((target) => window.__fathom!.screenPoint(target), id)
        await page.mouse.click(point!.x, point!.y)
        await page.waitForTimeout(120)
      }
      await click(item.entity)
      await click(TASK.zones.find((z) => z.id === item.zone)!.entity)
      expect((await taskState(page)).placed[item.id]).toBe(item.zone)
      // attempted + answered, written to IndexedDB by the 1 s flusher (no hook involved).
      await page.waitForTimeout(1500)
      const pendingBefore = await page.evaluate(() => window.__fathom!.pending())
      expect(pendingBefore).toBe(2)
      await expect.poll(() => page.evaluate(() => document.querySelector('#sync-waiting')?.textContent)).toBe('2 waiting to sync')

      await page.reload()
      await waitForExpedition(page)
      expect(await page.evaluate(() => window.__fathom!.pending())).toBe(pendingBefore)

      await page.unroute('**/xapi/statements')
      await waitForDrain(page)
      const response = await teacher.get(`/xapi/statements?agent=${encodeURIComponent(JSON.stringify({ objectType: 'Agent', account: { homePage: server.url, name: ids.studentId } }))}`, {
        'X-Experience-API-Version': '1.0.3',
      })
      const body = (await response.json()) as { statements: unknown[] }
      expect(body.statements).toHaveLength(2)
      expect(foreignRequests(browser.requests, server.url)).toEqual([])
    } finally {
      await browser.close()
    }
  })
})
