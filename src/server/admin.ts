/**
 * `npm run admin -- <command>`: teacher accounts, on the same data dir as the server.
 *   create-teacher <username> [--password P]   prints a generated password when none is given
 *   reset-password <username> [--password P]   prints a generated password when none is given; signs the teacher out
 *   list-teachers
 *   invite-teacher [--days N] [--url ORIGIN]   prints a single-use sign-up link (default 7 days)
 *   sweep-retention                           deletes statements older than each class's retention setting
 *   create-credential --label L --scopes statements/write,statements/read   prints key and secret once
 *   list-credentials
 *   revoke-credential <key>
 */
import { basicHeader, issueCredential, parseScopes } from './auth/credentials.js'
import { createInvite, inviteLink } from './auth/invites.js'
import { runRetentionSweep } from './workspace/privacy.js'
import { createTeacher, normalizeUsername } from './auth/teachers.js'
import { hashPassword, newPassword } from './auth/secrets.js'
import { ConfigError, loadConfig } from './config.js'
import { openStore } from './db/open.js'
import { sqlitePath } from './db/sqlite.js'

const USAGE = `Usage: npm run admin -- <command>
  create-teacher <username> [--password P]
  reset-password <username> [--password P]
  list-teachers
  invite-teacher [--days N] [--url ORIGIN]
  sweep-retention
  create-credential --label L --scopes statements/write,statements/read
  list-credentials
  revoke-credential <key>
Scopes: statements/write, statements/read, statements/read/mine, state, define, profile, all/read, all
Options: --data DIR (or FATHOM_DATA_DIR)`

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name)
  if (i < 0) return undefined
  const value = args[i + 1]
  if (value === undefined) throw new ConfigError(`${name} needs a value`)
  args.splice(i, 2)
  return value
}

async function run(argv: string[]): Promise<number> {
  const args = [...argv]
  const password = option(args, '--password')
  const label = option(args, '--label')
  const scopesArg = option(args, '--scopes')
  const data = option(args, '--data')
  const days = option(args, '--days')
  const url = option(args, '--url')
  const config = loadConfig(process.env, data ? ['--data', data] : [])
  const [command, username] = args
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE)
    return command ? 0 : 1
  }
  // The same backend the server uses: PostgreSQL when DATABASE_URL is set.
  const store = await openStore(config)
  try {
    switch (command) {
      case 'create-teacher': {
        if (!username) throw new ConfigError('create-teacher needs a username')
        const result = await createTeacher(store, username, password, new Date())
        if (!result.ok) {
          const why = { 'invalid-username': 'use 1-64 lower-case letters, digits, dot, dash or underscore', exists: 'that username is taken', 'weak-password': 'the password must have at least 8 characters' }
          console.error(`Could not create teacher: ${why[result.reason]}`)
          return 1
        }
        console.log(`Created teacher "${result.teacher.username}" in ${sqlitePath(config.dataDir)}`)
        if (result.generated) console.log(`Password (shown only now): ${result.password}`)
        return 0
      }
      case 'reset-password': {
        if (!username) throw new ConfigError('reset-password needs a username')
        const teacher = await store.findTeacherByUsername(normalizeUsername(username))
        if (!teacher) {
          console.error(`No teacher "${username}"`)
          return 1
        }
        if (password !== undefined && password.length < 8) {
          console.error('The password must have at least 8 characters')
          return 1
        }
        const secret = password ?? newPassword()
        await store.setTeacherPassword(teacher.id, await hashPassword(secret))
        await store.deleteSessionsForTeacher(teacher.id)
        console.log(`Password reset for "${teacher.username}"; their sessions were signed out.`)
        if (password === undefined) console.log(`New password (shown only now): ${secret}`)
        return 0
      }
      case 'list-teachers': {
        const teachers = await store.listTeachers()
        if (teachers.length === 0) console.log('No teachers yet (the server creates "admin" on first start).')
        for (const t of teachers) console.log(`${t.username}\t${t.id}\tcreated ${t.createdAt}`)
        return 0
      }
      case 'invite-teacher': {
        const n = days === undefined ? undefined : Number(days)
        if (n !== undefined && (!Number.isInteger(n) || n < 1 || n > 90)) throw new ConfigError('--days must be a whole number of days (1-90)')
        const invite = await createInvite(store, null, new Date(), n)
        const origin = url ?? config.publicUrl ?? `http://localhost:${config.port}`
        console.log(`Single-use teacher invitation, valid until ${invite.expiresAt}:`)
        console.log(inviteLink(origin.replace(/\/+$/, ''), invite.token))
        return 0
      }
      case 'sweep-retention': {
        const result = await runRetentionSweep({ store, now: () => new Date() })
        console.log(`Retention sweep: ${result.statements} statements deleted across ${result.classes} classes with a retention setting.`)
        return 0
      }
      case 'create-credential': {
        if (!label) throw new ConfigError('create-credential needs --label')
        const scopes = parseScopes(scopesArg ?? '')
        if (!scopes.ok) throw new ConfigError(scopes.message)
        const issued = await issueCredential(store, scopes.scopes, new Date(), { label })
        console.log(`Created credential "${label}" with scopes ${scopes.scopes.join(' ')}`)
        console.log(`Key:    ${issued.key}`)
        console.log(`Secret (shown only now, stored only as a hash): ${issued.secret}`)
        console.log(`Authorization: ${basicHeader(issued.key, issued.secret)}`)
        return 0
      }
      case 'list-credentials': {
        const list = await store.listCredentials({})
        if (list.length === 0) console.log('No credentials yet (paired headsets are not listed).')
        for (const c of list) {
          const owner = c.teacherId ? `teacher ${c.teacherId}` : 'system'
          console.log(`${c.key}\t${c.label ?? ''}\t${c.scopes.join(' ')}\t${owner}\tcreated ${c.createdAt}${c.revokedAt ? `\trevoked ${c.revokedAt}` : ''}`)
        }
        return 0
      }
      case 'revoke-credential': {
        if (!username) throw new ConfigError('revoke-credential needs a key')
        if (!(await store.revokeCredential(username, new Date().toISOString()))) {
          console.error(`No active credential "${username}"`)
          return 1
        }
        console.log(`Revoked ${username}; requests with it now get 401.`)
        return 0
      }
      default:
        console.error(`Unknown command "${command}"\n${USAGE}`)
        return 1
    }
  } finally {
    await store.close()
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error)
    process.exit(1)
  },
)
