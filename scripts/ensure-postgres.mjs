#!/usr/bin/env node
// Makes sure PostgreSQL's server programs (initdb, pg_ctl, postgres) are installed,
// for the PostgreSQL half of the server suite and for `npm run bench:lrs`.
//
// Looks on PATH first, then in Debian's /usr/lib/postgresql/<version>/bin (where
// `apt-get install postgresql` puts them: Debian does not link them onto PATH);
// when neither has them, installs Debian's `postgresql` package with apt-get
// (these machines reach Debian's apt mirror, not the internet at large).
//
//   node scripts/ensure-postgres.mjs          installs if needed, prints the bin directory
//   import { ensurePostgres } from './ensure-postgres.mjs'   the same, from code
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, realpathSync } from 'node:fs'
import { delimiter, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const PROGRAMS = ['initdb', 'pg_ctl', 'postgres']
const DEBIAN_ROOT = '/usr/lib/postgresql'

const log = (message) => console.error(`[ensure-postgres] ${message}`)

function hasAll(dir) {
  return PROGRAMS.every((p) => existsSync(join(dir, p)))
}

/** The directory holding initdb, pg_ctl and postgres, or undefined. */
export function findPostgresBin(env = process.env) {
  if (env.FATHOM_PG_BIN) return hasAll(env.FATHOM_PG_BIN) ? env.FATHOM_PG_BIN : undefined
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir || !existsSync(join(dir, 'initdb'))) continue
    // Resolve links (/usr/local/bin/initdb -> /usr/lib/postgresql/15/bin/initdb) to find its siblings.
    const real = dirname(realpathSync(join(dir, 'initdb')))
    if (hasAll(real)) return real
    if (hasAll(dir)) return dir
  }
  if (existsSync(DEBIAN_ROOT)) {
    const versions = readdirSync(DEBIAN_ROOT)
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a))
    for (const v of versions) {
      const dir = join(DEBIAN_ROOT, v, 'bin')
      if (hasAll(dir)) return dir
    }
  }
  return undefined
}

function run(command, args) {
  log(`$ ${command} ${args.join(' ')}`)
  const result = spawnSync(command, args, {
    // stdout to stderr: our stdout carries only the bin directory.
    stdio: ['ignore', 2, 2],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  })
  if (result.error) return `${command} could not start: ${result.error.message}`
  if (result.status !== 0) return `${command} ${args.join(' ')} exited with status ${result.status}`
  return null
}

/**
 * Returns the PostgreSQL bin directory, installing Debian's package first when
 * it is missing. Throws an Error with a clear message when that is impossible.
 */
export function ensurePostgres() {
  const found = findPostgresBin()
  if (found) return found
  if (process.env.FATHOM_PG_BIN) {
    throw new Error(`FATHOM_PG_BIN=${process.env.FATHOM_PG_BIN} does not hold initdb, pg_ctl and postgres`)
  }
  log('initdb/pg_ctl/postgres not found on PATH or in /usr/lib/postgresql/*/bin: installing Debian\'s postgresql with apt-get')
  const root = typeof process.getuid !== 'function' || process.getuid() === 0
  const sudo = !root && spawnSync('sudo', ['-n', 'true']).status === 0
  if (!root && !sudo) {
    throw new Error('PostgreSQL is not installed and this user cannot install it. Run `sudo apt-get install -y postgresql` (or set FATHOM_PG_BIN to a directory with initdb, pg_ctl and postgres), then run the tests again.')
  }
  const apt = (args) => (sudo ? run('sudo', ['-n', 'apt-get', ...args]) : run('apt-get', args))
  // The package's post-install script may try to start a cluster on 5432; the tests never use it.
  const problem = apt(['update']) ?? apt(['install', '-y', '--no-install-recommends', 'postgresql'])
  const bin = findPostgresBin()
  if (problem || !bin) {
    throw new Error(`Could not install PostgreSQL: ${problem ?? 'initdb still missing after apt-get install postgresql'}. Install it with \`apt-get install -y postgresql\`.`)
  }
  log(`installed PostgreSQL in ${bin}`)
  return bin
}

if (process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))) {
  try {
    const bin = ensurePostgres()
    log(`PostgreSQL programs are in ${bin}`)
    console.log(bin)
  } catch (error) {
    log(error instanceof Error ? error.message : String(error))
    process.exit(1)
  }
}
