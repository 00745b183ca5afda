import { describe, expect, it } from 'vitest'
import { useClassroom } from './classroom.js'
import { VERB } from '../../src/core/index.js'
import { foreignRequests, pairAndOpen } from './harness.js'
import { assertServerLevels, enterVR, journeyState, playEstimate, playExplain, playOrder, playSelect, pressUntilScreen, taskOf, taskState, waitForDrain, waitForStation } from './expedition-play.js'

const SCALE = 'https://fathom.education/frameworks/cosmos/items/scale'

describe('cosmos in VR (emulated Quest 3): diagnostic → planet parade → orbit clock → teacher unlock → seasons', () => {
  const room = useClassroom()

  it('plays select, order, estimate and explain with the controller ray; a locked station opens only by mastery or the teacher; the server agrees on the levels', async () => {
    const { server, teacher, browser } = room
    const { page } = browser
    const ids = await teacher.classWithStudent('Ada Cosmos VR')
    await pairAndOpen(page, `${server.url}/?emulate=quest3&freeze=1`, ids.code)
    const vr = await enterVR(page)
    await pressUntilScreen(page, vr, 'hub-cosmos')
    await waitForStation(page, 'first-look')

    // Seasons is locked before anything is shown: no way to go there.
    expect(await page.evaluate(() => Object.keys(window.__fathom!.targets()).some((t) => t === 'go-seasons' || t === 'go-orbit-clock'))).toBe(false)

    await playSelect(page, vr, taskOf('cosmos', 'first-look'), { missFirst: true })
    const before = await taskState(page)
    await vr.pressNowhere()
    expect(await taskState(page)).toEqual(before)
    await expect.poll(async () => (await journeyState(page)).levels[SCALE]).toBe('proficient')

    await pressUntilScreen(page, vr, 'go-planet-parade')
    await waitForStation(page, 'planet-parade')
    await playOrder(page, vr, taskOf('cosmos', 'planet-parade'))

    // Scale shown: the orbit clock opened by mastery.
    await pressUntilScreen(page, vr, 'go-orbit-clock')
    await waitForStation(page, 'orbit-clock')
    await playEstimate(page, vr, taskOf('cosmos', 'orbit-clock'))
    const info = await page.evaluate(() => window.__fathom!.renderInfo())

    expect(await page.evaluate(() => Object.keys(window.__fathom!.targets()).includes('go-seasons'))).toBe(false)
    await teacher.post(`/api/students/${ids.studentId}/unlocks`, { expedition: 'cosmos', station: 'seasons' })
    await page.evaluate(() => window.__fathom!.refresh())
    await expect.poll(async () => (await journeyState(page)).unlocks).toContain('cosmos/seasons')
    await pressUntilScreen(page, vr, 'go-seasons')
    await waitForStation(page, 'seasons')
    await playExplain(page, vr, taskOf('cosmos', 'seasons'))

    const judged = await page.evaluate(() => window.__fathom!.judged())
    expect(await page.evaluate(() => window.__fathom!.haptics())).toBe(judged.length)
    console.log(`[e2e] cosmos in VR (orbit clock): ${JSON.stringify(info)}`)
    expect(info.calls).toBeLessThanOrEqual(100)
    expect(info.triangles).toBeLessThanOrEqual(300_000)
    expect(info.programs).toBeLessThanOrEqual(info.programsAfterLoad!)

    await waitForDrain(page)
    const { statements, levels } = await assertServerLevels(teacher, ids, server.url, 'cosmos', 'vr')
    const device = (await journeyState(page)).levels
    expect(Object.fromEntries(Object.entries(device).map(([k, v]) => [k.split('/').at(-1), v]))).toEqual(levels)
    console.log(`[e2e] cosmos VR levels: ${JSON.stringify(levels)}`)
    expect(levels.scale).toBe('proficient')
    expect(statements.filter((s) => s.verb.id === VERB.answered && s.result?.success === false)).toHaveLength(1)
    expect(foreignRequests(browser.requests, server.url)).toEqual([])
  }, 300_000)
})
