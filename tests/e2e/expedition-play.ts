/**
 * Playing expeditions end to end: a Presser (controller ray + trigger in an
 * emulated Quest 3, or the mouse) and a player per task kind that uses only
 * what a student has (targets to aim at come from the test hooks).
 */
import { expect } from 'vitest'
import type { Page } from 'playwright-core'
import { Matrix4, Quaternion, Vector3 } from 'three'
import {
  correctArrangement,
  currentEstimate,
  deriveEvidence,
  parseFramework,
  parseManifest,
  VERB,
  type Competency,
  type EstimateState,
  type OrderState,
  type SceneManifest,
  type Statement,
  type TaskDefinition,
} from '../../src/core/index.js'
import oceanManifest from '../../scenes/ocean/manifest.json'
import oceanFramework from '../../scenes/ocean/framework.json'
import cosmosManifest from '../../scenes/cosmos/manifest.json'
import cosmosFramework from '../../scenes/cosmos/framework.json'
import erasManifest from '../../scenes/eras/manifest.json'
import erasFramework from '../../scenes/eras/framework.json'
import { parseCsv, statementsFor, type Teacher } from './harness.js'

/** The slider's length in the world (src/client/world/entities/dial.tsx DIAL_LENGTH). */
const DIAL_LENGTH = 1.2

export type ExpeditionName = 'ocean' | 'cosmos' | 'eras'

function load(m: unknown, f: unknown): { manifest: SceneManifest; competencies: readonly Competency[] } {
  const framework = parseFramework(f)
  if (!framework.ok) throw new Error(framework.errors.join('\n'))
  const manifest = parseManifest(m)
  if (!manifest.ok) throw new Error(manifest.errors.join('\n'))
  return { manifest: manifest.value, competencies: framework.value.competencies }
}
export const CONTENT: Record<ExpeditionName, ReturnType<typeof load>> = {
  ocean: load(oceanManifest, oceanFramework),
  cosmos: load(cosmosManifest, cosmosFramework),
  eras: load(erasManifest, erasFramework),
}

export function taskOf(expedition: ExpeditionName, station: string, tier: 'core' | 'transfer' = 'core'): TaskDefinition {
  const s = CONTENT[expedition].manifest.stations.find((x) => x.id === station)!
  return tier === 'transfer' ? s.stretch! : s.task
}

/** How a test presses on things: by controller ray + trigger, or by mouse. */
export interface Presser {
  /** Aims at the target with this id (from `__fathom.targets()`) and presses. */
  press(id: string): Promise<void>
  /** Aims at a world point and presses. */
  pressPoint(point: readonly [number, number, number]): Promise<void>
  /** Aims at nothing and presses (negative control). */
  pressNowhere(): Promise<void>
  readonly modality: 'vr' | 'desktop'
}

export interface TaskView {
  phase: string
  held?: string | null
  placed?: Record<string, string>
  feedback: { correct: boolean; text: string; sequence: number } | null
  support: { step: string; text: string } | null
  current?: number
  value?: number
  range?: [number, number]
  arrangement?: string[]
  step?: string
  selected?: string[]
  eliminated?: string[]
}

export const taskState = (page: Page) => page.evaluate(() => window.__fathom!.task() as TaskView)
export const journeyState = (page: Page) => page.evaluate(() => window.__fathom!.journey())
export const targetIds = (page: Page) => page.evaluate(() => Object.keys(window.__fathom!.targets()))

/** Presses until the state shows the effect; a ray may need a frame or two to settle after a pose change. */
export async function pressUntil(page: Page, presser: Presser, id: string, done: (s: TaskView) => boolean, what: string): Promise<TaskView> {
  for (let attempt = 0; attempt < 4; attempt++) {
    await page.waitForTimeout(attempt === 0 ? 60 : 400)
    await presser.press(id)
    const s = await taskState(page)
    if (done(s)) return s
  }
  throw new Error(`${what}: no effect after 4 presses; state ${JSON.stringify(await taskState(page))}`)
}

