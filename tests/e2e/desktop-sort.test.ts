// The ocean sort, by mouse and by controller, is played in expedition-desktop.test.ts and
// expedition-ocean.test.ts; this file keeps the durability check that started here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { foreignRequests, launchBrowser, openExpedition, pairAndOpen, startServer, Teacher, waitForExpedition, type Browser, type RunningServer } from './harness.js'
import { taskOf, taskState, waitForDrain, waitForStation } from './expedition-play.js'

describe('desktop: nothing recorded is lost', () => {
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

  it('loses nothing recorded when the page reloads before sync, and resumes the task where it was', async () => {
    browser = await launchBrowser()
    try {
      const { page } = browser
      const ids = await teacher.classWithStudent('Ada Reload')
      // The LRS is unreachable for now: everything recorded stays on the device.
      await page.route('**/xapi/statements', (route) => route.fulfill({ status: 503, body: '{"message":"down for the test"}', contentType: 'application/json' }))
      await pairAndOpen(page, `${server.url}/?test=1&freeze=1`, ids.code)
      await openExpedition(page, 'ocean')
      await waitForStation(page, 'first-look')
      await page.click('#start-task')
      await expect.poll(async () => (await taskState(page)).phase).toBe('active')
      const task = taskOf('ocean', 'first-look')
      if (task.kind !== 'select') throw new Error('the ocean diagnostic is a select task')
      const right = task.questions[0]!.options.find((o) => o.correct)!
      const point = await page.evaluate((target) => window.__fathom!.screenPoint(target), right.entity)
      await page.mouse.click(point!.x, point!.y)
      await expect.poll(async () => (await taskState(page)).current).toBe(1)
      // attempted + answered, written to IndexedDB by the 1 s flusher (no hook involved).
      await page.waitForTimeout(1500)
      const pendingBefore = await page.evaluate(() => window.__fathom!.pending())
      expect(pendingBefore).toBe(2)

      await page.reload()
      await waitForExpedition(page)
      expect(await page.evaluate(() => window.__fathom!.pending())).toBe(pendingBefore)
      // Back in the ocean, the diagnostic resumes at its second question.
      await openExpedition(page, 'ocean')
      await waitForStation(page, 'first-look')
      expect(await taskState(page)).toMatchObject({ phase: 'active', current: 1 })

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
