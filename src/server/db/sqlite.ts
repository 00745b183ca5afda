import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { VERB } from '../../core/xapi/vocabulary.js'
import { SQLITE_MIGRATIONS, type Migration } from './migrations.js'
import type {
  ClassRow,
  CredentialRow,
  InsertOutcome,
  NewStatementRow,
  PairingCodeRow,
  PairingOutcome,
  SessionRow,
  StatementQuery,
  StatementRow,
  Store,
  StudentRow,
  StudentWithOwner,
  TeacherRow,
} from './store.js'

/** The SQLite file inside a data directory. */
export function sqlitePath(dataDir: string): string {
  return join(dataDir, 'fathom.sqlite')
}

interface TeacherDb { id: string; username: string; password_hash: string; created_at: string }
interface SessionDb { token_hash: string; teacher_id: string; created_at: string; expires_at: string }
interface ClassDb { id: string; teacher_id: string; name: string; created_at: string; archived: number }
interface StudentDb { id: string; class_id: string; display_name: string; created_at: string; teacher_id?: string }
interface CredentialDb { key: string; secret_hash: string; student_id: string | null; scopes: string; created_at: string; revoked_at: string | null }
interface StatementDb { id: string; seq: number; student_id: string | null; verb_id: string; stored: string; voided: number; body: string }

const teacher = (r: TeacherDb): TeacherRow => ({ id: r.id, username: r.username, passwordHash: r.password_hash, createdAt: r.created_at })
const klass = (r: ClassDb): ClassRow => ({ id: r.id, teacherId: r.teacher_id, name: r.name, createdAt: r.created_at, archived: r.archived !== 0 })
const student = (r: StudentDb): StudentRow => ({ id: r.id, classId: r.class_id, displayName: r.display_name, createdAt: r.created_at })
const statement = (r: StatementDb): StatementRow => ({
  id: r.id,
  seq: r.seq,
  studentId: r.student_id,
  verbId: r.verb_id,
  stored: r.stored,
  voided: r.voided !== 0,
  body: r.body,
})

class Conflict extends Error {
  constructor(readonly conflictId: string) {
    super('conflict')
  }
}

/** Applies pending migrations in order, each in its own transaction. */
export function migrate(db: Database.Database, migrations: readonly Migration[] = SQLITE_MIGRATIONS): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)')
  const applied = new Set((db.prepare('SELECT version FROM migrations').all() as { version: number }[]).map((r) => r.version))
  const done: number[] = []
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue
    db.transaction(() => {
      db.exec(migration.sql)
      db.prepare('INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, new Date().toISOString())
    })()
    done.push(migration.version)
  }
  return done
}

export class SqliteStore implements Store {
  private readonly db: Database.Database

  private constructor(db: Database.Database) {
    this.db = db
  }

  /** Opens (creating on first start) `<dataDir>/fathom.sqlite` and migrates it. */
  static open(dataDir: string): SqliteStore {
    mkdirSync(dataDir, { recursive: true })
    const db = new Database(sqlitePath(dataDir))
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    migrate(db)
    return new SqliteStore(db)
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close()
  }

  async createTeacher(row: TeacherRow): Promise<boolean> {
    const result = this.db
      .prepare('INSERT OR IGNORE INTO teachers (id, username, password_hash, created_at) VALUES (?, ?, ?, ?)')
      .run(row.id, row.username, row.passwordHash, row.createdAt)
    return result.changes === 1
  }

  async findTeacherByUsername(username: string): Promise<TeacherRow | undefined> {
    const r = this.db.prepare('SELECT * FROM teachers WHERE username = ?').get(username) as TeacherDb | undefined
    return r && teacher(r)
  }

  async findTeacherById(id: string): Promise<TeacherRow | undefined> {
    const r = this.db.prepare('SELECT * FROM teachers WHERE id = ?').get(id) as TeacherDb | undefined
    return r && teacher(r)
  }

  async listTeachers(): Promise<TeacherRow[]> {
    return (this.db.prepare('SELECT * FROM teachers ORDER BY created_at, username').all() as TeacherDb[]).map(teacher)
  }

  async countTeachers(): Promise<number> {
    return (this.db.prepare('SELECT count(*) AS n FROM teachers').get() as { n: number }).n
  }

  async setTeacherPassword(id: string, passwordHash: string): Promise<void> {
    this.db.prepare('UPDATE teachers SET password_hash = ? WHERE id = ?').run(passwordHash, id)
  }

