import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useClassroom } from './classroom.js'
import { Matrix4, Quaternion, Vector3 } from 'three'
import type { Page } from 'playwright-core'
import manifestJson from '../../scenes/ocean/manifest.json'
import { launchBrowser, startServer, Teacher, type Browser, type RunningServer } from './harness.js'

interface SortItem { id: string; label: string; entity: string; zone: string }
interface SortZone { id: string; label: string; entity: string }
interface SelectOption { id: string; label: string; entity: string; correct: boolean }
type FirstTask =
  | { kind: 'sort'; items: SortItem[]; zones: SortZone[] }
  | { kind: 'select'; questions: Array<{ id: string; options: SelectOption[] }> }
const firstTask = (manifestJson as unknown as { stations: Array<{ task: FirstTask }> }).stations[0]!.task

const task = (page: Page) => page.evaluate(() => window.__fathom!.task() as { phase: string; held?: string | null; placed?: Record<string, string>; current?: number })
const comfort = (page: Page) => page.evaluate(() => ({ settings: window.__fathom!.comfort.settings(), rig: window.__fathom!.comfort.rig() }))

/** Errors from the app's code; a missing resource (a 404 another part of the app asks for) is not one of this test's concerns. */
const scriptErrors = (errors: readonly string[]) => errors.filter((e) => !e.startsWith('Failed to load resource'))

/** What has the keyboard focus: tag, id, name, value, text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null
    return { tag: el?.tagName.toLowerCase() ?? '', id: el?.id ?? '', name: el?.name ?? '', value: el?.value ?? '', text: el?.textContent?.trim() ?? '', checked: el?.checked ?? false }
  })

/** Presses Tab until the focused element matches, as a keyboard-only student would. */
async function tabTo(page: Page, match: (f: Awaited<ReturnType<typeof focused>>) => boolean, what: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    if (match(await focused(page))) return
  }
  throw new Error(`Tab never reached ${what}; focus is on ${JSON.stringify(await focused(page))}`)
}

async function pairWithKeyboard(page: Page, url: string, code: string): Promise<void> {
  await page.goto(url)
  await page.waitForSelector('#pairing-code')
  await tabTo(page, (f) => f.id === 'pairing-code', 'the pairing code field')
  await page.keyboard.type(code)
  await page.keyboard.press('Enter')
  await page.waitForSelector('.expedition[data-compiled="true"]', { timeout: 60_000 })
  await chooseOcean(page, 'keyboard')
}

/** Where the app opens on a hub, choose the ocean there (by keyboard, or by a tap). */
async function chooseOcean(page: Page, how: 'keyboard' | ((x: number, y: number) => Promise<void>)): Promise<void> {
  if ((await page.locator('#open-ocean').count()) === 0) return
  if (how === 'keyboard') {
    await tabTo(page, (f) => f.id === 'open-ocean', 'the ocean in the hub')
    await page.keyboard.press('Enter')
  } else {
    const box = (await page.locator('#open-ocean').boundingBox())!
    await how(box.x + box.width / 2, box.y + box.height / 2)
  }
  await page.waitForSelector('.expedition[data-screen="ocean"][data-compiled="true"]', { timeout: 60_000 })
}

