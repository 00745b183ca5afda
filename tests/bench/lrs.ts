/**
 * `npm run bench:lrs` (tsx tests/bench/lrs.ts): the portfolio server as an LRS,
 * on SQLite and on PostgreSQL.
 *
 * 1. Ingest: 4 concurrent clients POST batches of 100 unique statements for 10 s
 *    against the server (a child process, as in production: the bundle
 *    `npm run build:server` writes). Prints statements/s and p50/p99 request latency.
 * 2. Latency at classroom load: 100 statements/s (10 per POST, every 100 ms) for 5 s; p99.
 * 3. Queries: the store is topped up to 100,000 statements, then GET
 *    /xapi/statements by agent, by verb, by activity and `since`; p50/p99.
 *
 * SQLite runs as SqliteStore opens it: WAL with synchronous=FULL, every commit is
 * fsynced (durable across power loss; NORMAL would only guarantee integrity).
 * PostgreSQL runs a throwaway cluster with its durable defaults (fsync=on,
 * synchronous_commit=on). The rate limit is off (FATHOM_RATE_LIMIT=0) so the
 * figures measure the LRS, not the per-credential limit.
 *
 * Options: --seconds N (ingest duration), --only sqlite|postgres, --queries N,
 * --cpu-prof DIR (profile the server child; write DIR/*.cpuprofile when it stops).
 * Output: readable lines, then one JSON object per figure (see
 * ../shared/notes/performance-budgets.md).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { sha256Hex } from '../../src/server/auth/secrets.js'
import { PostgresStore } from '../../src/server/db/postgres.js'
import { SqliteStore } from '../../src/server/db/sqlite.js'
import type { Store } from '../../src/server/db/store.js'
import { builtServerArgs } from '../e2e/built-server.js'
import { startCluster, type Cluster } from '../server/postgres/cluster.js'

const ROOT = join(import.meta.dirname, '..', '..')
const SCENES = join(ROOT, 'tests', 'server', 'fixtures', 'scenes')
const args = process.argv.slice(2)
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : undefined
}
const INGEST_SECONDS = Number(opt('seconds') ?? 10)
const CLIENTS = 4
const BATCH = 100
const STORE_SIZE = 100_000
const QUERY_RUNS = Number(opt('queries') ?? 50)
const ONLY = opt('only')
/** --cpu-prof DIR: run the server child with `node --cpu-prof --cpu-prof-dir DIR` (a .cpuprofile on exit). */
const CPU_PROF = opt('cpu-prof')

type Backend = 'sqlite' | 'postgres'

interface Figure {
  figure: string
  scope: string
  value: number
  unit: string
  budget: number | null
  better: 'higher' | 'lower'
}
const figures: Figure[] = []
function report(f: Figure): void {
  figures.push(f)
}

// ---- statements -----------------------------------------------------------

const HOME = 'http://bench.fathom.example'
const VERBS = ['answered', 'attempted', 'completed', 'experienced', 'progressed'].map((v) => `http://adlnet.gov/expapi/verbs/${v}`)
const STUDENTS = 600
const ACTIVITIES = 300
const REGISTRATIONS = Array.from({ length: 50 }, () => randomUUID())
let counter = 0

function statement(at: string): Record<string, unknown> {
  const n = counter++
  const student = n % STUDENTS
  const activity = (n * 7) % ACTIVITIES
  return {
    id: randomUUID(),
    actor: { objectType: 'Agent', account: { homePage: HOME, name: `s_bench${student}` } },
    verb: { id: VERBS[n % VERBS.length], display: { 'en-US': 'answered' } },
    object: {
      objectType: 'Activity',
      id: `https://school.example/activities/ocean/zones/item-${activity}`,
      definition: {
        type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
        name: { 'en-US': `Item ${activity}` },
        interactionType: 'choice',
      },
    },
    result: { success: n % 3 !== 0, response: 'midnight', duration: 'PT4.5S', score: { scaled: (n % 10) / 10 } },
    context: {
      registration: REGISTRATIONS[n % REGISTRATIONS.length],
      platform: 'Fathom (desktop)',
      language: 'en-US',
      contextActivities: {
        parent: [{ objectType: 'Activity', id: 'https://school.example/activities/ocean/zones' }],
        grouping: [{ objectType: 'Activity', id: 'https://school.example/activities/ocean' }],
      },
      extensions: { 'https://fathom.education/xapi/extensions/modality': 'desktop' },
    },
    timestamp: at,
  }
}

function batchBody(size: number): string {
  const at = new Date().toISOString()
  return JSON.stringify(Array.from({ length: size }, () => statement(at)))
}

// ---- measuring ------------------------------------------------------------

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number
}
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits

interface Server {
  readonly url: string
  readonly child: ChildProcess
  stop(): Promise<void>
}

