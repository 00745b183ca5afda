/**
 * npm run bench:scenes — the scene budgets of performance-budgets.md, measured in
 * headless Chromium (software WebGL) with the app as built in dist/ (run
 * `npm run build` first; this builds nothing), served by the real server, for
 * every expedition in scenes/ that the app lists and can open:
 *
 * - draw calls and triangles per frame (renderer.info.render), the maximum over
 *   a few seconds, in XR with the emulated Quest 3 (and on the desktop view);
 * - shader programs created after the first frame (renderer.info.programs),
 *   while idle on the desktop view, and on entering XR;
 * - React commits during 5 s idle in XR (a React DevTools hook shim installed
 *   before the app loads counts every commit of every React renderer);
 * - the XR session's frame rate (72 Hz target);
 * - time to first frame of a returning (paired) student;
 * - initial JavaScript gzip (entry + its static imports) and each expedition's chunk.
 *
 * Output: readable lines, then one JSON object per figure.
 */
import { execFileSync } from 'node:child_process'
import { cpus } from 'node:os'
import type { Page } from 'playwright-core'
import { launchBrowser, startServer, Teacher } from '../e2e/harness.js'
import { DistBundle } from './scene-bundle.js'
import { expeditionIds, openExpedition } from './scene-open.js'
import { commitCount, graphicsInfo, installCommitCounter, sampleFrames } from './scene-probe.js'

interface Figure {
  readonly figure: string
  readonly scope: string
  readonly mode?: 'xr' | 'desktop'
  readonly value: number
  readonly unit: string
  readonly budget: number | null
  readonly better: 'lower' | 'higher' | 'target'
}

const SAMPLE_MS = 3000
const IDLE_MS = 5000
const figures: Figure[] = []
const notes: string[] = []
const log = (line: string) => console.log(line)

function report(f: Figure): void {
  figures.push(f)
  const budget = f.budget === null ? '' : ` (budget ${f.better === 'lower' ? '≤' : f.better === 'higher' ? '≥' : '='} ${f.budget})`
  const flag = f.budget === null ? '' : (f.better === 'lower' ? f.value <= f.budget : f.better === 'higher' ? f.value >= f.budget : f.value === f.budget) ? '  ok' : '  OVER BUDGET'
  log(`  ${f.figure}${f.mode ? ` [${f.mode}]` : ''}: ${f.value} ${f.unit}${budget}${flag}`)
}

async function benchExpedition(page: Page, base: string, id: string): Promise<void> {
  log(`\n${id}`)
  // Desktop view: time to first frame (a returning student: pairing stored), per-frame figures, programs after the first frame.
  const desktop = await openExpedition(page, base, id, 'test=1')
  if (desktop !== id) {
    notes.push(`${id}: the app did not open it (it showed ${desktop ?? 'no expedition'}); not benched`)
    log(`  not opened (the app showed ${desktop ?? 'no expedition'})`)
    return
  }
  const first = await page.evaluate(() => window.__fathom!.renderInfo())
  const desk = await sampleFrames(page, SAMPLE_MS, false)
  if (first.firstFrameAt !== null) report({ figure: 'timeToFirstFrame', scope: id, mode: 'desktop', value: Math.round(first.firstFrameAt), unit: 'ms', budget: 2000, better: 'lower' })
  report({ figure: 'drawCalls', scope: id, mode: 'desktop', value: desk.maxCalls, unit: 'calls', budget: 100, better: 'lower' })
  report({ figure: 'triangles', scope: id, mode: 'desktop', value: desk.maxTriangles, unit: 'triangles', budget: 300_000, better: 'lower' })
  report({ figure: 'programsAfterFirstFrame', scope: id, mode: 'desktop', value: desk.programs - (first.programsAfterLoad ?? first.programs), unit: 'programs', budget: 0, better: 'lower' })

  // XR with the emulated Quest 3: per-frame figures, programs on entering, frame rate, commits while idle.
  const xr = await openExpedition(page, base, id, 'emulate=quest3')
  if (xr !== id) {
    notes.push(`${id}: did not open with the emulator`)
    return
  }
  const before = await page.evaluate(() => window.__fathom!.renderInfo())
  await page.click('#enter-vr')
  await page.waitForFunction(() => window.__fathom!.isPresenting(), undefined, { timeout: 30_000 })
  // Controller models load from /xr-profiles/ and rays appear a few frames later.
  await page.waitForTimeout(2500)
  const inXR = await sampleFrames(page, SAMPLE_MS, true)
  report({ figure: 'drawCalls', scope: id, mode: 'xr', value: inXR.maxCalls, unit: 'calls', budget: 100, better: 'lower' })
  report({ figure: 'triangles', scope: id, mode: 'xr', value: inXR.maxTriangles, unit: 'triangles', budget: 300_000, better: 'lower' })
  report({ figure: 'programsOnEnterXR', scope: id, mode: 'xr', value: inXR.programs - before.programs, unit: 'programs', budget: 0, better: 'lower' })
  const frameRate = await page.evaluate(() => window.__fathom!.session()?.frameRate ?? null)
  if (frameRate != null) report({ figure: 'frameRate', scope: id, mode: 'xr', value: frameRate, unit: 'Hz', budget: 72, better: 'target' })
  else notes.push(`${id}: the session reports no frame rate`)
  const c0 = await commitCount(page)
  await page.waitForTimeout(IDLE_MS)
  const c1 = await commitCount(page)
  const stillPresenting = await page.evaluate(() => window.__fathom!.isPresenting())
  if (!stillPresenting) notes.push(`${id}: the XR session ended during the idle measurement`)
  if (c0.renderers === 0) notes.push('no React renderer registered with the DevTools hook: commit counts are not meaningful')
  log(`  (the DevTools hook saw ${c0.renderers} React renderers and ${c0.commits} commits since this page loaded)`)
  report({ figure: 'reactCommitsIdleXR', scope: id, mode: 'xr', value: c1.commits - c0.commits, unit: `commits/${IDLE_MS / 1000}s`, budget: 0, better: 'lower' })
  const after = await sampleFrames(page, 500, true)
  if (after.programs !== inXR.programs) notes.push(`${id}: ${after.programs - inXR.programs} more programs while idle in XR`)
}

