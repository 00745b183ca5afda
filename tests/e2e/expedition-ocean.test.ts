import { describe, expect, it } from 'vitest'
import { useClassroom } from './classroom.js'
import { VERB } from '../../src/core/index.js'
import { foreignRequests, pairAndOpen } from './harness.js'
import {
  assertServerLevels,
  enterVR,
  journeyState,
  playEstimate,
  playExplain,
  playOrder,
  playSelect,
  playSort,
  pressUntilScreen,
  taskOf,
  taskState,
  waitForDrain,
  waitForStation,
} from './expedition-play.js'

const LIGHT = 'https://fathom.education/frameworks/ocean/items/light-and-life'

describe('ocean in VR (emulated Quest 3): hub → diagnostic → sort → estimate → order → teacher unlock → explain', () => {
  const room = useClassroom()

  it('plays every kind the ocean uses with the controller ray, a wrong answer earns a nudge, and the server shows the levels the device derived', async () => {
    const { server, teacher, browser } = room
    const { page } = browser
    const ids = await teacher.classWithStudent('Ada Ocean VR')
    await pairAndOpen(page, `${server.url}/?emulate=quest3&freeze=1`, ids.code)
    const vr = await enterVR(page)

    // Hub in the world: the ocean portal's Go button.
    await pressUntilScreen(page, vr, 'hub-ocean')
    await waitForStation(page, 'first-look')
    const firstInfo = await page.evaluate(() => window.__fathom!.renderInfo())

    // Diagnostic (select), with one wrong answer first: a nudge, the option taken away.
    await playSelect(page, vr, taskOf('ocean', 'first-look'), { missFirst: true })
    // Negative control: a press at nothing changes nothing.
    const before = await taskState(page)
    await vr.pressNowhere()
    expect(await taskState(page)).toEqual(before)
    // A miss then three right: proficient on light and life, so the sort station is behind the student and the pressure station opens.
    await expect.poll(async () => (await journeyState(page)).levels[LIGHT]).toBe('proficient')

    // Sort (open from the start): chosen on the station board.
    await pressUntilScreen(page, vr, 'go-who-lives-where')
    await waitForStation(page, 'who-lives-where')
    await playSort(page, vr, taskOf('ocean', 'who-lives-where'), { control: true })

    await pressUntilScreen(page, vr, 'go-pressure')
    await waitForStation(page, 'pressure')
    await playEstimate(page, vr, taskOf('ocean', 'pressure'))
    const info = await page.evaluate(() => window.__fathom!.renderInfo())

    await pressUntilScreen(page, vr, 'go-food-chain')
    await waitForStation(page, 'food-chain')
    await playOrder(page, vr, taskOf('ocean', 'food-chain'))

    // "Food in the dark" needs food webs proficient, which one order task does not show: locked, until the teacher opens it.
    expect((await journeyState(page)).unlocks).toEqual([])
    expect(await page.evaluate(() => Object.keys(window.__fathom!.targets()).includes('go-marine-snow'))).toBe(false)
    await teacher.post(`/api/students/${ids.studentId}/unlocks`, { expedition: 'ocean', station: 'marine-snow' })
    await page.evaluate(() => window.__fathom!.refresh())
    await expect.poll(async () => (await journeyState(page)).unlocks).toContain('ocean/marine-snow')
    await pressUntilScreen(page, vr, 'go-marine-snow')
    await waitForStation(page, 'marine-snow')
    await playExplain(page, vr, taskOf('ocean', 'marine-snow'))

    // Feedback reached the hand: one pulse per judged answer made with the controller.
    const judged = await page.evaluate(() => window.__fathom!.judged())
    expect(judged.filter((c) => !c)).toHaveLength(1)
    expect(await page.evaluate(() => window.__fathom!.haptics())).toBe(judged.length)

    console.log(`[e2e] ocean in VR: first station ${JSON.stringify(firstInfo)}; pressure station ${JSON.stringify(info)}`)
    expect(info.calls).toBeLessThanOrEqual(100)
    expect(info.triangles).toBeLessThanOrEqual(300_000)
    expect(info.programs).toBeLessThanOrEqual(info.programsAfterLoad!)

    await waitForDrain(page)
    const { statements, levels } = await assertServerLevels(teacher, ids, server.url, 'ocean', 'vr')
    console.log(`[e2e] ocean VR levels: ${JSON.stringify(levels)}`)
    // The server's levels are the ones the headset derived from its own statements.
    const device = (await journeyState(page)).levels
    expect(Object.fromEntries(Object.entries(device).map(([k, v]) => [k.split('/').at(-1), v]))).toEqual(levels)
    expect(levels['light-and-life']).toMatch(/proficient|advanced/)
    expect(Object.keys(levels).sort()).toEqual(['food-webs', 'light-and-life', 'pressure-and-depth'])
    // The miss was recorded with the nudge it earned.
    expect(statements.filter((s) => s.verb.id === VERB.answered && s.result?.success === false)).toHaveLength(1)
    expect(statements.some((s) => s.verb.id === VERB.experienced)).toBe(true)
    expect(foreignRequests(browser.requests, server.url)).toEqual([])
  }, 300_000)
})

