import { describe, expect, it } from 'vitest'
import type { Route } from 'playwright-core'
import { launchBrowser, type Browser } from './harness.js'
import { drained, expectExactly, openApp, record, serverIds, serviceWorkerReady, useKillableServer } from './sync-fixture.js'

const STATEMENTS = '**/xapi/statements'

describe('sync fault matrix: network and server answers', () => {
  const room = useKillableServer()
  let browser: Browser

  async function paired(name: string) {
    const { server, teacher } = room
    browser = await launchBrowser()
    const ids = await teacher.classWithStudent(name)
    await openApp(browser.page, server.url, ids.code)
    return ids
  }

  it('offline for a while (including a reload with no network), then back: the server holds exactly what was recorded', async () => {
    const { server, teacher } = room
    const ids = await paired('Olu Offline')
    try {
      const { page, context } = browser
      await serviceWorkerReady(page)
      const before = await record(page, 5, 'online')
      await drained(page)
      await context.setOffline(true)
      const during = await record(page, 60, 'offline')
      await page.waitForTimeout(2500)
      expect((await page.evaluate(() => window.__fathom!.syncView!())).waiting).toBe(60)
      // The app shell comes from the service worker: it loads and records with no network at all.
      const failed: string[] = []
      page.on('requestfailed', (request) => {
        if (!/\/(xapi|api)\//.test(request.url())) failed.push(request.url())
      })
      await page.reload()
      await page.waitForFunction(() => typeof window.__fathom?.recordTest === 'function', undefined, { timeout: 60_000 })
      const afterReload = await record(page, 40, 'offline-reloaded')
      // Every expedition chunk, font and XR profile is precached and answers with no network.
      const offline = await page.evaluate(async () => {
        const urls: string[] = []
        for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) urls.push(request.url)
        const failing: string[] = []
        for (const url of urls) if (!(await fetch(url).then((r) => r.ok, () => false))) failing.push(url)
        return { urls: urls.map((u) => new URL(u).pathname), failing }
      })
      expect(offline.failing).toEqual([])
      for (const pattern of [/^\/index\.html$/, /\/assets\/expedition-root-/, /\/assets\/ocean-/, /\/assets\/cosmos-/, /\/assets\/eras-/, /^\/fonts\/.*\.woff2$/, /^\/xr-profiles\/profilesList\.json$/, /^\/xr-profiles\/generic-hand\//]) {
        expect(offline.urls.some((u) => pattern.test(u)), `precached: ${pattern}`).toBe(true)
      }
      expect(failed).toEqual([])
      expect(await serverIds(teacher, ids.studentId, server.url)).toHaveLength(5)
      await context.setOffline(false)
      await drained(page)
      await expectExactly(teacher, ids.studentId, server.url, [...before, ...during, ...afterReload])
      await expect.poll(() => page.evaluate(() => window.__fathom!.syncView!().waiting), { timeout: 10_000 }).toBe(0)
      expect((await page.evaluate(() => window.__fathom!.syncView!())).lastSyncAt).not.toBeNull()
    } finally {
      await browser.close()
    }
  })

  it('the server answers 500 and 503 for a while: retried with backoff, then exactly the recorded set', async () => {
    const { server, teacher } = room
    const ids = await paired('Fifi Fivehundred')
    try {
      const { page } = browser
      let failures = 0
      await page.route(STATEMENTS, async (route) => {
        if (route.request().method() === 'POST' && failures < 5) {
          failures += 1
          await route.fulfill({ status: failures % 2 ? 500 : 503, contentType: 'application/json', body: '{"message":"down for the test"}' })
        } else await route.continue()
      })
      const recorded = await record(page, 150, 'five-hundred')
      await expect.poll(() => failures, { timeout: 30_000 }).toBe(5)
      await drained(page)
      await expectExactly(teacher, ids.studentId, server.url, recorded)
    } finally {
      await browser.close()
    }
  })

  it('requests time out (one reached the server, its answer never came back): retried, none lost, none twice', async () => {
    const { server, teacher } = room
    const ids = await paired('Tim Timeout')
    try {
      const { page } = browser
      let hung = 0
      const held: Route[] = []
      await page.route(STATEMENTS, async (route) => {
        if (route.request().method() !== 'POST' || hung >= 3) return route.continue()
        hung += 1
        held.push(route)
        // The first reaches the server (stored) but its answer is never delivered; the others never arrive.
        if (hung === 1) await route.fetch().catch(() => undefined)
        // …and never answer: the outbox's timeout (2.5 s here) aborts them.
      })
      const recorded = await record(page, 120, 'timeout')
      await expect.poll(() => hung, { timeout: 30_000 }).toBe(3)
      await drained(page)
      await expectExactly(teacher, ids.studentId, server.url, recorded)
    } finally {
      await browser.close()
    }
  })

  it('429 with Retry-After: waits at least that long, then delivers exactly the set', async () => {
    const { server, teacher } = room
    const ids = await paired('Rhea Ratelimit')
    try {
      const { page } = browser
      const times: number[] = []
      await page.route(STATEMENTS, async (route) => {
        if (route.request().method() !== 'POST') return route.continue()
        times.push(Date.now())
        if (times.length === 1) return route.fulfill({ status: 429, headers: { 'Retry-After': '3' }, contentType: 'application/json', body: '{"message":"slow down"}' })
        return route.continue()
      })
      const recorded = await record(page, 30, 'rate-limited')
      await expect.poll(() => page.evaluate(() => window.__fathom!.syncView!().problemKind), { timeout: 10_000 }).toBe('busy')
      await drained(page)
      expect(times.length).toBeGreaterThanOrEqual(2)
      // The test backoff is 0.25–2 s; Retry-After: 3 must still be honoured.
      expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(2900)
      await expectExactly(teacher, ids.studentId, server.url, recorded)
    } finally {
      await browser.close()
    }
  })

  it('the same batch delivered twice (and an answer lost after the server stored it): the server holds each id once', async () => {
    const { server, teacher } = room
    const ids = await paired('Dora Duplicate')
    try {
      const { page } = browser
      let posts = 0
      await page.route(STATEMENTS, async (route) => {
        if (route.request().method() !== 'POST') return route.continue()
        posts += 1
        if (posts === 1) {
          // A proxy replays the request: the server gets the batch twice.
          await route.fetch()
          const again = await route.fetch()
          return route.fulfill({ response: again })
        }
        if (posts === 2) {
          // Stored, but the answer is lost on the way back: the outbox sends the batch again.
          await route.fetch()
          return route.fulfill({ status: 502, contentType: 'text/plain', body: 'bad gateway' })
        }
        return route.continue()
      })
      const first = await record(page, 100, 'dup-a')
      await expect.poll(() => posts, { timeout: 20_000 }).toBeGreaterThanOrEqual(1)
      const second = await record(page, 70, 'dup-b')
      await drained(page)
      expect(posts).toBeGreaterThanOrEqual(3)
      await expectExactly(teacher, ids.studentId, server.url, [...first, ...second])
    } finally {
      await browser.close()
    }
  })
})

describe('sync fault matrix: 413 from the real server', () => {
  // The real server refuses batches above 30 statements with 413.
  const room = useKillableServer({ FATHOM_MAX_BATCH: '30' })

  it('413: the outbox splits the batch until the server takes it; exactly the set arrives', async () => {
    const { server, teacher } = room
    const browser = await launchBrowser()
    try {
      const ids = await teacher.classWithStudent('Tia Toolarge')
      const { page } = browser
      const statuses: number[] = []
      page.on('response', (response) => {
        if (response.url().endsWith('/xapi/statements') && response.request().method() === 'POST') statuses.push(response.status())
      })
      await openApp(page, server.url, ids.code)
      const recorded = await record(page, 170, 'too-large')
      await drained(page)
      expect(statuses).toContain(413)
      await expectExactly(teacher, ids.studentId, server.url, recorded)
      // Nothing was set aside: a 413 splits, it does not quarantine.
      expect((await page.evaluate(() => window.__fathom!.storedStatements!())).filter((s) => s.status !== 'delivered')).toEqual([])
    } finally {
      await browser.close()
    }
  })
})
