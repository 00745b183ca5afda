/**
 * `npm run bench:teacher` (tsx tests/bench/teacher.ts): the teacher workspace.
 *
 * 1. gridTime: the competency grid of a class of 30 students × 2,000 statements
 *    each (60,000 statements; a realistic mix of attempts, answers, hints and
 *    completions over 3 competencies), on SQLite: read the statements from the
 *    store, parse them, derive evidence (core), cells and the class summary.
 *    Median of 15 runs after 3 warm-ups. Also the pure part alone.
 * 2. exportThroughput / exportPeakMemory / latencyDuringExport: GET the statements CSV export of a
 *    class holding 1,000,000 statements (100 students × 10,000) from the real
 *    server as `npm start` runs it (the built bundle, a child process). Memory is
 *    the child's resident set read from /proc (Linux): VmRSS sampled every 20 ms,
 *    and VmHWM — the kernel's own high-water mark over the whole process life,
 *    start-up included — read before it stops; the figure is the larger.
 *
 * Options: --export N (statements for the export, default 1000000), --skip-export.
 * Output: readable lines naming the machine, then one JSON object per figure.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Competency } from '../../src/core/competency/framework.js'
import { studentAgent } from '../../src/core/xapi/builder.js'
import type { Statement } from '../../src/core/xapi/types.js'
import { VERB } from '../../src/core/xapi/vocabulary.js'
import { hashPassword } from '../../src/server/auth/secrets.js'
import { SqliteStore } from '../../src/server/db/sqlite.js'
import type { NewStatementRow, Store } from '../../src/server/db/store.js'
import { loadFrameworks } from '../../src/server/frameworks.js'
import { actorKey } from '../../src/server/lrs/agents.js'
import { statementFacts } from '../../src/server/lrs/index.js'
import { classGrid, gridFromStatements, projectedStatements } from '../../src/server/workspace/grid.js'
import { deriveEvidence } from '../../src/core/evidence/derive.js'
import { builtServerArgs, freePort } from '../e2e/built-server.js'
import { taskStatement } from '../server/teacher-helpers.js'

const ROOT = join(import.meta.dirname, '..', '..')
const args = process.argv.slice(2)
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : undefined
}
const HOME = 'http://127.0.0.1:8080'

interface Figure { figure: string; scope: string; value: number; unit: string; budget: number | null; better: 'higher' | 'lower' }
const figures: Figure[] = []

await main()

function studentStatements(actor: ReturnType<typeof studentAgent>, n: number, competencies: readonly Competency[], start: number): Statement[] {
  const out: Statement[] = []
  let t = start
  let i = 0
  while (out.length < n) {
    const c = competencies[i % competencies.length]!.id
    const station = `station-${i % 7}`
    const at = () => new Date((t += 7000)).toISOString()
    out.push(taskStatement(actor, VERB.attempted, { expedition: 'test', station, competencies: [c], at: at() }))
    for (let k = 0; k < 6 && out.length < n; k++) {
      if (k === 2 && i % 3 === 0) out.push(taskStatement(actor, VERB.requestedHint, { expedition: 'test', station, competencies: [c], step: 'nudge', at: at() }))
      out.push(taskStatement(actor, VERB.answered, { success: (i + k) % 4 !== 0, expedition: 'test', station, competencies: [c], hints: k === 3 && i % 3 === 0 ? 1 : 0, at: at() }))
    }
    if (out.length < n) out.push(taskStatement(actor, VERB.completed, { expedition: 'test', station, competencies: [c], at: at() }))
    i++
  }
  return out.slice(0, n)
}

function row(s: Statement, studentId: string, seqTime: string): NewStatementRow {
  const body = { ...s, stored: seqTime, authority: { objectType: 'Agent', account: { homePage: HOME, name: 'k_bench' } }, version: '1.0.0' }
  const facts = statementFacts(body as unknown as Record<string, unknown>)
  return {
    id: s.id,
    studentId,
    actorKey: actorKey(s.actor) ?? null,
    verbId: s.verb.id,
    activityId: 'id' in s.object ? (s.object as { id: string }).id : null,
    registration: null,
    voidsId: null,
    refId: null,
    credentialKey: 'k_bench',
    stored: seqTime,
    body: JSON.stringify(body),
    index: facts.index,
    attachmentHashes: [],
  }
}

async function fill(store: Store, teacherId: string, className: string, students: number, perStudent: number, competencies: readonly Competency[]): Promise<{ classId: string; ids: string[] }> {
  const classId = `c_${randomUUID().slice(0, 8)}`
  await store.createClass({ id: classId, teacherId, name: className, createdAt: new Date().toISOString(), archived: false })
  const ids: string[] = []
  const stored = new Date().toISOString()
  for (let s = 0; s < students; s++) {
    const id = `s_bench${String(s).padStart(4, '0')}${classId.slice(2)}`
    ids.push(id)
    await store.createStudent({ id, classId, displayName: `Student ${s + 1}`, createdAt: stored })
    const all = studentStatements(studentAgent(HOME, id), perStudent, competencies, Date.UTC(2026, 8, 1) + s * 1000)
    for (let i = 0; i < all.length; i += 2000) {
      const batch = all.slice(i, i + 2000).map((x) => row(x, id, stored))
      const out = await store.insertStatements({ statements: batch, attachments: [], activities: [], agents: [] }, { same: () => true, mergeDefinition: (_a, b) => b })
      if (!out.ok) throw new Error('insert failed')
    }
  }
  return { classId, ids }
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
}

async function main(): Promise<void> {
  console.log(`Fathom teacher workspace benchmark — ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, SQLite (WAL, synchronous=FULL)`)
  const { competencies, frameworks } = loadFrameworks(join(ROOT, 'tests', 'server', 'fixtures', 'scenes'))
  const expeditionOf = new Map(frameworks.flatMap(({ scene, framework }) => framework.competencies.map((c) => [c.id, scene] as const)))
  // 1. Grid.
  const dir = mkdtempSync(join(tmpdir(), 'fathom-bench-teacher-'))
  try {
    const store = SqliteStore.open(dir)
    await store.createTeacher({ id: 't_bench', username: 'bench', passwordHash: await hashPassword('bench-password'), createdAt: new Date().toISOString() })
    const t0 = performance.now()
    const { classId, ids } = await fill(store, 't_bench', 'Grid class', 30, 2000, competencies)
    console.log(`  stored 30 × 2,000 statements in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    const klass = (await store.findClass(classId))!
    const runs: number[] = []
    for (let i = 0; i < 18; i++) {
      const s = performance.now()
      const grid = await classGrid(store, klass, competencies, expeditionOf)
      if (i >= 3) runs.push(performance.now() - s)
      if (i === 0 && grid.cells.length !== 30) throw new Error('grid has the wrong shape')
    }
    // Where the grid's time goes: the store read, rebuilding minimal statements, core deriveEvidence.
    const phases = { read: [] as number[], rebuild: [] as number[], derive: [] as number[] }
    let projected = 0
    for (let i = 0; i < 8; i++) {
      const a = performance.now()
      const facts = await store.evidenceProjections(ids)
      const b = performance.now()
      const statements = projectedStatements(facts)
      const c = performance.now()
      deriveEvidence(statements, competencies)
      const d = performance.now()
      projected = facts.length
      if (i >= 3) {
        phases.read.push(b - a)
        phases.rebuild.push(c - b)
        phases.derive.push(d - c)
      }
    }
    console.log(
      `  of which: read ${projected.toLocaleString('en')} evidence projections ${median(phases.read).toFixed(1)} ms, rebuild + order ${median(phases.rebuild).toFixed(1)} ms, deriveEvidence ${median(phases.derive).toFixed(1)} ms (medians)`,
    )
    const rows = await store.statementsOfStudents(ids)
    const parsed = rows.map((r) => JSON.parse(r.body) as Statement)
    const students = await store.listStudents(classId)
    const pure: number[] = []
    for (let i = 0; i < 18; i++) {
      const s = performance.now()
      gridFromStatements(students, new Map(), parsed, competencies, expeditionOf)
      if (i >= 3) pure.push(performance.now() - s)
    }
    console.log(`  grid (store read + parse + derive + summary): median ${median(runs).toFixed(1)} ms over ${runs.length} runs (budget 200 ms); derive + cells + summary alone ${median(pure).toFixed(1)} ms`)
    figures.push({ figure: 'gridTime', scope: '30x2000', value: Math.round(median(runs) * 10) / 10, unit: 'ms', budget: 200, better: 'lower' })
    figures.push({ figure: 'gridComputeTime', scope: '30x2000', value: Math.round(median(pure) * 10) / 10, unit: 'ms', budget: null, better: 'lower' })
    await store.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }

  // 2. Export of 1,000,000 statements.
  if (!args.includes('--skip-export')) {
    const total = Number(opt('export') ?? 1_000_000)
    const students = 100
    const dataDir = mkdtempSync(join(tmpdir(), 'fathom-bench-export-'))
    // Stopped in `finally` too: a failed check must not leave the server running.
    let server: ChildProcess | undefined
    try {
      const store = SqliteStore.open(dataDir)
      await store.createTeacher({ id: 't_bench', username: 'bench', passwordHash: await hashPassword('bench-password'), createdAt: new Date().toISOString() })
      const t0 = performance.now()
      const { classId } = await fill(store, 't_bench', 'District year', students, Math.ceil(total / students), competencies)
      console.log(`  stored ${total.toLocaleString('en')} statements in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
      await store.close()
      const port = await freePort()
      const child = spawn(process.execPath, builtServerArgs(), {
        cwd: ROOT,
        env: { ...process.env, FATHOM_PORT: String(port), FATHOM_HOST: '127.0.0.1', FATHOM_DATA_DIR: dataDir, FATHOM_SCENES_DIR: join(ROOT, 'tests', 'server', 'fixtures', 'scenes'), FATHOM_STATIC_DIR: join(dataDir, 'none'), FATHOM_LOG_LEVEL: 'error', FATHOM_RATE_LIMIT: '0', FATHOM_RETENTION_SWEEP_MS: '0', FATHOM_PUBLIC_URL: HOME, NODE_ENV: 'production' },
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      server = child
      await new Promise<void>((resolve, reject) => {
        let out = ''
        let listening = false
        child.stdout!.on('data', (c: Buffer) => {
          // After start-up only error logs come (FATHOM_LOG_LEVEL=error): show them.
          if (listening) return void process.stderr.write(c)
          out += c.toString()
          if (out.includes('FATHOM_LISTENING')) (listening = true), resolve()
        })
        child.once('exit', (code) => reject(new Error(`server exited ${code}:\n${out}`)))
      })
      const url = `http://127.0.0.1:${port}`
      const login = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench', password: 'bench-password' }) })
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!
      const baseline = procStatus(child.pid!, 'VmRSS')
      let peak = baseline
      const sample = setInterval(() => (peak = Math.max(peak, procStatus(child.pid!, 'VmRSS'))), 20)
      // While the export runs, another client asks for something cheap every 100 ms:
      // an export must not stall the server for everyone else.
      const probes: number[] = []
      let exporting = true
      const probing = (async () => {
        while (exporting) {
          const a = performance.now()
          await (await fetch(`${url}/xapi/about`)).arrayBuffer()
          probes.push(performance.now() - a)
          await new Promise((r) => setTimeout(r, 100))
        }
      })()
      const s = performance.now()
      const res = await fetch(`${url}/api/classes/${classId}/export/statements.csv`, { headers: { cookie } })
      const announced = Number(res.headers.get('x-fathom-total'))
      const reader = res.body!.getReader()
      let bytes = 0
      let lines = 0
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        bytes += value.byteLength
        for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++
      }
      const seconds = (performance.now() - s) / 1000
      exporting = false
      await probing
      clearInterval(sample)
      peak = Math.max(peak, procStatus(child.pid!, 'VmHWM'))
      // The class's evidence CSV (levels derived from all 1,000,000 statements), on
      // the same server afterwards: its peak is the sampled VmRSS (VmHWM already
      // holds the statements export's).
      const before = procStatus(child.pid!, 'VmRSS')
      let evidencePeak = before
      const evidenceSample = setInterval(() => (evidencePeak = Math.max(evidencePeak, procStatus(child.pid!, 'VmRSS'))), 20)
      const e = performance.now()
      const evidence = await fetch(`${url}/api/classes/${classId}/export/evidence.csv`, { headers: { cookie } })
      const evidenceText = await evidence.text()
      const evidenceSeconds = (performance.now() - e) / 1000
      clearInterval(evidenceSample)
      if (evidence.status !== 200) throw new Error(`evidence export answered ${evidence.status}: ${evidenceText.slice(0, 200)}`)
      const evidenceRows = evidenceText.trim().split('\n').length - 1
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
      const rows = lines - 1
      if (rows !== announced || rows !== total) throw new Error(`export had ${rows} rows, announced ${announced}, expected ${total}`)
      const rate = rows / seconds
      console.log(`  CSV export: ${rows.toLocaleString('en')} statements, ${(bytes / 2 ** 20).toFixed(0)} MiB in ${seconds.toFixed(1)} s = ${Math.round(rate).toLocaleString('en')} statements/s`)
      console.log(`  server RSS: ${(baseline / 2 ** 20).toFixed(0)} MiB before, peak ${(peak / 2 ** 20).toFixed(0)} MiB during the export (budget 200 MB; peak = max of VmRSS samples and VmHWM)`)
      const sorted = [...probes].sort((a, b) => a - b)
      const p99 = sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)] ?? 0
      console.log(`  other requests during the export (GET /xapi/about every 100 ms): ${probes.length}, median ${median(probes).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${(sorted.at(-1) ?? 0).toFixed(1)} ms`)
      figures.push({ figure: 'exportThroughput', scope: 'csv-1M', value: Math.round(rate), unit: 'statements/s', budget: null, better: 'higher' })
      figures.push({ figure: 'exportPeakMemory', scope: 'csv-1M', value: Math.round(peak / 1e6), unit: 'MB', budget: 200, better: 'lower' })
      console.log(`  evidence CSV of the same class: ${evidenceRows} rows in ${evidenceSeconds.toFixed(1)} s; server RSS ${(before / 2 ** 20).toFixed(0)} MiB before, sampled peak ${(evidencePeak / 2 ** 20).toFixed(0)} MiB`)
      figures.push({ figure: 'evidenceExportTime', scope: 'csv-1M', value: Math.round(evidenceSeconds * 1000), unit: 'ms', budget: null, better: 'lower' })
      figures.push({ figure: 'evidenceExportPeakMemory', scope: 'csv-1M', value: Math.round(evidencePeak / 1e6), unit: 'MB', budget: null, better: 'lower' })
      figures.push({ figure: 'latencyDuringExport', scope: 'p99', value: Math.round(p99 * 10) / 10, unit: 'ms', budget: null, better: 'lower' })
    } finally {
      if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL')
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
  for (const f of figures) console.log(JSON.stringify(f))
}

/** A field of /proc/<pid>/status, in bytes (the kernel reports kB). */
function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  if (!match) throw new Error(`no ${field} in /proc/${pid}/status`)
  return Number(match[1]) * 1024
}