function startServer(env: Record<string, string>, dataDir: string): Promise<Server> {
  const profile = CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', CPU_PROF] : []
  const child = spawn(process.execPath, [...profile, ...builtServerArgs()], {
    cwd: ROOT,
    env: {
      ...process.env,
      FATHOM_PORT: '0',
      FATHOM_DATA_DIR: dataDir,
      FATHOM_SCENES_DIR: SCENES,
      FATHOM_STATIC_DIR: join(dataDir, 'no-dist'),
      FATHOM_PUBLIC_URL: HOME,
      FATHOM_ADMIN_PASSWORD: 'bench-admin-password',
      FATHOM_LOG_LEVEL: 'info',
      FATHOM_RATE_LIMIT: '0',
      NODE_ENV: 'production',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000)
    const look = () => {
      const bound = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1]
      if (bound && /^FATHOM_LISTENING /m.test(output)) {
        clearTimeout(timer)
        // Stop reading the info log (a request line each) beyond what the pipe buffers.
        child.stdout?.removeAllListeners('data')
        child.stdout?.resume()
        resolve({
          url: bound,
          child,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done()
              child.on('exit', () => done())
              child.kill('SIGTERM')
            }),
        })
      }
    }
    child.stdout?.on('data', (c: Buffer) => {
      output += c.toString()
      look()
    })
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()))
    child.on('exit', (code) => reject(new Error(`server exited ${code}:\n${output}`)))
  })
}

async function post(url: string, auth: string, body: string): Promise<number> {
  const res = await fetch(`${url}/xapi/statements`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json', 'X-Experience-API-Version': '1.0.3' },
    body,
  })
  await res.arrayBuffer()
  if (res.status !== 200) throw new Error(`POST answered ${res.status}`)
  return res.status
}

async function ingest(url: string, auth: string, seconds: number): Promise<{ stored: number; perSecond: number; latencies: number[]; clientCpu: number }> {
  const end = performance.now() + seconds * 1000
  const latencies: number[] = []
  let stored = 0
  const start = performance.now()
  const cpuStart = process.cpuUsage()
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < end) {
        const body = batchBody(BATCH)
        const t0 = performance.now()
        await post(url, auth, body)
        latencies.push(performance.now() - t0)
        stored += BATCH
      }
    }),
  )
  const elapsed = (performance.now() - start) / 1000
  const cpu = process.cpuUsage(cpuStart)
  return { stored, perSecond: stored / elapsed, latencies: latencies.sort((a, b) => a - b), clientCpu: (cpu.user + cpu.system) / 1e6 / elapsed }
}

async function steady(url: string, auth: string, seconds: number): Promise<number[]> {
  // 100 statements/s: a POST of 10 every 100 ms, whether or not the last one finished.
  const latencies: number[] = []
  const pending: Promise<void>[] = []
  for (let i = 0; i < seconds * 10; i++) {
    const body = batchBody(10)
    pending.push(
      (async () => {
        const t0 = performance.now()
        await post(url, auth, body)
        latencies.push(performance.now() - t0)
      })(),
    )
    await new Promise((r) => setTimeout(r, 100))
  }
  await Promise.all(pending)
  return latencies.sort((a, b) => a - b)
}

async function topUp(url: string, auth: string, have: number): Promise<number> {
  let total = have
  const workers = Array.from({ length: CLIENTS }, async () => {
    while (total < STORE_SIZE) {
      const n = Math.min(BATCH * 5, STORE_SIZE - total)
      total += n
      await post(url, auth, batchBody(n))
    }
  })
  await Promise.all(workers)
  return total
}

async function queryLatency(url: string, auth: string, path: () => string): Promise<{ p50: number; p99: number; rows: number }> {
  const latencies: number[] = []
  let rows = 0
  for (let i = 0; i < QUERY_RUNS; i++) {
    const t0 = performance.now()
    const res = await fetch(`${url}${path()}`, { headers: { authorization: auth, 'X-Experience-API-Version': '1.0.3' } })
    const body = (await res.json()) as { statements?: unknown[] }
    latencies.push(performance.now() - t0)
    if (res.status !== 200) throw new Error(`GET ${path()} answered ${res.status}`)
    rows += body.statements?.length ?? 0
  }
  latencies.sort((a, b) => a - b)
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), rows: rows / QUERY_RUNS }
}

// ---- one backend ----------------------------------------------------------

async function systemCredential(store: Store): Promise<string> {
  const key = `k_bench_${randomUUID().slice(0, 8)}`
  const secret = randomUUID()
  await store.createCredential({
    key,
    secretHash: sha256Hex(secret),
    studentId: null,
    teacherId: null,
    label: 'bench',
    scopes: ['all'],
    createdAt: new Date().toISOString(),
    revokedAt: null,
  })
  return `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`
}

