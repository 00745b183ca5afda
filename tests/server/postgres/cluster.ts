/**
 * A throwaway PostgreSQL cluster for tests and benchmarks: initdb into a temp
 * directory, pg_ctl start on 127.0.0.1 and a free port, stop and delete at the
 * end. PostgreSQL refuses to run as root, so as root the programs run as the
 * `postgres` user (created by Debian's package) through runuser.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensurePostgres } from '../../../scripts/ensure-postgres.mjs'

export interface Cluster {
  /** Superuser URL of the `postgres` database. */
  readonly url: string
  readonly port: number
  readonly dir: string
  stop(): void
}

export interface ClusterOptions {
  /** Turn off fsync (tests only: a crash loses data, which a throwaway cluster does not mind). */
  readonly durable?: boolean
  readonly maxConnections?: number
  readonly extra?: readonly string[]
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

function userIds(name: string): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim())
    return { uid, gid }
  } catch {
    return undefined
  }
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const bin = ensurePostgres()
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0
  let runAs: { uid: number; gid: number } | undefined
  if (asRoot) {
    runAs = userIds('postgres')
    if (!runAs) {
      execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'])
      runAs = userIds('postgres')
    }
    if (!runAs) throw new Error('PostgreSQL will not run as root and there is no `postgres` user to run it as')
  }
  const dir = mkdtempSync(join(tmpdir(), 'fathom-pg-'))
  chmodSync(dir, 0o700)
  if (runAs) chownSync(dir, runAs.uid, runAs.gid)
  const data = join(dir, 'data')
  const logFile = join(dir, 'postgres.log')
  const exec = (program: string, args: string[]): { status: number | null; output: string } => {
    const command = asRoot ? 'runuser' : join(bin, program)
    const argv = asRoot ? ['-u', 'postgres', '--', join(bin, program), ...args] : args
    const result = spawnSync(command, argv, { encoding: 'utf8', cwd: dir })
    return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? result.error.message : ''}` }
  }
  const fail = (what: string, output: string): never => {
    let log = ''
    try {
      log = readFileSync(logFile, 'utf8').slice(-4000)
    } catch {
      // no log yet
    }
    rmSync(dir, { recursive: true, force: true })
    throw new Error(`PostgreSQL: ${what} failed (binaries in ${bin}).\n${output}\n${log}`)
  }

  const init = exec('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync'])
  if (init.status !== 0) fail('initdb', init.output)

  for (let attempt = 0; ; attempt++) {
    const port = await freePort()
    const settings = [
      "-c listen_addresses='127.0.0.1'",
      `-p ${port}`,
      `-k ${dir}`, // the Unix socket lives with the cluster, not in /var/run/postgresql
      `-c max_connections=${options.maxConnections ?? 300}`,
      '-c shared_buffers=128MB',
      ...(options.durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
      ...(options.extra ?? []),
    ]
    const start = exec('pg_ctl', ['-D', data, '-l', logFile, '-w', '-t', '60', '-o', settings.join(' '), 'start'])
    if (start.status === 0) {
      let stopped = false
      return {
        url: `postgres://postgres@127.0.0.1:${port}/postgres`,
        port,
        dir,
        stop() {
          if (stopped) return
          stopped = true
          exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
          rmSync(dir, { recursive: true, force: true })
        },
      }
    }
    // Another process may have taken the port between freePort() and start.
    if (attempt >= 2) fail('pg_ctl start', start.output)
  }
}
