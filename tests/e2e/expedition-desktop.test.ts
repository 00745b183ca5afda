import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VERB } from '../../src/core/index.js'
import { foreignRequests, launchBrowser, openExpedition, pairAndOpen, startServer, Teacher, type Browser, type RunningServer } from './harness.js'
import {
  assertServerLevels,
  journeyState,
  mousePresser,
  playEstimateByKeyboard,
  playOrder,
  playOrderByKeyboard,
  playSelect,
  playSort,
  taskOf,
  taskState,
  waitForDrain,
  waitForStation,
  type ExpeditionName,
} from './expedition-play.js'

/** Per expedition: a task by mouse after the diagnostic, then one by keyboard alone. */
const PLANS: Record<ExpeditionName, { mouse: { station: string; play: 'sort' | 'order' }; keyboard: { station: string; play: 'estimate' | 'order' } }> = {
  ocean: { mouse: { station: 'who-lives-where', play: 'sort' }, keyboard: { station: 'pressure', play: 'estimate' } },
  cosmos: { mouse: { station: 'planet-parade', play: 'order' }, keyboard: { station: 'orbit-clock', play: 'estimate' } },
  eras: { mouse: { station: 'whose-is-it', play: 'sort' }, keyboard: { station: 'timeline', play: 'order' } },
}

describe('desktop: each expedition by mouse and by keyboard alone', () => {
  let server: RunningServer
  let teacher: Teacher

  beforeAll(async () => {
    server = await startServer()
    teacher = new Teacher(server.url)
    await teacher.login()
  })

  afterAll(async () => {
    await server?.stop()
  })

  it.each(['ocean', 'cosmos', 'eras'] as const)('%s: diagnostic and a task by mouse (a miss earns a nudge), a task by keyboard; the server shows the derived levels', async (expedition) => {
    const browser: Browser = await launchBrowser()
    try {
      const { page } = browser
      const ids = await teacher.classWithStudent(`Ada ${expedition} desktop`)
      await pairAndOpen(page, `${server.url}/?test=1&freeze=1`, ids.code)
      // The hub shows the three expeditions, open.
      for (const id of ['ocean', 'cosmos', 'eras']) expect(await page.isEnabled(`#open-${id}`)).toBe(true)
      await openExpedition(page, expedition)
      await waitForStation(page, 'first-look')
      const info = await page.evaluate(() => window.__fathom!.renderInfo())
      console.log(`[e2e] ${expedition}, desktop, headless Chromium: ${JSON.stringify(info)}`)
      expect(info.calls).toBeGreaterThan(0)
      expect(info.calls).toBeLessThanOrEqual(100)
      expect(info.triangles).toBeLessThanOrEqual(300_000)
      expect(info.programs).toBeLessThanOrEqual(info.programsAfterLoad!)

      const mouse = mousePresser(page)
      await playSelect(page, mouse, taskOf(expedition, 'first-look'), { missFirst: true })
      // Negative control: a click on empty space changes nothing.
      const before = await taskState(page)
      await mouse.pressNowhere()
      expect(await taskState(page)).toEqual(before)

      const plan = PLANS[expedition]
      await page.click(`#go-${plan.mouse.station}`)
      await waitForStation(page, plan.mouse.station)
      if (plan.mouse.play === 'sort') await playSort(page, mouse, taskOf(expedition, plan.mouse.station), { control: true })
      else await playOrder(page, mouse, taskOf(expedition, plan.mouse.station))

      // Keyboard alone from here: Tab to the station's Go button, then every action by key.
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
      const { keyTo } = await import('./expedition-play.js')
      await keyTo(page, `#go-${plan.keyboard.station}`)
      await waitForStation(page, plan.keyboard.station)
      if (plan.keyboard.play === 'estimate') await playEstimateByKeyboard(page, taskOf(expedition, plan.keyboard.station))
      else await playOrderByKeyboard(page, taskOf(expedition, plan.keyboard.station))
      const after = await page.evaluate(() => window.__fathom!.renderInfo())
      expect(after.programs).toBeLessThanOrEqual(after.programsAfterLoad!)

      await waitForDrain(page)
      const { statements, levels } = await assertServerLevels(teacher, ids, server.url, expedition, 'desktop')
      const device = (await journeyState(page)).levels
      expect(Object.fromEntries(Object.entries(device).map(([k, v]) => [k.split('/').at(-1), v]))).toEqual(levels)
      console.log(`[e2e] ${expedition} desktop levels: ${JSON.stringify(levels)}`)
      expect(statements.filter((s) => s.verb.id === VERB.answered && s.result?.success === false)).toHaveLength(1)
      expect(foreignRequests(browser.requests, server.url)).toEqual([])
      expect(browser.requests.filter((u) => /emulate/.test(u))).toEqual([])
    } finally {
      await browser.close()
    }
  }, 180_000)
})