function bundleFigures(ids: readonly string[]): void {
  const bundle = new DistBundle('dist')
  const entries = bundle.entries('index.html').filter((f) => f.endsWith('.js'))
  const initial = bundle.staticClosure(entries)
  log(`\nbundle (dist/, gzip level 6)`)
  log(`  initial: ${[...initial].map((f) => `${f} ${(bundle.file(f).gzip / 1000).toFixed(1)} kB`).join(', ')}`)
  report({ figure: 'initialJsGzip', scope: 'student', value: Number((bundle.gzipOf(initial) / 1000).toFixed(1)), unit: 'kB', budget: 400, better: 'lower' })
  const runtime = bundle.chunkNamed('expedition-root')
  if (runtime) {
    const closure = [...bundle.staticClosure([runtime])].filter((f) => !initial.has(f))
    report({ figure: 'expeditionRuntimeGzip', scope: 'all', value: Number((bundle.gzipOf(closure) / 1000).toFixed(1)), unit: 'kB', budget: null, better: 'lower' })
  }
  for (const id of ids) {
    const chunk = bundle.chunkNamed(id)
    if (!chunk) {
      notes.push(`${id}: no chunk named ${id}-<hash>.js in dist/assets`)
      continue
    }
    const closure = [...bundle.staticClosure([chunk])].filter((f) => !initial.has(f))
    report({ figure: 'expeditionChunkGzip', scope: id, value: Number((bundle.gzipOf(closure) / 1000).toFixed(1)), unit: 'kB', budget: null, better: 'lower' })
  }
}

function chromiumVersion(): string {
  try {
    return execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim()
  } catch {
    return 'unknown Chromium'
  }
}

async function main(): Promise<void> {
  const ids = await expeditionIds(notes)
  log(`Scene bench: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, ${chromiumVersion()} headless.`)
  log('Software WebGL (SwiftShader), not a headset figure: draw calls, triangles, programs and commits carry over to a headset; frame time does not.')
  log('The emulated Quest 3 draws one (mono) view; a headset draws each call once per eye (no multiview in three\'s WebGLRenderer).')
  log(`Expeditions: ${ids.join(', ') || 'none'}`)
  const server = await startServer()
  const browser = await launchBrowser()
  try {
    await installCommitCounter(browser.context)
    const teacher = new Teacher(server.url)
    await teacher.login()
    const { code } = await teacher.classWithStudent('Bench Student')
    const { page } = browser
    await page.goto(`${server.url}/?test=1`)
    await page.waitForSelector('#pairing-code')
    await page.fill('#pairing-code', code)
    await page.click('#pair')
    await page.waitForFunction(() => document.querySelector('#pairing-code') === null, undefined, { timeout: 30_000 })
    const gfx = await graphicsInfo(page)
    log(`WebGL: ${gfx.renderer}`)
    for (const id of ids) {
      try {
        await benchExpedition(page, server.url, id)
      } catch (error) {
        notes.push(`${id}: ${String(error).split('\n')[0]}`)
        log(`  failed: ${String(error).split('\n')[0]}`)
      }
    }
    bundleFigures(ids)
      // A 404 for a not-yet-written xAPI state document is the LRS's normal answer; other errors are noted.
    const errors = browser.consoleErrors.filter((e) => !e.startsWith('Failed to load resource'))
    if (errors.length > 0) notes.push(`console errors: ${errors.slice(0, 5).join(' | ')}`)
  } finally {
    await browser.close()
    await server.stop()
  }
  if (notes.length > 0) {
    log('\nnotes')
    for (const n of notes) log(`  - ${n}`)
  }
  log('')
  for (const f of figures) console.log(JSON.stringify(f))
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