/** Waits until a station (or the hub) is shown and compiled. */
export async function waitForStation(page: Page, station: string, tier: 'core' | 'transfer' = 'core') {
  await page.waitForFunction(
    ({ station, tier }) => {
      const j = window.__fathom?.journey()
      const s = j?.screen as { kind?: string; station?: string; tier?: string } | null
      return s?.kind === 'expedition' && s.station === station && s.tier === tier && document.querySelector('.expedition[data-compiled="true"]') !== null && (window.__fathom!.task() as { phase?: string } | null)?.phase !== undefined
    },
    { station, tier },
    { timeout: 60_000 },
  )
}

export async function startTask(page: Page, presser: Presser) {
  if (presser.modality === 'vr') await pressUntil(page, presser, 'start-button', (s) => s.phase === 'active', 'start (in-world)')
  else await page.click('#start-task')
  await expect.poll(async () => (await taskState(page)).phase).toBe('active')
}

/** Select: optionally one wrong answer first (it must earn a nudge, and the option is taken away), then every right answer. */
export async function playSelect(page: Page, presser: Presser, task: TaskDefinition, { missFirst = false } = {}) {
  if (task.kind !== 'select') throw new Error('not a select task')
  await startTask(page, presser)
  for (const [i, q] of task.questions.entries()) {
    if (missFirst && i === 0) {
      const wrong = q.options.find((o) => !o.correct)!
      const s = await pressUntil(page, presser, wrong.entity, (x) => x.feedback !== null, `wrong option ${wrong.id}`)
      expect(s.feedback).toMatchObject({ correct: false, text: wrong.feedback })
      expect(s.support?.step).toBe('nudge')
      expect(s.eliminated).toContain(wrong.id)
      await expect.poll(() => page.evaluate(() => document.querySelector('#feedback.wrong') !== null)).toBe(true)
      // The option taken away is no longer a target.
      expect(await targetIds(page)).not.toContain(wrong.entity)
    }
    const right = q.options.find((o) => o.correct)!
    const before = (await taskState(page)).feedback?.sequence ?? 0
    const s = await pressUntil(page, presser, right.entity, (x) => (x.feedback?.sequence ?? 0) > before, `right option ${right.id}`)
    expect(s.feedback).toMatchObject({ correct: true, text: right.feedback })
  }
  expect((await taskState(page)).phase).toBe('complete')
}

/** Sort: every item into its zone; with a negative control (let go over nothing: nothing judged). */
export async function playSort(page: Page, presser: Presser, task: TaskDefinition, { control = false } = {}) {
  if (task.kind !== 'sort') throw new Error('not a sort task')
  await startTask(page, presser)
  const zoneEntity = new Map(task.zones.map((z) => [z.id, z.entity]))
  if (control) {
    const first = task.items[0]!
    await pressUntil(page, presser, first.entity, (s) => s.held === first.id, `grab ${first.id}`)
    const before = await taskState(page)
    await presser.pressNowhere()
    const after = await taskState(page)
    expect(after.held).toBeNull()
    expect(after.feedback).toEqual(before.feedback)
    expect(after.placed).toEqual(before.placed)
  }
  for (const item of task.items) {
    await pressUntil(page, presser, item.entity, (s) => s.held === item.id, `grab ${item.id}`)
    await presser.press(zoneEntity.get(item.zone)!)
    const s = await taskState(page)
    if (s.placed?.[item.id] !== item.zone) {
      const targets = await page.evaluate(() => window.__fathom!.targets())
      throw new Error(`${item.id} not placed: ${JSON.stringify(s)}\ntargets ${JSON.stringify(targets)}`)
    }
    expect(s.feedback).toMatchObject({ correct: true, text: item.explanation })
  }
  expect((await taskState(page)).phase).toBe('complete')
}

