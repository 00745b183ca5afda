// Shared by the sync fault-matrix tests (tests/e2e/sync-*.test.ts).
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { builtServerArgs, freePort } from './built-server.js'
import { ADMIN_PASSWORD, statementsFor, Teacher } from './harness.js'

/** The student app with test hooks, a short outbox timeout and a short backoff (test-only switches). */
export const APP_QUERY = '?test=1&freeze=1&sync-timeout=2500&sync-backoff=250,2000'

/** The real server as a child process on a fixed port and data dir, so it can be killed (SIGKILL) and started again on the same data. */
export interface KillableServer {
  readonly url: string
  readonly dataDir: string
  output(): string
  kill(signal?: NodeJS.Signals): Promise<void>
  start(): Promise<void>
  stop(): Promise<void>
}

export async function startKillableServer(env: Record<string, string> = {}): Promise<KillableServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fathom-sync-data-'))
  const port = await freePort()
  let child: ChildProcess | null = null
  let output = ''
  const start = async () => {
    const proc = spawn(process.execPath, builtServerArgs(), {
      cwd: process.cwd(),
      env: {
        ...process.env,
        FATHOM_PORT: String(port),
        FATHOM_HOST: '127.0.0.1',
        FATHOM_DATA_DIR: dataDir,
        FATHOM_STATIC_DIR: 'dist',
        FATHOM_ADMIN_PASSWORD: ADMIN_PASSWORD,
        FATHOM_LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child = proc
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${output}`)), 60_000)
      proc.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString()
        if (output.includes('FATHOM_LISTENING')) {
          clearTimeout(timer)
          resolve()
        }
      })
      proc.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
      proc.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`server exited with ${code}:\n${output}`))
      })
    })
    output = output.replace(/FATHOM_LISTENING/g, 'listening')
  }
  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    const proc = child
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()))
    // The server is node itself (no npx/tsx wrapper), so its socket dies with it.
    proc.kill(signal)
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))])
    await waitPortFree(port)
  }
  await start()
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    output: () => output,
    kill,
    start,
    async stop() {
      await kill('SIGTERM')
      await kill('SIGKILL')
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * Registers (inside a describe) a killable server and its first teacher signed
 * in before the tests, and the server's stop after. Read the fields inside tests.
 */
export function useKillableServer(env: Record<string, string> = {}): { readonly server: KillableServer; readonly teacher: Teacher } {
  let server: KillableServer | undefined
  let teacher: Teacher | undefined
  beforeAll(async () => {
    server = await startKillableServer(env)
    const signedIn = new Teacher(server.url)
    await signedIn.login()
    teacher = signedIn
  })
  afterAll(async () => {
    await server?.stop()
  })
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the server is read before beforeAll started it')
    return value
  }
  return {
    get server() {
      return ready(server)
    },
    get teacher() {
      return ready(teacher)
    },
  }
}

async function waitPortFree(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer()
      probe.once('error', () => resolve(false))
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
    })
    if (free) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`port ${port} still in use`)
}

/** Opens the student app on `page`, pairs it with `code` (if the device is not paired yet) and waits for the sync test hooks. */
export async function openApp(page: Page, url: string, code?: string): Promise<void> {
  await page.goto(`${url}/${APP_QUERY}`)
  if (code !== undefined) {
    await page.waitForSelector('#pairing-code')
    await page.fill('#pairing-code', code)
    await page.click('#pair')
  }
  await page.waitForFunction(() => typeof window.__fathom?.recordTest === 'function', undefined, { timeout: 60_000 })
}

/** Records `n` real statements through the test hook and waits until they are on disk; returns their ids. */
export async function record(page: Page, n: number, tag: string): Promise<string[]> {
  const ids = await page.evaluate(([count, t]) => window.__fathom!.recordTest!(count, t), [n, tag] as const)
  await expect.poll(() => page.evaluate(() => window.__fathom!.inMemory!()), { timeout: 10_000 }).toBe(0)
  return ids
}

/** Waits until nothing recorded on this device is left to send. */
export async function drained(page: Page, timeout = 60_000): Promise<void> {
  await expect
    .poll(() => page.evaluate(async () => (await window.__fathom!.storedStatements!()).filter((s) => s.status === 'pending').length + window.__fathom!.inMemory!()), {
      timeout,
      interval: 250,
    })
    .toBe(0)
}

/** The statement ids the LRS holds for the student; fails if any id appears twice. */
export async function serverIds(teacher: Teacher, studentId: string, homePage: string): Promise<string[]> {
  const ids = (await statementsFor(teacher, studentId, homePage)).map((s) => s.id)
  expect(new Set(ids).size, 'an id appears twice on the server').toBe(ids.length)
  return ids
}

/** Exactly this set of ids on the server: none lost, none twice. */
export async function expectExactly(teacher: Teacher, studentId: string, homePage: string, expected: readonly string[]): Promise<void> {
  expect(new Set(expected).size).toBe(expected.length)
  const got = await serverIds(teacher, studentId, homePage)
  expect(new Set(got)).toEqual(new Set(expected))
  expect(got.length).toBe(expected.length)
}

/** Waits until the page's service worker controls it (offline after the first visit). */
export async function serviceWorkerReady(page: Page): Promise<void> {
  await page.waitForFunction(async () => {
    const registration = await navigator.serviceWorker?.ready
    return registration?.active?.state === 'activated' && navigator.serviceWorker.controller !== null
  }, undefined, { timeout: 30_000 })
}

export type { BrowserContext }
