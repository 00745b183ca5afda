// Which expeditions to open, and opening one: shared by the scene bench and the screenshot test.
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'

/** Expedition folders in scenes/ (those with a manifest), in the order the app lists them when it does. */
export async function expeditionIds(notes: string[] = []): Promise<string[]> {
  const folders = readdirSync('scenes', { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join('scenes', d.name, 'manifest.json')))
    .map((d) => d.name)
  const app = (await import('../../src/client/app/expedition.js').catch(() => ({}))) as { EXPEDITION_IDS?: readonly string[] }
  if (!app.EXPEDITION_IDS) return folders.sort()
  const listed = app.EXPEDITION_IDS.filter((id) => folders.includes(id))
  for (const f of folders) if (!listed.includes(f)) notes.push(`scenes/${f}: not listed by the app (EXPEDITION_IDS), not benched`)
  return listed
}

/** Opens an expedition (`?expedition=<id>`, or the hub's button for it: `#open-<id>` or `[data-expedition=<id>]`) and waits until it is compiled; null if the app opened another or none. */
export async function openExpedition(page: Page, base: string, id: string, flags: string): Promise<string | null> {
  await page.goto(`${base}/?${flags}&expedition=${encodeURIComponent(id)}`)
  const opened = () => page.evaluate(() => window.__fathom?.comfort?.expedition ?? null)
  const ready = () => page.waitForSelector('.expedition[data-compiled="true"]', { timeout: 45_000 }).then(() => true, () => false)
  const settled = () => page.waitForFunction(() => window.__fathom?.comfort?.expedition != null, undefined, { timeout: 5000 }).catch(() => undefined)
  let ok = await ready()
  if (ok) await settled()
  if (ok && (await opened()) !== id) {
    // A hub that ignores the URL: press its button for this expedition, if it has one.
    const button = page.locator(`[data-expedition="${id}"], #open-${id}`)
    if ((await button.count()) > 0) {
      await button.first().click()
      await page.waitForFunction((want) => window.__fathom?.comfort?.expedition === want, id, { timeout: 30_000 }).catch(() => undefined)
      ok = await ready()
    }
  }
  if (!ok) return null
  return opened()
}