/** Order: grab each item that is out of place and drop it on its slot (selection order), then Submit. */
export async function playOrder(page: Page, presser: Presser, task: TaskDefinition) {
  if (task.kind !== 'order') throw new Error('not an order task')
  await startTask(page, presser)
  const answer = correctArrangement(task)
  const entity = new Map(task.items.map((i) => [i.id, i.entity]))
  for (let slot = 0; slot < answer.length; slot++) {
    const s = await taskState(page)
    if (s.arrangement![slot] === answer[slot]) continue
    const id = answer[slot]!
    await pressUntil(page, presser, entity.get(id)!, (x) => x.held === id, `grab ${id}`)
    await pressUntil(page, presser, task.slots[slot]!, (x) => x.arrangement![slot] === id, `drop ${id} on slot ${slot + 1}`)
  }
  expect((await taskState(page)).arrangement).toEqual(answer)
  if (presser.modality === 'vr') await pressUntil(page, presser, 'order-submit', (x) => x.phase === 'complete', 'submit order')
  else await page.click('#submit')
  const s = await taskState(page)
  expect(s.phase).toBe('complete')
  expect(s.feedback).toMatchObject({ correct: true, text: task.explanation })
}

/** Where a dial value lies along the slider, in world space (the dial faces the student, unrotated). */
export async function dialPoint(page: Page, dialEntity: string, value: number, range: readonly [number, number]): Promise<[number, number, number]> {
  const targets = await page.evaluate(() => window.__fathom!.targets())
  const centre = targets[dialEntity]!
  const t = (value - range[0]) / (range[1] - range[0])
  return [centre[0] + (t - 0.5) * DIAL_LENGTH, centre[1], centre[2]]
}

/** Estimate: press the slider where the answer is, nudge with − / + until within tolerance, Submit. */
export async function playEstimate(page: Page, presser: Presser, task: TaskDefinition) {
  if (task.kind !== 'estimate') throw new Error('not an estimate task')
  await startTask(page, presser)
  for (const q of task.questions) {
    const s = (await taskState(page)) as unknown as EstimateState
    expect(currentEstimate(task, s).id).toBe(q.id)
    await presser.pressPoint(await dialPoint(page, task.dial, q.answer, s.range))
    for (let i = 0; i < 30; i++) {
      const v = (await taskState(page)).value!
      if (Math.abs(v - q.answer) <= q.tolerance / 2) break
      await presser.press(v < q.answer ? 'dial-plus' : 'dial-minus')
    }
    const before = (await taskState(page)).feedback?.sequence ?? 0
    const after = await pressUntil(page, presser, 'dial-submit', (x) => (x.feedback?.sequence ?? 0) > before, `submit ${q.id}`)
    expect(after.feedback).toMatchObject({ correct: true, text: q.explanation })
  }
  expect((await taskState(page)).phase).toBe('complete')
}

/** Explain: the right claim, the supporting evidence (Submit once enough are chosen), the right reasoning — all as in-world cards. */
export async function playExplain(page: Page, presser: Presser, task: TaskDefinition) {
  if (task.kind !== 'explain') throw new Error('not an explain task')
  await startTask(page, presser)
  const claim = task.claims.find((c) => c.correct)!
  await pressUntil(page, presser, `explain-${claim.id}`, (s) => s.step === 'evidence', 'claim')
  for (const e of task.evidence.filter((x) => x.correct)) await pressUntil(page, presser, `explain-${e.id}`, (s) => s.selected!.includes(e.id), `evidence ${e.id}`)
  await pressUntil(page, presser, 'explain-submit', (s) => s.step === 'reasoning', 'submit evidence')
  const reasoning = task.reasoning.find((r) => r.correct)!
  await pressUntil(page, presser, `explain-${reasoning.id}`, (s) => s.phase === 'complete', 'reasoning')
}

/** Waits until the outbox has delivered everything recorded. */
export async function waitForDrain(page: Page): Promise<void> {
  await page.evaluate(() => window.__fathom!.flush())
  await expect.poll(() => page.evaluate(() => window.__fathom!.pending()), { timeout: 30_000, interval: 250 }).toBe(0)
}