describe('comfort and access on the desktop: keyboard alone, settings kept on the device', () => {
  const room = useClassroom()

  it("plays the ocean's first task with the keyboard alone, changes settings, and keeps them after a reload", async () => {
    const { server, teacher, browser } = room
    const { page } = browser
    const { code } = await teacher.classWithStudent('Ada Keys')
    await pairWithKeyboard(page, `${server.url}/?test=1&freeze=1`, code)

    // The skip link comes first in the page's tab order, with a visible focus ring; it jumps into the task.
    expect(await page.evaluate(() => document.querySelector('a[href], button, input, summary')?.id)).toBe('skip-to-task')
    await tabTo(page, (f) => f.id === 'skip-to-task', 'the skip link')
    const ring = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement!)
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) }
    })
    expect(ring.style).not.toBe('none')
    expect(ring.width).toBeGreaterThanOrEqual(2)
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => document.getElementById('task-overlay')?.contains(document.activeElement) ?? false)).toBe(true)
    if ((await page.locator('#start-task').count()) > 0) {
      await tabTo(page, (f) => f.id === 'start-task', 'Start')
      await page.keyboard.press('Enter')
    }
    await expect.poll(async () => (await task(page)).phase).toBe('active')

    // H asks for a hint (the shortcut the overlay documents): the task's state changes.
    const beforeHint = JSON.stringify(await task(page))
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await page.keyboard.press('h')
    await expect.poll(async () => JSON.stringify(await task(page))).not.toBe(beforeHint)

    if (firstTask.kind === 'select') {
      // The diagnostic: the right option of each question, chosen with Tab and Enter.
      for (const [index, question] of firstTask.questions.entries()) {
        const right = question.options.find((o) => o.correct)!
        await tabTo(page, (f) => f.id === `choose-${right.id}`, `${right.label} (question ${index + 1})`)
        await page.keyboard.press('Enter')
        await expect.poll(async () => ((await task(page)).phase === 'complete' ? Infinity : ((await task(page)).current ?? 0))).toBeGreaterThan(index)
      }
    } else {
      // The sorting task: open the keyboard controls where they fold away, then pick up and place every organism.
      if ((await page.locator('details.keyboard summary').count()) > 0) {
        await tabTo(page, (f) => f.tag === 'summary', 'the keyboard controls')
        await page.keyboard.press('Enter')
      }
      for (const item of firstTask.items) {
        const zone = firstTask.zones.find((z) => z.id === item.zone)!
        await tabTo(page, (f) => f.id === `grab-${item.id}` || (f.tag === 'button' && f.text === item.label), `pick up ${item.label}`)
        await page.keyboard.press('Enter')
        await expect.poll(async () => (await task(page)).held).toBe(item.id)
        await tabTo(page, (f) => f.id === `drop-${zone.id}` || (f.tag === 'button' && f.text === zone.label), `place in ${zone.label}`)
        await page.keyboard.press('Enter')
        await expect.poll(async () => (await task(page)).placed?.[item.id]).toBe(item.zone)
      }
    }
    expect((await task(page)).phase).toBe('complete')

    // S opens settings; arrows choose within a group, Space toggles, Esc closes.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await page.keyboard.press('s')
    await expect.poll(() => page.evaluate(() => (document.getElementById('settings-dialog') as HTMLDialogElement).open)).toBe(true)
    await tabTo(page, (f) => f.name === 'setting-textSize', 'text size', 30)
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('ArrowRight')
    await tabTo(page, (f) => f.id === 'setting-sound', 'sound', 30)
    await page.keyboard.press('Space')
    // Shift+Tab back to the posture group, the first in the dialog.
    for (let i = 0; i < 30 && (await focused(page)).name !== 'setting-posture'; i++) await page.keyboard.press('Shift+Tab')
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('Escape')
    await expect.poll(() => page.evaluate(() => (document.getElementById('settings-dialog') as HTMLDialogElement).open)).toBe(false)
    expect((await comfort(page)).settings).toMatchObject({ textSize: 'largest', sound: false, posture: 'seated' })
    expect(await page.evaluate(() => document.documentElement.style.fontSize)).toBe('150%')
    // Esc closed the dialog and did nothing to the task.
    expect((await task(page)).phase).toBe('complete')
    expect(await page.evaluate(() => window.__fathom!.comfort.audio().judgements.length)).toBeGreaterThan(0)

    // Kept on the device: the same after a reload.
    await page.reload()
    await page.waitForSelector('.expedition[data-compiled="true"]', { timeout: 60_000 })
    await chooseOcean(page, 'keyboard')
    expect((await comfort(page)).settings).toMatchObject({ textSize: 'largest', sound: false, posture: 'seated', smoothLocomotion: false })
    expect(await page.evaluate(() => document.documentElement.style.fontSize)).toBe('150%')
    expect(await page.evaluate(() => (document.querySelector('input[name="setting-textSize"][value="largest"]') as HTMLInputElement).checked)).toBe(true)
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem('fathom.settings') ?? '{}').state?.posture)).toBe('seated')

    // The break reminder: a calm notice that pauses nothing, answered from the keyboard.
    await page.evaluate(() => window.__fathom!.comfort.showBreakReminder())
    await page.waitForSelector('#break-reminder[role="status"]')
    await tabTo(page, (f) => f.id === 'break-taken', 'the break notice', 120)
    await page.keyboard.press('Enter')
    await expect.poll(() => page.locator('#break-reminder').count()).toBe(0)
    expect(await page.evaluate(() => window.__fathom!.comfort.breakDue())).toBe(false)
    expect(scriptErrors(browser.consoleErrors)).toEqual([])
  })

  it('plays with touch: taps answer the first task', async () => {
    const { server, teacher } = room
    // A fresh profile and student, so the first task is the one ahead; touch input emulated.
    const touchBrowser = await launchBrowser()
    const page = touchBrowser.page
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 })
    await page.goto(`${server.url}/?test=1&freeze=1`)
    await page.waitForSelector('#pairing-code')
    await page.fill('#pairing-code', (await teacher.classWithStudent('Ada Touch')).code)
    await page.click('#pair')
    await page.waitForSelector('.expedition[data-compiled="true"]', { timeout: 60_000 })
    // Touches through the DevTools protocol (a persistent profile cannot turn on Playwright's hasTouch).
    const touchAt = async (x: number, y: number) => {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] })
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] })
      await page.waitForTimeout(150)
    }
    const tap = async (id: string) => {
      await page.waitForFunction((target) => window.__fathom!.targets()[target] !== undefined, id, { timeout: 10_000 })
      const p = await page.evaluate((target) => window.__fathom!.screenPoint(target), id)
      if (!p) throw new Error(`no screen point for ${id}`)
      await touchAt(p.x, p.y)
    }
    await page.evaluate(() => window.addEventListener('pointerdown', (e) => ((window as unknown as { __types: string[] }).__types ??= []).push(e.pointerType), true))
    await chooseOcean(page, touchAt)
    await page.waitForFunction(() => Object.keys(window.__fathom?.targets() ?? {}).length >= 4)
    if ((await page.locator('#start-task').count()) > 0) {
      const start = (await page.locator('#start-task').boundingBox())!
      await touchAt(start.x + start.width / 2, start.y + start.height / 2)
    }
    await expect.poll(async () => (await task(page)).phase).not.toBe('ready')
    if (firstTask.kind === 'select') {
      const before = (await task(page)).current ?? 0
      const right = firstTask.questions[before]!.options.find((o) => o.correct)!
      await tap(right.entity)
      await expect.poll(async () => (await task(page)).current ?? 0).toBeGreaterThan(before)
    } else {
      const placed = (await task(page)).placed ?? {}
      const next = firstTask.items.find((i) => placed[i.id] === undefined) ?? firstTask.items[0]!
      const zone = firstTask.zones.find((z) => z.id === next.zone)!
      await tap(next.entity)
      await expect.poll(async () => (await task(page)).held).toBe(next.id)
      await tap(zone.entity)
      await expect.poll(async () => (await task(page)).placed?.[next.id]).toBe(next.zone)
    }
    const seen = await page.evaluate(() => (window as unknown as { __types?: string[] }).__types ?? [])
    // They were touches, not mouse clicks.
    expect(seen.length).toBeGreaterThan(0)
    expect(seen.every((t) => t === 'touch')).toBe(true)
    expect(scriptErrors(touchBrowser.consoleErrors)).toEqual([])
    await touchBrowser.close()
  })
})