  async createSession(row: SessionRow): Promise<void> {
    this.db
      .prepare('INSERT INTO sessions (token_hash, teacher_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(row.tokenHash, row.teacherId, row.createdAt, row.expiresAt)
  }

  async findSession(tokenHash: string, now: string): Promise<SessionRow | undefined> {
    const r = this.db.prepare('SELECT * FROM sessions WHERE token_hash = ? AND expires_at > ?').get(tokenHash, now) as SessionDb | undefined
    return r && { tokenHash: r.token_hash, teacherId: r.teacher_id, createdAt: r.created_at, expiresAt: r.expires_at }
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash)
  }

  async deleteSessionsForTeacher(teacherId: string): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE teacher_id = ?').run(teacherId)
  }

  async createClass(row: ClassRow): Promise<void> {
    this.db
      .prepare('INSERT INTO classes (id, teacher_id, name, created_at, archived) VALUES (?, ?, ?, ?, ?)')
      .run(row.id, row.teacherId, row.name, row.createdAt, row.archived ? 1 : 0)
  }

  async listClasses(teacherId: string): Promise<ClassRow[]> {
    return (this.db.prepare('SELECT * FROM classes WHERE teacher_id = ? ORDER BY created_at, rowid').all(teacherId) as ClassDb[]).map(klass)
  }

  async findClass(id: string): Promise<ClassRow | undefined> {
    const r = this.db.prepare('SELECT * FROM classes WHERE id = ?').get(id) as ClassDb | undefined
    return r && klass(r)
  }

  async createStudent(row: StudentRow): Promise<void> {
    this.db
      .prepare('INSERT INTO students (id, class_id, display_name, created_at) VALUES (?, ?, ?, ?)')
      .run(row.id, row.classId, row.displayName, row.createdAt)
  }

  async listStudents(classId: string): Promise<StudentRow[]> {
    return (this.db.prepare('SELECT * FROM students WHERE class_id = ? ORDER BY created_at, rowid').all(classId) as StudentDb[]).map(student)
  }

  async findStudent(id: string): Promise<StudentWithOwner | undefined> {
    const r = this.db
      .prepare('SELECT s.*, c.teacher_id FROM students s JOIN classes c ON c.id = s.class_id WHERE s.id = ?')
      .get(id) as (StudentDb & { teacher_id: string }) | undefined
    return r && { ...student(r), teacherId: r.teacher_id }
  }

  async lastStoredByStudent(studentIds: readonly string[]): Promise<Map<string, string>> {
    const result = new Map<string, string>()
    const query = this.db.prepare('SELECT max(stored) AS stored FROM statements WHERE student_id = ?')
    for (const id of studentIds) {
      const r = query.get(id) as { stored: string | null }
      if (r.stored) result.set(id, r.stored)
    }
    return result
  }

  async replacePairingCode(row: PairingCodeRow): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM pairing_codes WHERE student_id = ? AND used_at IS NULL').run(row.studentId)
      this.db
        .prepare('INSERT OR REPLACE INTO pairing_codes (code_hash, student_id, created_at, expires_at, used_at) VALUES (?, ?, ?, ?, NULL)')
        .run(row.codeHash, row.studentId, row.createdAt, row.expiresAt)
    })()
  }

  async consumePairingCode(codeHash: string, now: string): Promise<PairingOutcome> {
    return this.db.transaction((): PairingOutcome => {
      const r = this.db.prepare('SELECT student_id, expires_at, used_at FROM pairing_codes WHERE code_hash = ?').get(codeHash) as
        | { student_id: string; expires_at: string; used_at: string | null }
        | undefined
      if (!r) return { status: 'unknown' }
      if (r.used_at !== null) return { status: 'used' }
      if (r.expires_at <= now) return { status: 'expired' }
      const changed = this.db.prepare('UPDATE pairing_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL').run(now, codeHash)
      return changed.changes === 1 ? { status: 'ok', studentId: r.student_id } : { status: 'used' }
    }).immediate()
  }

  async createCredential(row: CredentialRow): Promise<void> {
    this.db
      .prepare('INSERT INTO credentials (key, secret_hash, student_id, scopes, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(row.key, row.secretHash, row.studentId, row.scopes.join(' '), row.createdAt, row.revokedAt)
  }

  async findCredential(key: string): Promise<CredentialRow | undefined> {
    const r = this.db.prepare('SELECT * FROM credentials WHERE key = ?').get(key) as CredentialDb | undefined
    return (
      r && {
        key: r.key,
        secretHash: r.secret_hash,
        studentId: r.student_id,
        scopes: r.scopes.split(' ').filter(Boolean),
        createdAt: r.created_at,
        revokedAt: r.revoked_at,
      }
    )
  }

  async insertStatements(rows: readonly NewStatementRow[], same: (storedBody: string, row: NewStatementRow) => boolean): Promise<InsertOutcome> {
    const findBody = this.db.prepare('SELECT body FROM statements WHERE id = ?')
    const nextSeq = this.db.prepare('SELECT coalesce(max(seq), 0) + 1 AS seq FROM statements')
    const insert = this.db.prepare(
      `INSERT INTO statements (id, seq, student_id, actor_key, verb_id, activity_id, registration, voids_id, stored, voided, body)
       VALUES (@id, @seq, @studentId, @actorKey, @verbId, @activityId, @registration, @voidsId, @stored, 0, @body)`,
    )
    // A voiding statement voids its target unless the target is itself a voiding statement.
    const voidTarget = this.db.prepare('UPDATE statements SET voided = 1 WHERE id = ? AND verb_id <> ?')
    // A void may arrive before its target (offline clients).
    const voidedEarlier = this.db.prepare('SELECT 1 FROM statements WHERE voids_id = ? AND verb_id = ? LIMIT 1')
    try {
      return this.db.transaction((): InsertOutcome => {
        const inserted: NewStatementRow[] = []
        for (const row of rows) {
          const existing = findBody.get(row.id) as { body: string } | undefined
          if (existing) {
            if (!same(existing.body, row)) throw new Conflict(row.id)
            continue
          }
          const { seq } = nextSeq.get() as { seq: number }
          insert.run({ ...row, seq })
          inserted.push(row)
        }
        for (const row of inserted) {
          if (row.voidsId !== null) voidTarget.run(row.voidsId, VERB.voided)
          else if (voidedEarlier.get(row.id, VERB.voided)) voidTarget.run(row.id, VERB.voided)
        }
        return { ok: true, inserted: inserted.map((r) => r.id) }
      }).immediate()
    } catch (error) {
      if (error instanceof Conflict) return { ok: false, conflictId: error.conflictId }
      throw error
    }
  }

  async findStatement(id: string): Promise<StatementRow | undefined> {
    const r = this.db.prepare('SELECT id, seq, student_id, verb_id, stored, voided, body FROM statements WHERE id = ?').get(id) as StatementDb | undefined
    return r && statement(r)
  }

  async queryStatements(q: StatementQuery): Promise<StatementRow[]> {
    const where: string[] = ['voided = 0']
    const params: (string | number)[] = []
    if (q.studentIds !== undefined) {
      if (q.studentIds.length === 0) return []
      where.push(`student_id IN (${q.studentIds.map(() => '?').join(', ')})`)
      params.push(...q.studentIds)
    }
    const eq = (column: string, value: string | undefined) => {
      if (value === undefined) return
      where.push(`${column} = ?`)
      params.push(value)
    }
    eq('actor_key', q.actorKey)
    eq('verb_id', q.verbId)
    eq('activity_id', q.activityId)
    eq('registration', q.registration)
    if (q.since !== undefined) {
      where.push('stored > ?')
      params.push(q.since)
    }
    if (q.until !== undefined) {
      where.push('stored <= ?')
      params.push(q.until)
    }
    if (q.cursor !== undefined) {
      where.push(q.ascending ? 'seq > ?' : 'seq < ?')
      params.push(q.cursor)
    }
    const sql = `SELECT id, seq, student_id, verb_id, stored, voided, body FROM statements WHERE ${where.join(' AND ')}
      ORDER BY seq ${q.ascending ? 'ASC' : 'DESC'} LIMIT ?`
    params.push(q.limit)
    return (this.db.prepare(sql).all(...params) as StatementDb[]).map(statement)
  }

  async statementsOfStudents(studentIds: readonly string[]): Promise<StatementRow[]> {
    if (studentIds.length === 0) return []
    const sql = `SELECT id, seq, student_id, verb_id, stored, voided, body FROM statements
      WHERE voided = 0 AND student_id IN (${studentIds.map(() => '?').join(', ')}) ORDER BY seq`
    return (this.db.prepare(sql).all(...studentIds) as StatementDb[]).map(statement)
  }
}