async function runBackend(backend: Backend): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), `fathom-bench-${backend}-`))
  let cluster: Cluster | undefined
  let server: Server | undefined
  try {
    const env: Record<string, string> = {}
    let store: Store
    if (backend === 'postgres') {
      cluster = await startCluster({ durable: true, maxConnections: 100 })
      env.DATABASE_URL = cluster.url
      store = await PostgresStore.open(cluster.url)
    } else {
      store = SqliteStore.open(dataDir)
    }
    const auth = await systemCredential(store)
    await store.close()
    server = await startServer(env, dataDir)
    const { url } = server
    console.log(`\n[${backend}] server at ${url}${backend === 'postgres' ? ` (PostgreSQL cluster in ${cluster?.dir})` : ` (SQLite in ${dataDir})`}`)

    const warm = await ingest(url, auth, 1) // warm-up: JIT, prepared statements, connections
    const run = await ingest(url, auth, INGEST_SECONDS)
    const p50 = percentile(run.latencies, 50)
    const p99 = percentile(run.latencies, 99)
    console.log(
      `[${backend}] ingest: ${Math.round(run.perSecond)} statements/s (${run.stored} in ${INGEST_SECONDS} s, ${CLIENTS} clients, batches of ${BATCH}); request latency p50 ${round(p50)} ms, p99 ${round(p99)} ms; the clients (this process, same machine) used ${round(run.clientCpu * 100, 0)}% of a core, load average ${loadavg()[0]!.toFixed(1)}`,
    )
    report({ figure: 'ingest', scope: backend, value: Math.round(run.perSecond), unit: 'statements/s', budget: 8000, better: 'higher' })
    report({ figure: 'ingestLatencyP50', scope: backend, value: round(p50), unit: 'ms', budget: null, better: 'lower' })
    report({ figure: 'ingestLatencyP99', scope: backend, value: round(p99), unit: 'ms', budget: null, better: 'lower' })

    const light = await steady(url, auth, 5)
    console.log(`[${backend}] at 100 statements/s (10 per POST every 100 ms): p50 ${round(percentile(light, 50))} ms, p99 ${round(percentile(light, 99))} ms`)
    report({ figure: 'latencyP99At100PerSecond', scope: backend, value: round(percentile(light, 99)), unit: 'ms', budget: 100, better: 'lower' })

    const before = warm.stored + run.stored + light.length * 10
    const t0 = performance.now()
    const total = await topUp(url, auth, before)
    console.log(`[${backend}] store topped up to about ${total} statements in ${round((performance.now() - t0) / 1000)} s`)

    const recent = new Date(Date.now() - 2000).toISOString()
    let i = 0
    const queries: [string, () => string][] = [
      ['agent', () => `/xapi/statements?agent=${encodeURIComponent(JSON.stringify({ objectType: 'Agent', account: { homePage: HOME, name: `s_bench${i++ % STUDENTS}` } }))}`],
      ['verb', () => `/xapi/statements?verb=${encodeURIComponent(VERBS[i++ % VERBS.length] as string)}`],
      ['activity', () => `/xapi/statements?activity=${encodeURIComponent(`https://school.example/activities/ocean/zones/item-${i++ % ACTIVITIES}`)}`],
      ['since', () => `/xapi/statements?since=${encodeURIComponent(recent)}`],
    ]
    for (const [name, path] of queries) {
      const q = await queryLatency(url, auth, path)
      console.log(`[${backend}] GET by ${name}: p50 ${round(q.p50)} ms, p99 ${round(q.p99)} ms (${Math.round(q.rows)} statements a page, ${QUERY_RUNS} runs)`)
      report({ figure: `query_${name}_p50`, scope: backend, value: round(q.p50), unit: 'ms', budget: null, better: 'lower' })
      report({ figure: `query_${name}_p99`, scope: backend, value: round(q.p99), unit: 'ms', budget: null, better: 'lower' })
    }
  } finally {
    await server?.stop()
    cluster?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  const cpu = cpus()
  console.log(`Fathom LRS benchmark on ${cpu.length} cores (${cpu[0]?.model ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}/${process.arch}`)
  console.log(
    `Ingest: ${CLIENTS} clients x batches of ${BATCH} unique statements for ${INGEST_SECONDS} s; queries on a store of ${STORE_SIZE.toLocaleString('en')} statements. Server and clients share this machine.`,
  )
  console.log('SQLite: WAL, synchronous=FULL (as SqliteStore opens it). PostgreSQL: local cluster, fsync=on, synchronous_commit=on. Rate limit off.')
  const backends: Backend[] = ONLY === 'sqlite' || ONLY === 'postgres' ? [ONLY] : ['sqlite', 'postgres']
  for (const b of backends) await runBackend(b)
  console.log('')
  for (const f of figures) console.log(JSON.stringify(f))
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
