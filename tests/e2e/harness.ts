import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { builtServerArgs } from './built-server.js'

export const ADMIN_PASSWORD = 'e2e-admin-password-123'

/** The real portfolio server, started as a child process on a free port with a fresh data dir. */
export interface RunningServer {
  readonly url: string
  readonly dataDir: string
  readonly output: () => string
  stop(): Promise<void>
}

export async function startServer(): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fathom-e2e-data-'))
  const child: ChildProcess = spawn(process.execPath, builtServerArgs(), {
    cwd: process.cwd(),
    env: {
      ...process.env,
      FATHOM_PORT: '0',
      FATHOM_HOST: '127.0.0.1',
      FATHOM_DATA_DIR: dataDir,
      FATHOM_STATIC_DIR: 'dist',
      FATHOM_ADMIN_PASSWORD: ADMIN_PASSWORD,
      FATHOM_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: false,
  })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${output}`)), 60_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /FATHOM_LISTENING (\S+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code}:\n${output}`))
    })
  })
  return {
    url,
    dataDir,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
        child.kill('SIGTERM')
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))])
        if (child.exitCode === null) child.kill('SIGKILL')
      }
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** The teacher, over HTTP: a session cookie and its CSRF token. */
export class Teacher {
  private cookie = ''
  private csrf = ''

  constructor(readonly base: string) {}

  async login(): Promise<void> {
    const response = await fetch(`${this.base}/api/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    })
    if (!response.ok) throw new Error(`login: ${response.status} ${await response.text()}`)
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('fathom_session='))
    if (!setCookie) throw new Error('login: no fathom_session cookie')
    this.cookie = setCookie.split(';')[0]!
    const body = (await response.json()) as { csrfToken?: string }
    if (!body.csrfToken) throw new Error('login: no csrfToken')
    this.csrf = body.csrfToken
  }

  async post<T>(path: string, body: unknown = {}): Promise<T> {
    const response = await fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: this.cookie, 'X-Fathom-CSRF': this.csrf },
      body: JSON.stringify(body),
    })
    if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`)
    return (await response.json()) as T
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.base}${path}`, { headers: { Cookie: this.cookie, ...headers } })
  }

  /** A class with one student and a fresh pairing code for them. */
  async classWithStudent(displayName: string): Promise<{ classId: string; studentId: string; code: string }> {
    // The server may answer with the record itself or wrapped ({ class }, { student }).
    const klass = await this.post<{ id?: string; class?: { id: string } }>('/api/classes', { name: `E2E ${displayName}` })
    const classId = klass.id ?? klass.class?.id
    if (!classId) throw new Error(`no class id in ${JSON.stringify(klass)}`)
    const student = await this.post<{ id?: string; student?: { id: string } }>(`/api/classes/${classId}/students`, { displayName })
    const studentId = student.id ?? student.student?.id
    if (!studentId) throw new Error(`no student id in ${JSON.stringify(student)}`)
    const pairing = await this.post<{ code: string }>(`/api/students/${studentId}/pairing-code`)
    return { classId, studentId, code: pairing.code }
  }
}

/** Debian Chromium, launched as xr-testing.md says, recording every request URL. */
export interface Browser {
  readonly context: BrowserContext
  readonly page: Page
  readonly requests: string[]
  readonly consoleErrors: string[]
  close(): Promise<void>
}

export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'fathom-e2e-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 720 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  const requests: string[] = []
  const consoleErrors: string[] = []
  context.on('request', (request) => requests.push(request.url()))
  const page = context.pages()[0] ?? (await context.newPage())
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text())
  })
  page.on('pageerror', (error) => consoleErrors.push(String(error)))
  return {
    context,
    page,
    requests,
    consoleErrors,
    async close() {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

/** Requests that left the app's origin (data: and blob: URLs are not requests to a host). */
export function foreignRequests(requests: readonly string[], origin: string): string[] {
  return requests.filter((url) => !url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin)
}

/** Pairs the page with a code and waits for the expedition and the test hooks. */
export async function pairAndOpen(page: Page, url: string, code: string): Promise<void> {
  await page.goto(url)
  await page.waitForSelector('#pairing-code')
  await page.fill('#pairing-code', code)
  await page.click('#pair')
  await waitForExpedition(page)
}

/** Waits for the app after pairing: the hub, compiled. */
export async function waitForExpedition(page: Page): Promise<void> {
  await page.waitForSelector('.expedition[data-compiled="true"]', { timeout: 60_000 })
}

/** From the hub, opens an expedition with its DOM button and waits until its first station is compiled. */
export async function openExpedition(page: Page, id: string): Promise<void> {
  await page.waitForSelector(`#open-${id}:not([disabled])`, { timeout: 30_000 })
  await page.click(`#open-${id}`)
  await page.waitForSelector(`.expedition[data-screen="${id}"][data-compiled="true"]`, { timeout: 60_000 })
  await page.waitForSelector('#task-overlay')
}

export interface AnsweredStatement {
  id: string
  verb: { id: string }
  object: { id: string }
  result?: { success?: boolean; response?: string }
  context?: { extensions?: Record<string, unknown> }
  timestamp: string
}

/** Every statement about one student, read back from the LRS with the teacher's session. */
export async function statementsFor(teacher: Teacher, studentId: string, homePage: string): Promise<AnsweredStatement[]> {
  const agent = encodeURIComponent(JSON.stringify({ objectType: 'Agent', account: { homePage, name: studentId } }))
  const out: AnsweredStatement[] = []
  let next: string | null = `/xapi/statements?agent=${agent}&limit=500`
  while (next) {
    const response: Response = await teacher.get(next, { 'X-Experience-API-Version': '1.0.3' })
    if (!response.ok) throw new Error(`GET ${next}: ${response.status} ${await response.text()}`)
    const body = (await response.json()) as { statements: AnsweredStatement[]; more?: string }
    out.push(...body.statements)
    next = body.more ? body.more : null
  }
  return out
}

/** Parses a simple CSV (quoted fields allowed) into objects keyed by the header row. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += c
  }
  if (field !== '' || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  const [header, ...data] = rows.filter((r) => r.some((f) => f !== ''))
  return data.map((r) => Object.fromEntries((header ?? []).map((h, i) => [h.replace(/^\uFEFF/, ''), r[i] ?? ''])))
}
