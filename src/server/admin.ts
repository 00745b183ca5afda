/**
 * `npm run admin -- <command>`: teacher accounts, on the same data dir as the server.
 *   create-teacher <username> [--password P]   prints a generated password when none is given
 *   reset-password <username> [--password P]   prints a generated password when none is given; signs the teacher out
 *   list-teachers
 */
import { createTeacher, normalizeUsername } from './auth/teachers.js'
import { hashPassword, newPassword } from './auth/secrets.js'
import { ConfigError, loadConfig } from './config.js'
import { SqliteStore, sqlitePath } from './db/sqlite.js'

const USAGE = `Usage: npm run admin -- <command>
  create-teacher <username> [--password P]
  reset-password <username> [--password P]
  list-teachers
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
  const data = option(args, '--data')
  const config = loadConfig(process.env, data ? ['--data', data] : [])
  const [command, username] = args
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE)
    return command ? 0 : 1
  }
  const store = SqliteStore.open(config.dataDir)
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
