import { spawn } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildServer } from '../../src/server/app.js'
import { loadConfig } from '../../src/server/config.js'
import { FrameworkLoadError } from '../../src/server/frameworks.js'
import { api, FIXTURE_SCENES, pairStudent, signIn, startTestServer, tempDir, xapi } from './helpers.js'
import { answered } from './statements.js'

const ROOT = join(import.meta.dirname, '..', '..')

describe('persistence', () => {
  it('keeps data across a restart on the same data dir', async () => {
    const first = await startTestServer()
    const session = await signIn(first.url)
    const kim = await pairStudent(first.url, session, 'Kim')
    const statement = answered(kim.actor, true)
    expect((await xapi(first.url, 'POST', '/xapi/statements', { auth: kim.auth, body: statement })).status).toBe(200)
    await first.close({ keepData: true })

    // Same data dir; the public URL is pinned so the student's account home page stays the same.
    const second = await startTestServer({ dataDir: first.dataDir, env: { FATHOM_PUBLIC_URL: first.url } })
    try {
    const again = await signIn(second.url)
      const classes = (await (await api(second.url, again, 'GET', '/api/classes')).json()) as { classes: { id: string; studentCount: number }[] }
      expect(classes.classes).toEqual([expect.objectContaining({ id: kim.classId, studentCount: 1 })])
      const got = await xapi(second.url, 'GET', `/xapi/statements?statementId=${statement.id}`, { auth: kim.auth })
      expect(got.status).toBe(200)
      const evidence = (await (await api(second.url, again, 'GET', `/api/classes/${kim.classId}/evidence`)).json()) as { records: { attempts: number }[] }
      expect(evidence.records[0]?.attempts).toBe(1)
      expect(second.server.context.initialAdmin).toBeUndefined()
    } finally {
      await second.close()
    }
  })
})

describe('start-up', () => {
  it('fails with a clear error when a framework is invalid', async () => {
    const config = loadConfig({ FATHOM_DATA_DIR: tempDir(), FATHOM_SCENES_DIR: join(import.meta.dirname, 'fixtures', 'scenes-invalid'), FATHOM_LOG_LEVEL: 'silent' }, [])
    await expect(buildServer(config)).rejects.toThrow(FrameworkLoadError)
    await expect(buildServer(config)).rejects.toThrow(/broken[/\\]framework\.json: CFDocument/)
  })

  it('reads env and flags', () => {
    const config = loadConfig({ FATHOM_PORT: '9000', FATHOM_PUBLIC_URL: 'https://school.example/path' }, ['--port', '9100', '--data', '/tmp/x', '--lan'])
    expect(config).toMatchObject({ port: 9100, dataDir: '/tmp/x', lan: true, host: '0.0.0.0', publicUrl: 'https://school.example' })
    expect(() => loadConfig({ FATHOM_PORT: 'eighty' }, [])).toThrow(/FATHOM_PORT/)
  })

  it('in LAN mode generates a self-signed certificate once and reuses it', async () => {
    const dataDir = tempDir()
    const env = { FATHOM_DATA_DIR: dataDir, FATHOM_SCENES_DIR: FIXTURE_SCENES, FATHOM_LOG_LEVEL: 'silent', FATHOM_PORT: '0', FATHOM_ADMIN_PASSWORD: 'lan-password' }
    const first = await buildServer(loadConfig(env, ['--lan']))
    expect(first.tls?.source).toBe('generated')
    await first.close()
    const second = await buildServer(loadConfig(env, ['--lan']))
    expect(second.tls?.source).toBe('reused')
    expect(second.tls?.cert).toBe(first.tls?.cert)
    expect(second.context.secureCookies).toBe(true)
    await second.close()
    rmSync(dataDir, { recursive: true, force: true })
  }, 30_000)
})

describe('static files', () => {
  it('serves the student app, the teacher page, hashed assets and falls back to index.html', async () => {
    const dist = tempDir('fathom-dist-')
    mkdirSync(join(dist, 'assets'))
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>student</title>')
    writeFileSync(join(dist, 'teacher.html'), '<!doctype html><title>teacher</title>')
    writeFileSync(join(dist, 'assets', 'app-abc123.js'), 'console.log(1)')
    const t = await startTestServer({ env: { FATHOM_STATIC_DIR: dist } })
    try {
      const root = await fetch(`${t.url}/`)
      expect(await root.text()).toContain('student')
      expect(root.headers.get('cache-control')).toBe('no-cache')
      for (const path of ['/teacher', '/teacher/']) {
        const res = await fetch(`${t.url}${path}`)
        expect(await res.text(), path).toContain('teacher')
      }
      const asset = await fetch(`${t.url}/assets/app-abc123.js`)
      expect(asset.status).toBe(200)
      expect(asset.headers.get('cache-control')).toContain('immutable')
      const deep = await fetch(`${t.url}/expedition/ocean`)
      expect(deep.status).toBe(200)
      expect(await deep.text()).toContain('student')
      expect((await fetch(`${t.url}/assets/missing.js`)).status).toBe(404)
      const apiMissing = await fetch(`${t.url}/api/nothing`)
      expect(apiMissing.status).toBe(404)
      expect(apiMissing.headers.get('content-type')).toMatch(/json/)
    } finally {
      await t.close()
      rmSync(dist, { recursive: true, force: true })
    }
  })

  it('explains how to build when dist is missing', async () => {
    const t = await startTestServer()
    try {
      const res = await fetch(`${t.url}/`)
      expect(res.status).toBe(503)
      expect(await res.text()).toContain('npm run build')
    } finally {
      await t.close()
    }
  })
})

describe('main.ts as a child process', () => {
  it('prints FATHOM_LISTENING <url>, serves, and exits cleanly on SIGTERM', async () => {
    const dataDir = tempDir()
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'server', 'main.ts')], {
      cwd: ROOT,
      env: { ...process.env, FATHOM_PORT: '0', FATHOM_DATA_DIR: dataDir, FATHOM_SCENES_DIR: FIXTURE_SCENES, FATHOM_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no FATHOM_LISTENING line:\n${output}`)), 15_000)
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString()
        const match = /^FATHOM_LISTENING (\S+)$/m.exec(output)
        if (match?.[1]) {
          clearTimeout(timer)
          resolve(match[1])
        }
      })
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
      child.on('exit', (code) => reject(new Error(`exited ${code}:\n${output}`)))
    })
    try {
      expect(output).toContain(`Teacher:      ${url}/teacher`)
      expect(output).toMatch(/Password \(shown only now, stored only as a hash\): \S+/)
      const about = await fetch(`${url}/xapi/about`)
      expect(about.status).toBe(200)
    } finally {
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
      rmSync(dataDir, { recursive: true, force: true })
    }
  }, 30_000)
})
