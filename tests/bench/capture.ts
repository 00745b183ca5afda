/**
 * `npm run bench:capture`: capture and sync in headless Chromium against the
 * built app (dist) and the real server (a child process, SQLite):
 *   - main-thread cost of record() (median, p99) inside animation frames while the scene renders
 *   - IndexedDB flush: one strict transaction for 1,000 statements, and its throughput
 *   - time to drain 10,000 queued statements to the local server
 * Readable lines first, then one JSON object per figure (performance-budgets.md).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { builtServerArgs } from '../e2e/built-server.js'
import { ADMIN_PASSWORD, launchBrowser, Teacher } from '../e2e/harness.js'

const FRAMES = 200
const PER_FRAME = 100
const FLUSH_N = 1000
const DRAIN_N = 10_000

interface Figure {
  figure: string
  scope: string
  value: number
  unit: string
  budget: number | null
  better: 'lower' | 'higher'
}

function quantile(sorted: readonly number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[i]!
}
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits

async function startServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fathom-bench-capture-'))
  const child: ChildProcess = spawn(process.execPath, builtServerArgs(), {
    env: { ...process.env, FATHOM_PORT: '0', FATHOM_HOST: '127.0.0.1', FATHOM_DATA_DIR: dataDir, FATHOM_STATIC_DIR: 'dist', FATHOM_ADMIN_PASSWORD: ADMIN_PASSWORD, FATHOM_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000)
    child.stdout!.on('data', (c: Buffer) => {
      output += c.toString()
      const m = /FATHOM_LISTENING (\S+)/.exec(output)
      if (m) {
        clearTimeout(timer)
        resolve(m[1]!)
      }
    })
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()))
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)))
  })
  return {
    url,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))])
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

async function main(): Promise<void> {
  if (!existsSync('dist/index.html')) throw new Error('Build the app first: npm run build')
  console.log(`Fathom capture bench — ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, headless Chromium (/usr/bin/chromium, software WebGL)`)
  const server = await startServer()
  const browser = await launchBrowser()
  const figures: Figure[] = []
  try {
    const teacher = new Teacher(server.url)
    await teacher.login()
    const ids = await teacher.classWithStudent('Bench Student')
    const { page, context } = browser
    await page.goto(`${server.url}/?test=1&freeze=1`)
    await page.waitForSelector('#pairing-code')
    await page.fill('#pairing-code', ids.code)
    await page.click('#pair')
    await page.waitForFunction(() => typeof window.__fathom?.measureRecord === 'function', undefined, { timeout: 60_000 })
    const rendering = await page
      .waitForSelector('.expedition[data-compiled="true"]', { timeout: 60_000 })
      .then(() => true)
      .catch(() => false)
    // A string, not a function: tsx would wrap named inner functions in a __name helper the page lacks.
    const frames = (await page.evaluate(`(async () => {
      let n = 0
      const t0 = performance.now()
      await new Promise((resolve) => {
        const step = () => (++n >= 60 ? resolve() : requestAnimationFrame(step))
        requestAnimationFrame(step)
      })
      return { fps: (n * 1000) / (performance.now() - t0), canvas: document.querySelector('canvas') !== null }
    })()`)) as { fps: number; canvas: boolean }
    console.log(`Scene: ${rendering && frames.canvas ? 'rendering' : 'NOT rendering (expedition did not compile)'}; ${round(frames.fps, 1)} frames/s in headless Chromium`)

    // 1. record() on the main thread, inside animation frames, while the scene renders.
    await page.evaluate(() => window.__fathom!.measureRecord!(20, 100)) // warm-up (JIT)
    const perRecord = (await page.evaluate(([f, p]) => window.__fathom!.measureRecord!(f, p), [FRAMES, PER_FRAME] as const)).sort((a, b) => a - b)
    const median = quantile(perRecord, 0.5)
    const p99 = quantile(perRecord, 0.99)
    console.log(`record(): ${FRAMES} frames × ${PER_FRAME} records; µs per record() — median ${round(median)}, p99 ${round(p99)} (performance.now() resolution is coarse without cross-origin isolation, so each sample averages ${PER_FRAME} calls in one frame)`)
    figures.push({ figure: 'recordMedian', scope: 'main-thread', value: round(median), unit: 'µs', budget: 50, better: 'lower' })
    figures.push({ figure: 'recordP99', scope: 'main-thread', value: round(p99), unit: 'µs', budget: null, better: 'lower' })

    // 2. IndexedDB flush: 1,000 statements in one strict transaction (sending blocked meanwhile).
    await context.setOffline(true)
    const flushes: number[] = []
    for (let i = 0; i < 3; i++) flushes.push(await page.evaluate((n) => window.__fathom!.measureFlush!(n), FLUSH_N))
    flushes.sort((a, b) => a - b)
    const flushMs = flushes[1]!
    console.log(`IndexedDB flush of ${FLUSH_N} statements in one strict transaction: ${flushes.map((f) => round(f, 1)).join(', ')} ms (median ${round(flushMs, 1)})`)
    figures.push({ figure: 'flush1000', scope: 'indexeddb', value: round(flushMs, 1), unit: 'ms', budget: null, better: 'lower' })
    figures.push({ figure: 'flushThroughput', scope: 'indexeddb', value: Math.round((FLUSH_N * 1000) / flushMs), unit: 'statements/s', budget: null, better: 'higher' })

    // 3. Drain 10,000 queued statements to the local server: send what the figures above
    //    queued (untimed), queue exactly 10,000 with the network cut, then time the drain.
    await context.setOffline(false)
    await page.evaluate(() => window.__fathom!.syncNow!())
    await context.setOffline(true)
    await page.evaluate((n) => {
      window.__fathom!.recordTest!(n, 'bench-drain')
    }, DRAIN_N)
    await page.waitForFunction(() => window.__fathom!.inMemory!() === 0, undefined, { timeout: 120_000 })
    const queued = await page.evaluate(async () => (await window.__fathom!.storedStatements!()).filter((s) => s.status === 'pending').length)
    await context.setOffline(false)
    await page.evaluate(() => performance.clearResourceTimings())
    const drainMs = await page.evaluate(async () => {
      const t0 = performance.now()
      await window.__fathom!.syncNow!()
      return performance.now() - t0
    })
    const posts = (await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((e) => e.name.endsWith('/xapi/statements'))
        .map((e) => e.duration),
    )).sort((a, b) => a - b)
    if (posts.length > 0) console.log(`  ${posts.length} POSTs; request time median ${round(quantile(posts, 0.5), 1)} ms, p99 ${round(quantile(posts, 0.99), 1)} ms (the rest is IndexedDB and the main thread, shared with the render loop)`)
    const left = await page.evaluate(async () => (await window.__fathom!.storedStatements!()).filter((s) => s.status === 'pending').length)
    if (left !== 0) throw new Error(`drain left ${left} statements pending`)
    console.log(`Drain: ${queued} queued statements to the local server (batches of 100) in ${round(drainMs / 1000, 2)} s = ${Math.round((queued * 1000) / drainMs)} statements/s`)
    figures.push({ figure: 'drain10k', scope: 'local-server', value: round(drainMs / 1000, 2), unit: 's', budget: null, better: 'lower' })
    figures.push({ figure: 'drainThroughput', scope: 'local-server', value: Math.round((queued * 1000) / drainMs), unit: 'statements/s', budget: null, better: 'higher' })
  } finally {
    await browser.close()
    await server.stop()
  }
  for (const f of figures) console.log(JSON.stringify(f))
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
