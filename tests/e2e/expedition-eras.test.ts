import { describe, expect, it } from 'vitest'
import { useClassroom } from './classroom.js'
import { EXTENSION, VERB } from '../../src/core/index.js'
import { foreignRequests, pairAndOpen } from './harness.js'
import { assertServerLevels, enterVR, journeyState, playEstimate, playExplain, playOrder, playSelect, playSort, pressUntilScreen, taskOf, taskState, waitForDrain, waitForStation } from './expedition-play.js'

const SOURCES = 'https://fathom.education/frameworks/eras/items/sources'

describe('eras in VR (emulated Quest 3): diagnostic → whose is it → stretch offer → timeline → how long → the coin', () => {
  const room = useClassroom()

  it('plays all five kinds with the controller ray, stations opening by mastery alone, the stretch offered and recorded; the server agrees on the levels', async () => {
    const { server, teacher, browser } = room
    const { page } = browser
    const ids = await teacher.classWithStudent('Ada Eras VR')
    await pairAndOpen(page, `${server.url}/?emulate=quest3&freeze=1`, ids.code)
    const vr = await enterVR(page)
    await pressUntilScreen(page, vr, 'hub-eras')
    await waitForStation(page, 'first-look')

    await playSelect(page, vr, taskOf('eras', 'first-look'), { missFirst: true })
    const before = await taskState(page)
    await vr.pressNowhere()
    expect(await taskState(page)).toEqual(before)

    // The timeline needs "sources" shown: locked until the sort shows it.
    expect(await page.evaluate(() => Object.keys(window.__fathom!.targets()).includes('go-timeline'))).toBe(false)
    await pressUntilScreen(page, vr, 'go-whose-is-it')
    await waitForStation(page, 'whose-is-it')
    await playSort(page, vr, taskOf('eras', 'whose-is-it'), { control: true })
    await expect.poll(async () => (await journeyState(page)).levels[SOURCES]).toBe('proficient')
    // Proficient: the stretch is offered in the world.
    await page.waitForFunction(() => Object.keys(window.__fathom!.targets()).includes('stretch-button'), undefined, { timeout: 20_000 })
    const info = await page.evaluate(() => window.__fathom!.renderInfo())

    await pressUntilScreen(page, vr, 'go-timeline')
    await waitForStation(page, 'timeline')
    await playOrder(page, vr, taskOf('eras', 'timeline'))

    await pressUntilScreen(page, vr, 'go-how-long-between')
    await waitForStation(page, 'how-long-between')
    await playEstimate(page, vr, taskOf('eras', 'how-long-between'))

    await pressUntilScreen(page, vr, 'go-the-coin')
    await waitForStation(page, 'the-coin')
    await playExplain(page, vr, taskOf('eras', 'the-coin'))

    console.log(`[e2e] eras in VR (whose is it): ${JSON.stringify(info)}`)
    expect(info.calls).toBeLessThanOrEqual(100)
    expect(info.triangles).toBeLessThanOrEqual(300_000)
    expect(info.programs).toBeLessThanOrEqual(info.programsAfterLoad!)

    await waitForDrain(page)
    const { statements, levels } = await assertServerLevels(teacher, ids, server.url, 'eras', 'vr')
    const device = (await journeyState(page)).levels
    expect(Object.fromEntries(Object.entries(device).map(([k, v]) => [k.split('/').at(-1), v]))).toEqual(levels)
    console.log(`[e2e] eras VR levels: ${JSON.stringify(levels)}`)
    expect(levels.sources).toBe('proficient')
    const offers = statements.filter((s) => s.verb.id === VERB.offeredStretch)
    // One offer per station whose core competencies are proficient, never repeated.
    const offered = offers.map((s) => s.context?.extensions?.[EXTENSION.station])
    expect(offered).toContain('whose-is-it')
    expect(new Set(offered).size).toBe(offered.length)
    expect(statements.filter((s) => s.verb.id === VERB.unlocked)).toEqual([])
    expect(foreignRequests(browser.requests, server.url)).toEqual([])
  }, 300_000)
})