/** Where a controller is held when it points (reference space = the player's origin at the spawn). */
const HANDS = { left: new Vector3(-0.2, 1.3, -0.3), right: new Vector3(0.2, 1.3, -0.3) }

function aim(from: Vector3, target: Vector3): [number, number, number, number] {
  const q = new Quaternion().setFromRotationMatrix(new Matrix4().lookAt(from, target, new Vector3(0, 1, 0)))
  return [q.x, q.y, q.z, q.w]
}

describe('comfort in VR (emulated Quest 3): snap turn, teleport, seated height, smooth moving with a vignette', () => {
  let server: RunningServer
  let browser: Browser

  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('turns, teleports and moves the player, and the in-world panel changes settings', async () => {
    const { page } = browser
    const teacher = new Teacher(server.url)
    await teacher.login()
    const { code } = await teacher.classWithStudent('Ada Comfort VR')
    await page.goto(`${server.url}/?emulate=quest3&freeze=1`)
    await page.fill('#pairing-code', code)
    await page.click('#pair')
    await page.waitForSelector('.expedition[data-compiled="true"]', { timeout: 60_000 })
    await page.click('#enter-vr')
    await page.waitForFunction(() => window.__fathom!.isPresenting(), undefined, { timeout: 30_000 })
    await page.waitForTimeout(1500)

    type Hand = 'left' | 'right'
    const frames = (n: number) =>
      page.evaluate(
        (count) =>
          new Promise<void>((resolve) => {
            const session = window.__fathom!.session()!
            const step = (left: number) => (left <= 0 ? resolve() : session.requestAnimationFrame(() => step(left - 1)))
            step(count)
          }),
        n,
      )
    const device = <T,>(fn: string, hand: Hand, ...args: unknown[]) =>
      page.evaluate(({ fn, hand, args }) => {
        const c = (window.__fathom!.device as { controllers: Record<string, Record<string, (...a: unknown[]) => unknown> & { position: { set(...a: number[]): void }; quaternion: { set(...a: number[]): void } }> }).controllers[hand]!
        if (fn === 'pose') {
          c.position.set(...(args[0] as number[]))
          c.quaternion.set(...(args[1] as number[]))
        } else c[fn]!(...args)
      }, { fn, hand, args }) as Promise<T>
    const point = async (hand: Hand, target: Vector3) => {
      const from = HANDS[hand]
      await device('pose', hand, [from.x, from.y, from.z], aim(from, target))
      await frames(3)
    }
    const trigger = async (hand: Hand) => {
      await device('updateButtonValue', hand, 'trigger', 1)
      await frames(2)
      await device('updateButtonValue', hand, 'trigger', 0)
      await frames(2)
    }
    /** A world point in the player's origin frame, where controller poses live (the origin moves with teleports, turns and posture). */
    const toOrigin = async (world: Vector3) => {
      const { rig, settings } = await comfort(page)
      const lift = settings.posture === 'seated' ? 0.45 : 0
      const local = world.clone().sub(new Vector3(rig.position[0], rig.position[1] + lift, rig.position[2]))
      return local.applyAxisAngle(new Vector3(0, 1, 0), -rig.yaw)
    }
    const press = async (hand: Hand, id: string) => {
      const t = (await page.evaluate(() => window.__fathom!.targets()))[id]
      if (!t) throw new Error(`no target ${id}`)
      await point(hand, await toOrigin(new Vector3(...t)))
      await trigger(hand)
    }

    // Snap turn: one push of the right stick turns once, by the default 45°, to the right.
    const before = (await comfort(page)).rig
    await device('updateAxes', 'right', 'thumbstick', 1, 0)
    await frames(6)
    await device('updateAxes', 'right', 'thumbstick', 0, 0)
    await frames(3)
    let { rig } = await comfort(page)
    expect(rig.snapTurns - before.snapTurns).toBe(1)
    expect(rig.yaw - before.yaw).toBeCloseTo(-Math.PI / 4, 5)
    // ...and back, so the aims below hold.
    await device('updateAxes', 'left', 'thumbstick', -1, 0)
    await frames(6)
    await device('updateAxes', 'left', 'thumbstick', 0, 0)
    await frames(3)
    rig = (await comfort(page)).rig
    expect(rig.yaw).toBeCloseTo(before.yaw, 5)

    // The in-world comfort panel: open it with the right ray, switch to seated; the origin (and the panel with it) rises.
    await press('right', 'settings-toggle')
    await expect.poll(async () => Object.keys(await page.evaluate(() => window.__fathom!.targets())).includes('settings-posture')).toBe(true)
    const panelY = (await page.evaluate(() => window.__fathom!.targets()))['settings-posture']![1]
    await press('right', 'settings-posture')
    await expect.poll(async () => (await comfort(page)).settings.posture).toBe('seated')
    await frames(2)
    const seatedY = (await page.evaluate(() => window.__fathom!.targets()))['settings-posture']![1]
    expect(seatedY - panelY).toBeCloseTo(0.45, 2)

    // Teleport: the left (teleport) hand points at the floor ahead and pulls the trigger.
    await point('left', await toOrigin(new Vector3(-0.6, 0, -2.2)))
    await frames(10)
    await trigger('left')
    rig = (await comfort(page)).rig
    expect(rig.teleports).toBe(1)
    expect(Math.hypot(rig.position[0] - before.position[0], rig.position[2] - before.position[2])).toBeGreaterThan(0.5)

    // Smooth moving, opted into on the panel: the left stick walks, with the vignette while moving, none when still.
    await press('right', 'settings-smooth')
    await expect.poll(async () => (await comfort(page)).settings.smoothLocomotion).toBe(true)
    const start = (await comfort(page)).rig.position
    await device('updateAxes', 'left', 'thumbstick', 0, -1)
    await frames(20)
    const moving = (await comfort(page)).rig
    expect(moving.vignette).toBeGreaterThan(0.3)
    expect(Math.hypot(moving.position[0] - start[0], moving.position[2] - start[2])).toBeGreaterThan(0.05)
    await device('updateAxes', 'left', 'thumbstick', 0, 0)
    await frames(60)
    expect((await comfort(page)).rig.vignette).toBe(0)
    expect(scriptErrors(browser.consoleErrors)).toEqual([])
  }, 240_000)
})