/**
 * Reads the student's statements back from the LRS, derives levels with the
 * core, and checks the class CSV shows those same levels for every
 * competency of the expedition the student gave evidence on. Returns the levels.
 */
export async function assertServerLevels(teacher: Teacher, ids: { classId: string; studentId: string }, homePage: string, expedition: ExpeditionName, modality: 'vr' | 'desktop') {
  const statements = await statementsFor(teacher, ids.studentId, homePage)
  const own = statements.filter((s) => s.verb.id !== VERB.unlocked)
  for (const s of own) expect(s.context?.extensions?.['https://fathom.education/xapi/extensions/modality']).toBe(modality)
  const { competencies } = CONTENT[expedition]
  const derived = deriveEvidence(statements as unknown as Statement[], competencies)
  const response = await teacher.get(`/api/classes/${ids.classId}/evidence.csv`)
  expect(response.status).toBe(200)
  const rows = parseCsv(await response.text())
  const levels: Record<string, string> = {}
  for (const record of derived) {
    const code = competencies.find((c) => c.id === record.competencyId)!.code
    const row = rows.find((r) => r.student_id === ids.studentId && r.competency_code === code)
    expect(row, `CSV row for ${code}: ${JSON.stringify(rows)}`).toBeDefined()
    expect(row!.level).toBe(record.level)
    levels[record.competencyId.split('/').at(-1)!] = record.level
  }
  return { statements, levels }
}

/** The quaternion that turns a controller's -Z (its ray) from `hand` towards `target`. */
export function aimAt(hand: Vector3, target: Vector3): [number, number, number, number] {
  const m = new Matrix4().lookAt(hand, target, new Vector3(0, 1, 0))
  const q = new Quaternion().setFromRotationMatrix(m)
  return [q.x, q.y, q.z, q.w]
}

/** Where the right controller is held when it points (relative to the player's origin). */
export const HAND = new Vector3(0.2, 1.3, -0.3)

/** Enters VR on the page and returns a presser driving the emulated right controller. */
export async function enterVR(page: Page): Promise<Presser & { trigger(): Promise<void>; xrFrames(n: number): Promise<void> }> {
  await page.click('#enter-vr')
  await page.waitForFunction(() => window.__fathom!.isPresenting(), undefined, { timeout: 30_000 })
  // Controller profiles load from /xr-profiles/ and the ray pointer appears a few frames later.
  await page.waitForTimeout(1500)
  const pose = (position: Vector3, quaternion: [number, number, number, number]) =>
    page.evaluate(
      ({ p, q }) => {
        const c = (window.__fathom!.device as { controllers: { right: { position: { set(x: number, y: number, z: number): void }; quaternion: { set(x: number, y: number, z: number, w: number): void } } } }).controllers.right
        c.position.set(p[0], p[1], p[2])
        c.quaternion.set(q[0], q[1], q[2], q[3])
      },
      { p: [position.x, position.y, position.z] as [number, number, number], q: quaternion },
    )
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
  const aimAndPress = async (target: Vector3) => {
    // Poses are in the player's tracked space: aim from the hand, relative to the origin.
    const origin = new Vector3(...(await page.evaluate(() => window.__fathom!.origin())))
    await pose(HAND, aimAt(HAND, target.clone().sub(origin)))
    await xrFrames(3)
    await trigger()
  }
  return {
    modality: 'vr',
    trigger,
    xrFrames,
    async press(id) {
      const targets = await page.evaluate(() => window.__fathom!.targets())
      const target = targets[id]
      if (!target) throw new Error(`no target ${id}; have ${Object.keys(targets).join(', ')}`)
      await aimAndPress(new Vector3(...target))
    },
    async pressPoint(point) {
      await aimAndPress(new Vector3(...point))
    },
    async pressNowhere() {
      // Straight back, over the student's shoulder: open space.
      await pose(HAND, aimAt(HAND, HAND.clone().add(new Vector3(0.3, 0.2, 3))))
      await xrFrames(3)
      await trigger()
    },
  }
}

