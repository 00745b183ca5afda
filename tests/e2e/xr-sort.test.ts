import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Matrix4, Quaternion, Vector3 } from 'three'
import { foreignRequests, launchBrowser, pairAndOpen, startServer, Teacher, type Browser, type RunningServer } from './harness.js'
import { assertEvidence, playSortTask, pressUntil, waitForDrain, type Presser } from './sort-task.js'

/** Where the right controller is held when it points (reference space = world here). */
const HAND = new Vector3(0.2, 1.3, -0.3)

/** The quaternion that turns the controller's -Z (its ray) towards `target`. */
function aimAt(target: Vector3): [number, number, number, number] {
  const m = new Matrix4().lookAt(HAND, target, new Vector3(0, 1, 0))
  const q = new Quaternion().setFromRotationMatrix(m)
  return [q.x, q.y, q.z, q.w]
}

describe('VR (emulated Quest 3): sort organisms into depth zones', () => {
  let server: RunningServer
  let browser: Browser
  let teacher: Teacher

  beforeAll(async () => {
    server = await startServer()
    teacher = new Teacher(server.url)
    await teacher.login()
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('records 6 right + 1 wrong answers with modality vr, none for the negative control, and the CSV shows the derived level', async () => {
    const { page } = browser
    const ids = await teacher.classWithStudent('Ada VR')
    await pairAndOpen(page, `${server.url}/?emulate=quest3&freeze=1`, ids.code)

    const before = await page.evaluate(() => window.__fathom!.renderInfo())
    console.log(`[e2e] desktop view before VR: ${JSON.stringify(before)}`)

    await page.click('#enter-vr')
    await page.waitForFunction(() => window.__fathom!.isPresenting(), undefined, { timeout: 30_000 })
    // Controller profiles load from /xr-profiles/ and the ray pointer appears a few frames later.
    await page.waitForTimeout(1500)

    const pose = async (position: Vector3, quaternion: [number, number, number, number]) =>
      page.evaluate(
        ({ p, q }) => {
          const c = (window.__fathom!.device as { controllers: { right: { position: { set(x: number, y: number, z: number): void }; quaternion: { set(x: number, y: number, z: number, w: number): void } } } }).controllers.right
          c.position.set(p[0], p[1], p[2])
          c.quaternion.set(q[0], q[1], q[2], q[3])
        },
        { p: [position.x, position.y, position.z] as [number, number, number], q: quaternion },
      )
    /**
     * Waits for XR frames: iwer reads poses and buttons once per frame, and a
     * headless frame can take longer than a quick press. Hold the trigger for
     * two frames, then release for two (the app acts on press, so frame time
     * does not matter; a real press is short, so keep it short here too).
     */
    const xrFrames = (n: number) =>
      page.evaluate(
        (count) =>
          new Promise<void>((resolve) => {
            const session = window.__fathom!.session()!
            const step = (left: number) => (left <= 0 ? resolve() : session.requestAnimationFrame(() => step(left - 1)))
            step(count)
          }),
        n,
      )
    const setTrigger = (v: number) =>
      page.evaluate((value) => {
        ;(window.__fathom!.device as { controllers: { right: { updateButtonValue(id: string, v: number): void } } }).controllers.right.updateButtonValue('trigger', value)
      }, v)
    const trigger = async () => {
      await setTrigger(1)
      await xrFrames(2)
      await setTrigger(0)
      await xrFrames(2)
    }
    const presser: Presser = {
      async start() {
        await pressUntil(page, presser, 'start-button', (s) => s.phase === 'active', 'start (in-world button)')
      },
      async press(id) {
        const targets = await page.evaluate(() => window.__fathom!.targets())
        const target = targets[id]
        if (!target) throw new Error(`no target ${id}; have ${Object.keys(targets).join(', ')}`)
        await pose(HAND, aimAt(new Vector3(...target)))
        await xrFrames(3)
        await trigger()
      },
      async pressNowhere() {
        // Straight back, over the student's shoulder: open water.
        await pose(HAND, aimAt(HAND.clone().add(new Vector3(0.3, 0.2, 3))))
        await xrFrames(3)
        await trigger()
      },
    }

    const hapticsBefore = await page.evaluate(() => window.__fathom!.haptics())
    await playSortTask(page, presser)
    const hapticsAfter = await page.evaluate(() => window.__fathom!.haptics())
    // One pulse per judged drop (7), fired from the controller that dropped.
    expect(hapticsAfter - hapticsBefore).toBe(7)

    const info = await page.evaluate(() => window.__fathom!.renderInfo())
    console.log(`[e2e] in VR: ${JSON.stringify(info)}`)
    expect(info.calls).toBeLessThanOrEqual(100)
    expect(info.triangles).toBeLessThanOrEqual(300_000)

    await waitForDrain(page)
    const { level } = await assertEvidence(teacher, ids, server.url, 'vr')
    console.log(`[e2e] VR evidence level: ${level}`)

    expect(foreignRequests(browser.requests, server.url)).toEqual([])
    // Headless XR frames are slow (software WebGL, 2 views): allow for a loaded machine.
  }, 240_000)
})
