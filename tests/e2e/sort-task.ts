import { expect } from 'vitest'
import type { Page } from 'playwright-core'
import { deriveEvidence, parseFramework, parseManifest, VERB, EXTENSION, type Statement } from '../../src/core/index.js'
import manifestJson from '../../scenes/ocean/manifest.json'
import frameworkJson from '../../scenes/ocean/framework.json'
import { parseCsv, statementsFor, type Teacher } from './harness.js'

const framework = (() => {
  const parsed = parseFramework(frameworkJson)
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'))
  return parsed.value
})()
const manifest = (() => {
  const parsed = parseManifest(manifestJson)
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'))
  return parsed.value
})()

const first = manifest.stations[0]!.task
if (first.kind !== 'sort') throw new Error('the e2e tests play the ocean sort task, first in the manifest')
export const TASK = first
export const COMPETENCY = 'https://fathom.education/frameworks/ocean/items/light-and-life'

/** How a test presses on things: by controller ray + trigger, or by mouse. */
export interface Presser {
  /** Starts the task (in-world button in VR, the overlay's #start-task on desktop). */
  start(): Promise<void>
  /** Aims at the target with this id (from `__fathom.targets()`) and presses. */
  press(id: string): Promise<void>
  /** Aims at nothing and presses (negative control). */
  pressNowhere(): Promise<void>
}

export { pressUntil }

export const taskState = (page: Page) =>
  page.evaluate(() => window.__fathom!.task() as { phase: string; held: string | null; placed: Record<string, string>; feedback: { correct: boolean; text: string } | null })

/** Presses until the state shows the effect; a ray may need a frame or two to settle after a pose change. */
async function pressUntil(page: Page, presser: Pick<Presser, 'press'>, id: string, done: (s: Awaited<ReturnType<typeof taskState>>) => boolean, what: string) {
  for (let attempt = 0; attempt < 4; attempt++) {
    // Let a returning item settle before aiming at it.
    await page.waitForTimeout(attempt === 0 ? 150 : 400)
    await presser.press(id)
    if (done(await taskState(page))) return
  }
  throw new Error(`${what}: no effect after 4 presses; state ${JSON.stringify(await taskState(page))}`)
}

/**
 * Plays the sort task: start, one deliberate wrong answer (the item comes back),
 * a negative control while holding (nothing judged), then every item into its zone.
 */
export async function playSortTask(page: Page, presser: Presser): Promise<void> {
  await presser.start()
  await expect.poll(async () => (await taskState(page)).phase).toBe('active')
  const zoneEntity = new Map(TASK.zones.map((z) => [z.id, z.entity]))
  const first = TASK.items[0]!
  const wrongZone = TASK.zones.find((z) => z.id !== first.zone)!

  // A wrong zone first: judged incorrect, the item is back on its home spot, not placed.
  await pressUntil(page, presser, first.entity, (s) => s.held === first.id, `grab ${first.id}`)
  await presser.press(wrongZone.entity)
  let state = await taskState(page)
  expect(state.held).toBeNull()
  expect(state.placed[first.id]).toBeUndefined()
  expect(state.feedback).toMatchObject({ correct: false, text: first.nudge })
  await expect.poll(() => page.evaluate(() => document.querySelector('#feedback.wrong') !== null)).toBe(true)

  // Negative control: holding an item, press on empty water. Nothing is judged; the item goes back.
  await pressUntil(page, presser, first.entity, (s) => s.held === first.id, `grab ${first.id} again`)
  const before = await taskState(page)
  await presser.pressNowhere()
  state = await taskState(page)
  expect(state.held).toBeNull()
  expect(state.feedback).toEqual(before.feedback)
  expect(state.placed).toEqual(before.placed)

  for (const item of TASK.items) {
    await pressUntil(page, presser, item.entity, (s) => s.held === item.id, `grab ${item.id}`)
    await presser.press(zoneEntity.get(item.zone)!)
    state = await taskState(page)
    expect(state.placed[item.id], `${item.id} placed`).toBe(item.zone)
    expect(state.feedback).toMatchObject({ correct: true, text: item.explanation })
  }
  expect(state.phase).toBe('complete')
}

/** Waits until the outbox has delivered everything recorded. */
export async function waitForDrain(page: Page): Promise<void> {
  await page.evaluate(() => window.__fathom!.flush())
  await expect.poll(() => page.evaluate(() => window.__fathom!.pending()), { timeout: 30_000, interval: 250 }).toBe(0)
}

/**
 * Checks the LRS got exactly the expected answers (6 right + 1 wrong, nothing
 * for the negative control) with the right modality, and that the class CSV
 * shows the level the core derives from those same statements.
 */
export async function assertEvidence(teacher: Teacher, ids: { classId: string; studentId: string }, homePage: string, modality: 'vr' | 'desktop') {
  const statements = await statementsFor(teacher, ids.studentId, homePage)
  const answered = statements.filter((s) => s.verb.id === VERB.answered)
  expect(answered).toHaveLength(TASK.items.length + 1)
  expect(answered.filter((s) => s.result?.success === true)).toHaveLength(TASK.items.length)
  expect(answered.filter((s) => s.result?.success === false)).toHaveLength(1)
  const wrong = answered.find((s) => s.result?.success === false)!
  expect(wrong.result?.response?.startsWith(`${TASK.items[0]!.id}[.]`)).toBe(true)
  for (const s of statements) expect(s.context?.extensions?.[EXTENSION.modality]).toBe(modality)
  expect(statements.filter((s) => s.verb.id === VERB.completed)).toHaveLength(1)
  expect(statements.filter((s) => s.verb.id === VERB.attempted)).toHaveLength(1)

  const derived = deriveEvidence(statements as unknown as Statement[], framework.competencies).find((r) => r.competencyId === COMPETENCY)
  expect(derived).toBeDefined()
  expect(derived!.level).not.toBe('no-evidence')
  expect(derived!.attempts).toBe(TASK.items.length + 1)

  const response = await teacher.get(`/api/classes/${ids.classId}/evidence.csv`)
  expect(response.status).toBe(200)
  const rows = parseCsv(await response.text())
  const code = framework.competencies.find((c) => c.id === COMPETENCY)!.code
  const row = rows.find((r) => r.student_id === ids.studentId && r.competency_code === code)
  expect(row, `CSV row for ${ids.studentId}: ${JSON.stringify(rows)}`).toBeDefined()
  expect(row!.level).toBe(derived!.level)
  expect(row!.level).not.toBe('no-evidence')
  expect(Number(row!.supporting_statements)).toBe(TASK.items.length + 1)
  return { statements, level: derived!.level }
}
