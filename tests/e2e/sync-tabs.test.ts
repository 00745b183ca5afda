import { describe, expect, it } from 'vitest'
import { launchBrowser } from './harness.js'
import { drained, expectExactly, openApp, record, useKillableServer } from './sync-fixture.js'

describe('sync fault matrix: two tabs', () => {
  const room = useKillableServer()

  it('two tabs record at once: only one sends at a time (Web Locks), the other takes over when it closes, exactly the set arrives', async () => {
    const { server, teacher } = room
    const browser = await launchBrowser()
    try {
      const ids = await teacher.classWithStudent('Tess Twotabs')
      const { page: a, context } = browser
      let inFlight = 0
      let maxInFlight = 0
      let posts = 0
      await context.route('**/xapi/statements', async (route) => {
        if (route.request().method() !== 'POST') return route.continue()
        posts += 1
        inFlight += 1
        maxInFlight = Math.max(maxInFlight, inFlight)
        try {
          // Slow answers widen the window in which both tabs would send.
          await new Promise((resolve) => setTimeout(resolve, 150))
          const response = await route.fetch()
          await route.fulfill({ response })
        } catch {
          await route.abort().catch(() => undefined)
        } finally {
          inFlight -= 1
        }
      })
      await openApp(a, server.url, ids.code)
      const b = await context.newPage()
      await openApp(b, server.url)
      const recorded = (await Promise.all([record(a, 150, 'tab-a1'), record(b, 150, 'tab-b1'), record(a, 60, 'tab-a2'), record(b, 60, 'tab-b2')])).flat()
      await expect.poll(() => posts, { timeout: 20_000 }).toBeGreaterThanOrEqual(1)
      // Close the first tab while sending is under way; the other one finishes.
      await a.close({ runBeforeUnload: false })
      const late = await record(b, 30, 'tab-b3')
      await drained(b)
      expect(maxInFlight).toBe(1)
      await expectExactly(teacher, ids.studentId, server.url, [...recorded, ...late])
    } finally {
      await browser.close()
    }
  })
})