/** A presser for the desktop: the mouse on the canvas. */
export function mousePresser(page: Page): Presser {
  const click = async (point: { x: number; y: number } | null, what: string) => {
    if (!point) throw new Error(`no screen point for ${what}`)
    await page.mouse.click(point.x, point.y)
    await page.waitForTimeout(80)
  }
  return {
    modality: 'desktop',
    press: async (id) => click(await page.evaluate((target) => window.__fathom!.screenPoint(target), id), id),
    pressPoint: async (p) => click(await page.evaluate(([x, y, z]) => window.__fathom!.project(x, y, z), p as [number, number, number]), 'point'),
    pressNowhere: async () => click(await page.evaluate(() => window.__fathom!.project(0, 3.0, -3.5)), 'nowhere'),
  }
}

/** Keyboard alone: Tab until the control is focused, then press a key (Enter by default). */
export async function keyTo(page: Page, selector: string, key = 'Enter') {
  for (let i = 0; i < 120; i++) {
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) {
      await page.keyboard.press(key)
      return
    }
    await page.keyboard.press('Tab')
  }
  throw new Error(`could not reach ${selector} with Tab`)
}

/** Plays an order task with the keyboard alone (↑ buttons move an item earlier), then Submit. */
export async function playOrderByKeyboard(page: Page, task: TaskDefinition) {
  if (task.kind !== 'order') throw new Error('not an order task')
  await keyTo(page, '#start-task')
  await expect.poll(async () => (await taskState(page)).phase).toBe('active')
  const answer = correctArrangement(task)
  for (let slot = 0; slot < answer.length; slot++) {
    const id = answer[slot]!
    for (let guard = 0; guard < answer.length; guard++) {
      const s = (await taskState(page)) as unknown as OrderState
      if (s.arrangement.indexOf(id) <= slot) break
      await keyTo(page, `#earlier-${id}`)
    }
  }
  await keyTo(page, '#submit')
  expect((await taskState(page)).phase).toBe('complete')
}

/** Plays an estimate task with the keyboard alone: the slider's arrow keys, then Submit. */
export async function playEstimateByKeyboard(page: Page, task: TaskDefinition) {
  if (task.kind !== 'estimate') throw new Error('not an estimate task')
  await keyTo(page, '#start-task')
  await expect.poll(async () => (await taskState(page)).phase).toBe('active')
  for (const q of task.questions) {
    await keyTo(page, '#dial-input', 'Home')
    const steps = Math.round((q.answer - q.min) / q.step)
    for (let i = 0; i < steps; i++) await page.keyboard.press('ArrowRight')
    await expect.poll(async () => Math.abs((await taskState(page)).value! - q.answer)).toBeLessThanOrEqual(q.tolerance)
    const before = (await taskState(page)).feedback?.sequence ?? 0
    await keyTo(page, '#submit')
    await expect.poll(async () => (await taskState(page)).feedback?.sequence ?? 0).toBeGreaterThan(before)
    expect((await taskState(page)).feedback).toMatchObject({ correct: true })
  }
  expect((await taskState(page)).phase).toBe('complete')
}

/** Presses a navigation button (in-world) until the journey moves. */
export async function pressUntilScreen(page: Page, vr: Presser, id: string) {
  const before = JSON.stringify((await journeyState(page)).screen)
  for (let attempt = 0; attempt < 4; attempt++) {
    await page.waitForFunction((target) => Object.keys(window.__fathom!.targets()).includes(target), id, { timeout: 20_000 })
    await vr.press(id)
    await page.waitForTimeout(150)
    if (JSON.stringify((await journeyState(page)).screen) !== before) return
  }
  throw new Error(`${id}: the journey did not move`)
}
