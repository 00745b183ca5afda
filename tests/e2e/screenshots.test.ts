import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { expeditionIds, openExpedition } from '../bench/scene-open.js'
import { launchBrowser, startServer, Teacher, type Browser, type RunningServer } from './harness.js'

/** Where the screenshots go (git-ignored test output; nothing binary is committed). */
const OUT = join('test-results', 'screenshots')

interface ImageStats {
  readonly width: number
  readonly height: number
  /** Distinct colours, quantised to 4 bits a channel. */
  readonly colours: number
  /** Standard deviation of luminance, 0..255. */
  readonly luminanceSd: number
}

/** Decodes a PNG in the page (no image library in node) and measures how much is on it. */
function imageStats(page: Page, png: Buffer): Promise<ImageStats> {
  return page.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }))
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height)
    const ctx = canvas.getContext('2d')!
    ctx.drawImage(bitmap, 0, 0)
    const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height)
    const colours = new Set<number>()
    let sum = 0
    let sumSq = 0
    const n = data.length / 4
    for (let i = 0; i < data.length; i += 4) {
      const r = data[i]!
      const g = data[i + 1]!
      const b = data[i + 2]!
      colours.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4))
      const y = 0.2126 * r + 0.7152 * g + 0.0722 * b
      sum += y
      sumSq += y * y
    }
    const mean = sum / n
    return { width: bitmap.width, height: bitmap.height, colours: colours.size, luminanceSd: Math.sqrt(Math.max(0, sumSq / n - mean * mean)) }
  }, png.toString('base64'))
}

/** A rendered scene, not a blank or single-colour canvas. */
const rendered = (s: ImageStats) => s.colours >= 48 && s.luminanceSd >= 6

describe('screenshots: every expedition the app opens is rendered (desktop)', () => {
  let server: RunningServer
  let browser: Browser

  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
    const teacher = new Teacher(server.url)
    await teacher.login()
    const { code } = await teacher.classWithStudent('Ada Screenshots')
    await browser.page.goto(`${server.url}/?test=1&freeze=1`)
    await browser.page.waitForSelector('#pairing-code')
    await browser.page.fill('#pairing-code', code)
    await browser.page.click('#pair')
    await browser.page.waitForFunction(() => document.querySelector('#pairing-code') === null, undefined, { timeout: 30_000 })
    mkdirSync(OUT, { recursive: true })
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('tells a blank canvas from a rendered one (negative control)', async () => {
    const { page } = browser
    await page.setContent('<body style="margin:0;background:#021a2e"><canvas width="640" height="360" style="background:#021a2e"></canvas></body>')
    const blank = await imageStats(page, await page.locator('canvas').screenshot())
    expect(rendered(blank)).toBe(false)
  })

  it('shows each expedition rendered, not blank and not an error page', async () => {
    const { page } = browser
    const notFound: string[] = []
    page.on('response', (r) => void (r.status() === 404 && notFound.push(new URL(r.url()).pathname)))
    const ids = await expeditionIds()
    const shot: string[] = []
    for (const id of ids) {
      const opened = await openExpedition(page, server.url, id, 'test=1&freeze=1')
      if (opened !== id) {
        console.log(`[screenshots] ${id}: the app did not open it (showed ${opened ?? 'no expedition'}); skipped`)
        continue
      }
      // A few frames after compiling, so the canvas holds a drawn frame.
      await page.waitForTimeout(500)
      expect(await page.locator('#load-error').count(), `${id}: error page`).toBe(0)
      const file = join(OUT, `${id}.png`)
      writeFileSync(file, await page.screenshot())
      const stats = await imageStats(page, await page.locator('canvas').first().screenshot())
      console.log(`[screenshots] ${id}: ${file} ${stats.width}×${stats.height}, ${stats.colours} colours, luminance sd ${stats.luminanceSd.toFixed(1)}`)
      expect(rendered(stats), `${id}: ${JSON.stringify(stats)}`).toBe(true)
      shot.push(id)
    }
    // Ocean opens today; cosmos and eras join as the app opens them.
    expect(shot).toContain('ocean')
    // Script errors fail the test; a missing resource is reported, since it does not make a scene blank.
    const missing = browser.consoleErrors.filter((e) => e.startsWith('Failed to load resource'))
    if (missing.length > 0) console.log(`[screenshots] ${missing.length} resources not found: ${notFound.join(', ')}`)
    expect(browser.consoleErrors.filter((e) => !e.startsWith('Failed to load resource'))).toEqual([])
  })
})
