import { describe, expect, it } from 'vitest'
import { launchBrowser } from './harness.js'
import { drained, expectExactly, openApp, record, useKillableServer } from './sync-fixture.js'

const STATEMENTS = '**/xapi/statements'

describe('sync fault matrix: crashes', () => {
  const room = useKillableServer()

  it('the server process is killed (SIGKILL) in the middle of a batch and restarted on the same data: exactly the recorded set', async () => {
    const { server, teacher } = room
    const browser = await launchBrowser()
    try {
      const ids = await teacher.classWithStudent('Kai Killed')
      const { page } = browser
      await openApp(page, server.url, ids.code)
      let posts = 0
      let killed: Promise<void> | null = null
      await page.route(STATEMENTS, async (route) => {
        if (route.request().method() !== 'POST') return route.continue()
        posts += 1
        if (posts !== 2) return route.continue().catch(() => undefined)
        // The second batch is on its way into the server when the process dies.
        const forwarded = route.fetch()
        killed = new Promise((resolve) => setTimeout(resolve, 5)).then(() => server.kill('SIGKILL'))
        try {
          await route.fulfill({ response: await forwarded })
        } catch {
          await route.abort('connectionreset').catch(() => undefined)
        }
      })
      const recorded = await record(page, 450, 'sigkill')
      await expect.poll(() => killed !== null, { timeout: 30_000 }).toBe(true)
      await killed
      // More is recorded while the server is down.
      const whileDown = await record(page, 40, 'sigkill-down')
      await page.waitForTimeout(1500)
      await server.start()
      await teacher.login()
      await drained(page)
      await expectExactly(teacher, ids.studentId, server.url, [...recorded, ...whileDown])
    } finally {
      await browser.close()
    }
  })

  it('the tab is closed in the middle of a POST (the server stored it, the answer never arrived) and the app reopened: exactly the set', async () => {
    const { server, teacher } = room
    const browser = await launchBrowser()
    try {
      const ids = await teacher.classWithStudent('Tam Tabclosed')
      const { page, context } = browser
      await openApp(page, server.url, ids.code)
      let stored = false
      await page.route(STATEMENTS, async (route) => {
        if (route.request().method() !== 'POST') return route.continue()
        if (!stored) {
          await route.fetch()
          stored = true
          return // never answers: the tab closes first
        }
        return route.continue().catch(() => undefined)
      })
      const first = await record(page, 130, 'tab-a')
      await expect.poll(() => stored, { timeout: 20_000 }).toBe(true)
      const second = await record(page, 25, 'tab-b')
      await page.close({ runBeforeUnload: false })
      // The app is opened again (same browser profile): it finds the queue and finishes the job.
      const reopened = await context.newPage()
      await openApp(reopened, server.url)
      await drained(reopened)
      await expectExactly(teacher, ids.studentId, server.url, [...first, ...second])
    } finally {
      await browser.close()
    }
  })

  it('storage full (QuotaExceededError, then the near-quota AbortError): the student is told, nothing is dropped, and it all syncs once writes work again', async () => {
    const { server, teacher } = room
    const browser = await launchBrowser()
    try {
      const ids = await teacher.classWithStudent('Sol Storagefull')
      const { page } = browser
      await openApp(page, server.url, ids.code)
      const before = await record(page, 10, 'disk-ok')
      await page.evaluate(() => window.__fathom!.failStorage!('quota'))
      const during = await page.evaluate(() => window.__fathom!.recordTest!(30, 'disk-full'))
      await expect.poll(() => page.evaluate(() => window.__fathom!.syncView!().storage), { timeout: 10_000 }).toBe('full')
      await page.evaluate(() => window.__fathom!.failStorage!('abort'))
      const more = await page.evaluate(() => window.__fathom!.recordTest!(20, 'disk-abort'))
      await page.waitForTimeout(2500)
      // Kept in memory, retried, never dropped.
      expect(await page.evaluate(() => window.__fathom!.inMemory!())).toBe(50)
      expect((await page.evaluate(() => window.__fathom!.syncView!())).storage).toBe('full')
      await page.evaluate(() => window.__fathom!.failStorage!(null))
      await drained(page)
      await expect.poll(() => page.evaluate(() => window.__fathom!.syncView!().storage), { timeout: 10_000 }).not.toBe('full')
      await expectExactly(teacher, ids.studentId, server.url, [...before, ...during, ...more])
    } finally {
      await browser.close()
    }
  })
})
