import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { VERB } from '../../core/xapi/vocabulary.js'
import { evidenceInstant, evidenceProjection, evidenceProjectionOfBody, PROJECTED_VERBS } from './evidence.js'
import { SQLITE_MIGRATIONS, type Migration } from './migrations.js'
import type {
  ActivityRow,
  AgentRow,
  AttachmentRow,
  ClassRow,
  ClassPatch,
  CredentialFilter,
  CredentialRow,
  DeletionCounts,
  DocumentDecision,
  DocumentKey,
  DocumentRow,
  DocumentScope,
  InsertOutcome,
  InviteOutcome,
  InviteRow,
  PairingCodeRow,
  PairingOutcome,
  RetentionPolicy,
  SessionRow,
  StatementBatch,
  StatementBatchHooks,
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
interface CredentialDb {
  key: string
  secret_hash: string
  student_id: string | null
  teacher_id: string | null
  label: string | null
  scopes: string
  created_at: string
  revoked_at: string | null
}
interface StatementDb { id: string; seq: number; student_id: string | null; credential_key: string | null; verb_id: string; stored: string; voided: number; body: string }
interface DocumentDb { doc_id: string; content_type: string; content: Buffer; etag: string; updated: string }

const STATEMENT_COLUMNS = 's.id, s.seq, s.student_id, s.credential_key, s.verb_id, s.stored, s.voided, s.body'
const INDEX_KINDS = {
  agents: 'agent',
  relatedAgents: 'related_agent',
  activities: 'activity',
  relatedActivities: 'related_activity',
  verbs: 'verb',
  registrations: 'registration',
} as const
const INDEX_ENTRIES = Object.entries(INDEX_KINDS) as [keyof typeof INDEX_KINDS, string][]

const credential = (r: CredentialDb): CredentialRow => ({
  key: r.key,
  secretHash: r.secret_hash,
  studentId: r.student_id,
  teacherId: r.teacher_id,
  label: r.label,
  scopes: r.scopes.split(' ').filter(Boolean),
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
})
const document = (r: DocumentDb): DocumentRow => ({ docId: r.doc_id, contentType: r.content_type, content: r.content, etag: r.etag, updated: r.updated })

const teacher = (r: TeacherDb): TeacherRow => ({ id: r.id, username: r.username, passwordHash: r.password_hash, createdAt: r.created_at })
const klass = (r: ClassDb): ClassRow => ({ id: r.id, teacherId: r.teacher_id, name: r.name, createdAt: r.created_at, archived: r.archived !== 0 })
const student = (r: StudentDb): StudentRow => ({ id: r.id, classId: r.class_id, displayName: r.display_name, createdAt: r.created_at })
const statement = (r: StatementDb): StatementRow => ({
  id: r.id,
  seq: r.seq,
  studentId: r.student_id,
  credentialKey: r.credential_key,
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
      if (migration.backfill === 'evidence') backfillEvidence(db)
      db.prepare('INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, new Date().toISOString())
    })()
    done.push(migration.version)
  }
  return done
}

/** Fills statement_evidence from the stored statements (migration 4), in chunks by seq. */
function backfillEvidence(db: Database.Database): void {
  const verbs = [...PROJECTED_VERBS]
  const select = db.prepare(
    `SELECT seq, student_id, verb_id, body FROM statements
     WHERE seq > ? AND voided = 0 AND student_id IS NOT NULL AND verb_id IN (${verbs.map(() => '?').join(', ')}) ORDER BY seq LIMIT 2000`,
  )
  const insert = db.prepare('INSERT OR REPLACE INTO statement_evidence (student_id, seq, ts, fact) VALUES (?, ?, ?, ?)')
  let after = 0
  for (;;) {
    const rows = select.all(after, ...verbs) as { seq: number; student_id: string; verb_id: string; body: string }[]
    if (rows.length === 0) return
    for (const r of rows) {
      const fact = evidenceProjectionOfBody(r.verb_id, r.body)
      if (fact !== null) insert.run(r.student_id, r.seq, evidenceInstant(fact), fact)
    }
    after = rows[rows.length - 1]!.seq
  }
}

/** Rows per multi-row INSERT (one prepared statement for full chunks, single-row ones for the rest). */
const INSERT_CHUNK = 32

/**
 * How long the first queued batch waits for others before the shared commit.
 * Request bodies arrive over several event-loop turns, so waiting a couple of
 * milliseconds lets concurrent clients share one fsync (measured here: about
 * 1.5–2× the durable ingest of committing each batch alone).
 */
const GROUP_COMMIT_WINDOW_MS = 2

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
    // Durable: with WAL, FULL fsyncs the log at every commit (NORMAL would lose the last commits on power loss).
    db.pragma('synchronous = FULL')
    // 16 MiB of page cache (default 2 MiB): the hot index pages of a busy LRS stay in memory,
    // while a million-statement export still fits the 200 MB memory budget (64 MiB did not).
    db.pragma('cache_size = -16384')
    // Checkpoint every ~40 MiB of log (default ~4 MiB): a page written by many commits is copied back once.
    db.pragma('wal_autocheckpoint = 10000')
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
      .prepare('INSERT INTO credentials (key, secret_hash, student_id, teacher_id, label, scopes, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(row.key, row.secretHash, row.studentId, row.teacherId, row.label, row.scopes.join(' '), row.createdAt, row.revokedAt)
  }

  async findCredential(key: string): Promise<CredentialRow | undefined> {
    const r = this.db.prepare('SELECT * FROM credentials WHERE key = ?').get(key) as CredentialDb | undefined
    return r && credential(r)
  }

  async listCredentials(filter: CredentialFilter): Promise<CredentialRow[]> {
    const where: string[] = []
    const params: string[] = []
    if (filter.teacherId !== undefined) {
      where.push('teacher_id = ?')
      params.push(filter.teacherId)
    }
    if (filter.systemOnly) where.push('teacher_id IS NULL AND student_id IS NULL')
    if (!filter.includeStudent) where.push('student_id IS NULL')
    const sql = `SELECT * FROM credentials ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, rowid`
    return (this.db.prepare(sql).all(...params) as CredentialDb[]).map(credential)
  }

  async revokeCredential(key: string, now: string): Promise<boolean> {
    return this.db.prepare('UPDATE credentials SET revoked_at = ? WHERE key = ? AND revoked_at IS NULL').run(now, key).changes === 1
  }

  async studentIdsOfTeacher(teacherId: string): Promise<string[]> {
    return (
      this.db.prepare('SELECT s.id FROM students s JOIN classes c ON c.id = s.class_id WHERE c.teacher_id = ? ORDER BY s.created_at, s.rowid').all(teacherId) as {
        id: string
      }[]
    ).map((r) => r.id)
  }

  private statementsPrepared?: ReturnType<SqliteStore['prepareStatementWrites']>

  private prepareStatementWrites() {
    const db = this.db
    const STATEMENT_ROW = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
    const insertStatements = (n: number) =>
      db.prepare(
        `INSERT INTO statements (id, seq, student_id, actor_key, verb_id, activity_id, registration, voids_id, ref_id, credential_key, stored, voided, body)
         VALUES ${Array.from({ length: n }, () => STATEMENT_ROW).join(', ')}`,
      )
    const insertIndex = (n: number) => db.prepare(`INSERT OR IGNORE INTO statement_keys (key, seq) VALUES ${Array.from({ length: n }, () => '(?, ?)').join(', ')}`)
    const insertEvidence = (n: number) =>
      db.prepare(`INSERT OR REPLACE INTO statement_evidence (student_id, seq, ts, fact) VALUES ${Array.from({ length: n }, () => '(?, ?, ?, ?)').join(', ')}`)
    return {
      nextSeq: db.prepare('SELECT coalesce(max(seq), 0) + 1 AS seq FROM statements'),
      insert: [insertStatements(1), insertStatements(INSERT_CHUNK)] as const,
      index: [insertIndex(1), insertIndex(INSERT_CHUNK)] as const,
      evidence: [insertEvidence(1), insertEvidence(INSERT_CHUNK)] as const,
      // A voiding statement voids its target unless the target is itself a voiding statement ...
      voidTarget: db.prepare('UPDATE statements SET voided = 1 WHERE id = ? AND verb_id <> ? RETURNING seq'),
      // ... and its target is no evidence any more.
      dropEvidence: db.prepare('DELETE FROM statement_evidence WHERE seq = ?'),
      seqOf: db.prepare('SELECT seq FROM statements WHERE id = ?'),
      // Keys of a statement (own and inherited), to copy onto statements that reference it.
      keysOf: db.prepare('SELECT key FROM statement_keys WHERE seq = ?'),
      keyId: db.prepare('SELECT id FROM index_keys WHERE kind = ? AND value = ?'),
      newKey: db.prepare('INSERT INTO index_keys (kind, value) VALUES (?, ?)'),
      referrers: db.prepare('SELECT seq FROM statements WHERE ref_id = ?'),
      idOfSeq: db.prepare('SELECT id FROM statements WHERE seq = ?'),
      attachmentLink: db.prepare('INSERT OR IGNORE INTO statement_attachments (statement_id, sha2) VALUES (?, ?)'),
      attachment: db.prepare('INSERT OR IGNORE INTO attachments (sha2, content_type, content, created_at) VALUES (?, ?, ?, ?)'),
      upsertActivity: db.prepare(
        'INSERT INTO activities (id, definition, updated) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET definition = excluded.definition, updated = excluded.updated',
      ),
      upsertAgent: db.prepare('INSERT INTO agents (key, ifi, names) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET names = excluded.names'),
    }
  }

  /** `SELECT … WHERE column IN (values)` in chunks (prepared once per chunk size). */
  private selectIn<T>(sql: (placeholders: string) => string, values: readonly unknown[], before: readonly unknown[] = [], pluck = false): T[] {
    const out: T[] = []
    for (let i = 0; i < values.length; i += 500) {
      const chunk = values.slice(i, i + 500)
      const key = `${chunk.length}\u0000${pluck ? 1 : 0}\u0000${sql('')}`
      let stmt = this.inCache.get(key)
      if (!stmt) {
        stmt = this.db.prepare(sql(chunk.map(() => '?').join(', ')))
        if (pluck) stmt.pluck()
        if (this.inCache.size > 200) this.inCache.clear()
        this.inCache.set(key, stmt)
      }
      out.push(...(stmt.all(...before, ...chunk) as T[]))
    }
    return out
  }

  private readonly inCache = new Map<string, Database.Statement>()

  /** Runs a multi-row INSERT over `rows` (each an array of parameters), INSERT_CHUNK rows a statement. */
  private static insertRows(stmts: readonly [Database.Statement, Database.Statement], rows: readonly unknown[][]): void {
    let i = 0
    for (; i + INSERT_CHUNK <= rows.length; i += INSERT_CHUNK) {
      const params: unknown[] = []
      for (let k = i; k < i + INSERT_CHUNK; k++) for (const v of rows[k]!) params.push(v)
      stmts[1].run(params)
    }
    for (; i < rows.length; i++) stmts[0].run(rows[i]!)
  }

  /**
   * Group commit: batches that arrive within a short window are written
   * together in one transaction (one fsync), each inside its own savepoint (better-sqlite3 nests transactions as savepoints), so a
   * conflicting batch is rolled back alone and the rest share one fsync.
   * Each batch is still atomic and sees every batch queued before it.
   */
  insertStatements(batch: StatementBatch, hooks: StatementBatchHooks): Promise<InsertOutcome> {
    return new Promise((resolve, reject) => {
      this.pendingInserts.push({ batch, hooks, resolve, reject })
      if (this.pendingInserts.length === 1) setTimeout(() => this.commitPendingInserts(), GROUP_COMMIT_WINDOW_MS)
    })
  }

  private pendingInserts: { batch: StatementBatch; hooks: StatementBatchHooks; resolve: (o: InsertOutcome) => void; reject: (e: unknown) => void }[] = []

  private commitPendingInserts(): void {
    const jobs = this.pendingInserts
    this.pendingInserts = []
    const outcomes: ({ ok: true; value: InsertOutcome } | { ok: false; error: unknown })[] = []
    try {
      this.db
        .transaction(() => {
          for (const job of jobs) {
            try {
              outcomes.push({ ok: true, value: this.insertBatch(job.batch, job.hooks) })
            } catch (error) {
              outcomes.push({ ok: false, error })
            }
          }
        })
        .immediate()
    } catch (error) {
      // The commit itself failed: nothing of any batch was stored (nor any key it created).
      this.keyIds.clear()
      for (const job of jobs) job.reject(error)
      return
    }
    jobs.forEach((job, i) => {
      const outcome = outcomes[i]!
      if (outcome.ok) job.resolve(outcome.value)
      else job.reject(outcome.error)
    })
  }

  /**
   * One batch in its own savepoint; a Conflict rolls back this batch only.
   * One query per kind of work for the whole batch (ids already stored, voids
   * that arrived before their targets, referrers, activities, agents) and
   * multi-row INSERTs; seq values are counted in memory from one max(seq).
   */
  private insertBatch(batch: StatementBatch, hooks: StatementBatchHooks): InsertOutcome {
    const p = (this.statementsPrepared ??= this.prepareStatementWrites())
    const created: string[] = []
    try {
      return this.db.transaction((): InsertOutcome => {
        const rows = batch.statements
        // 1. Ids already stored: the same statement (skip) or a conflict.
        const stored = new Map<string, string>()
        if (rows.length > 0) {
          for (const r of this.selectIn<{ id: string; body: string }>((q) => `SELECT id, body FROM statements WHERE id IN (${q})`, rows.map((r) => r.id))) stored.set(r.id, r.body)
        }
        const fresh: StatementBatch['statements'][number][] = []
        for (const row of rows) {
          const existing = stored.get(row.id)
          if (existing !== undefined) {
            if (!hooks.same(existing, row)) throw new Conflict(row.id)
            continue
          }
          stored.set(row.id, row.body)
          fresh.push(row)
        }
        // 3. A new statement that a voiding statement (stored earlier, or in this batch) targets is stored voided.
        const voidedEarlier = new Set<string>()
        for (const row of fresh) if (row.voidsId !== null) voidedEarlier.add(row.voidsId)
        const candidates = fresh.filter((r) => r.voidsId === null).map((r) => r.id)
        if (candidates.length > 0) {
          for (const r of this.selectIn<{ voids_id: string }>((q) => `SELECT voids_id FROM statements WHERE verb_id = ? AND voids_id IN (${q})`, candidates, [VERB.voided])) {
            voidedEarlier.add(r.voids_id)
          }
        }
        // 2. Sequence numbers, index keys, attachment links, the evidence projection.
        let seq = fresh.length > 0 ? (p.nextSeq.get() as { seq: number }).seq : 0
        const statementRows: unknown[][] = []
        const indexRows: unknown[][] = []
        const evidenceRows: unknown[][] = []
        const inserted: { id: string; seq: number; voidsId: string | null; refId: string | null }[] = []
        for (const row of fresh) {
          const voided = row.voidsId === null && voidedEarlier.has(row.id) ? 1 : 0
          statementRows.push([
            row.id,
            seq,
            row.studentId,
            row.actorKey,
            row.verbId,
            row.activityId,
            row.registration,
            row.voidsId,
            row.refId,
            row.credentialKey,
            row.stored,
            voided,
            row.body,
          ])
          for (const [field, kind] of INDEX_ENTRIES) for (const value of row.index[field]) indexRows.push([this.keyIdFor(p, kind, value, created), seq])
          if (voided === 0 && row.studentId !== null && PROJECTED_VERBS.has(row.verbId)) {
            const fact = row.evidence !== undefined ? row.evidence : evidenceProjection(JSON.parse(row.body))
            if (fact !== null) evidenceRows.push([row.studentId, seq, evidenceInstant(fact), fact])
          }
          inserted.push({ id: row.id, seq, voidsId: row.voidsId, refId: row.refId })
          seq++
        }
        SqliteStore.insertRows(p.insert, statementRows)
        SqliteStore.insertRows(p.index, indexRows)
        SqliteStore.insertRows(p.evidence, evidenceRows)
        for (const row of fresh) for (const sha2 of row.attachmentHashes) p.attachmentLink.run(row.id, sha2)
        for (const row of inserted) {
          if (row.voidsId !== null) {
            for (const target of p.voidTarget.all(row.voidsId, VERB.voided) as { seq: number }[]) p.dropEvidence.run(target.seq)
          }
          // 4. StatementRef filters: inherit the target's keys (when stored) ...
          if (row.refId !== null) {
            const target = p.seqOf.get(row.refId) as { seq: number } | undefined
            if (target) this.copyKeys(p, target.seq, row.seq)
          }
        }
        // ... and hand this statement's keys to statements stored earlier that reference it.
        if (inserted.length > 0) {
          const seqOfId = new Map(inserted.map((r) => [r.id, r.seq]))
          const refs = this.selectIn<{ ref_id: string; seq: number }>((q) => `SELECT ref_id, seq FROM statements WHERE ref_id IN (${q}) ORDER BY seq`, [...seqOfId.keys()])
          for (const ref of refs) {
            const fromSeq = seqOfId.get(ref.ref_id)!
            if (ref.seq !== fromSeq) this.propagate(p, fromSeq, ref.seq, new Set([fromSeq]))
          }
        }
        // 5. Attachments, activity definitions, agents.
        const now = new Date().toISOString()
        for (const a of batch.attachments) p.attachment.run(a.sha2, a.contentType, a.content, now)
        if (batch.activities.length > 0) {
          const current = new Map<string, string>()
          const ids = [...new Set(batch.activities.map((a) => a.id))]
          for (const r of this.selectIn<{ id: string; definition: string }>((q) => `SELECT id, definition FROM activities WHERE id IN (${q})`, ids)) current.set(r.id, r.definition)
          for (const a of batch.activities) {
            const before = current.get(a.id)
            const merged = hooks.mergeDefinition(before, a.definition)
            if (merged !== before) {
              p.upsertActivity.run(a.id, merged, now)
              current.set(a.id, merged)
            }
          }
        }
        if (batch.agents.length > 0) {
          const current = new Map<string, string>()
          const keys = [...new Set(batch.agents.map((a) => a.key))]
          for (const r of this.selectIn<{ key: string; names: string }>((q) => `SELECT key, names FROM agents WHERE key IN (${q})`, keys)) current.set(r.key, r.names)
          for (const a of batch.agents) {
            const text = current.get(a.key)
            const names = text !== undefined ? (JSON.parse(text) as string[]) : []
            if (text !== undefined && (a.name === null || names.includes(a.name))) continue
            if (a.name !== null) names.push(a.name)
            const next = JSON.stringify(names)
            p.upsertAgent.run(a.key, a.ifi, next)
            current.set(a.key, next)
          }
        }
        return { ok: true, inserted: inserted.map((r) => r.id) }
      })()
    } catch (error) {
      // The savepoint is rolled back: so are the keys it created.
      for (const k of created) this.keyIds.delete(k)
      if (error instanceof Conflict) return { ok: false, conflictId: error.conflictId }
      throw error
    }
  }

  /** Filter keys by `kind\u0000value` (kind has no U+0000), as stored in index_keys; never deleted, so a cached id stays right. */
  private readonly keyIds = new Map<string, number>()

  /** The id of a filter key, creating it (inside the caller's transaction; `created` lists what to forget on rollback). */
  private keyIdFor(p: ReturnType<SqliteStore['prepareStatementWrites']>, kind: string, value: string, created: string[]): number {
    const k = `${kind}\u0000${value}`
    let id = this.keyIds.get(k)
    if (id !== undefined) return id
    const found = p.keyId.get(kind, value) as { id: number } | undefined
    if (found) id = found.id
    else {
      id = Number(p.newKey.run(kind, value).lastInsertRowid)
      created.push(k)
    }
    this.keyIds.set(k, id)
    return id
  }

  /** The id of an existing filter key, or undefined (no statement has it). */
  private existingKeyId(kind: string, value: string): number | undefined {
    const p = (this.statementsPrepared ??= this.prepareStatementWrites())
    const k = `${kind}\u0000${value}`
    const cached = this.keyIds.get(k)
    if (cached !== undefined) return cached
    const found = p.keyId.get(kind, value) as { id: number } | undefined
    if (found) this.keyIds.set(k, found.id)
    return found?.id
  }

  private copyKeys(p: ReturnType<SqliteStore['prepareStatementWrites']>, fromSeq: number, toSeq: number): void {
    for (const k of p.keysOf.all(fromSeq) as { key: number }[]) p.index[0].run(k.key, toSeq)
  }

  /** Copies keys from `fromSeq` to `toSeq` and on to everything that references `toSeq`, recursively. */
  private propagate(p: ReturnType<SqliteStore['prepareStatementWrites']>, fromSeq: number, toSeq: number, seen: Set<number>): void {
    if (seen.has(toSeq)) return
    seen.add(toSeq)
    this.copyKeys(p, fromSeq, toSeq)
    const id = (p.idOfSeq.get(toSeq) as { id: string } | undefined)?.id
    if (id === undefined) return
    for (const ref of p.referrers.all(id) as { seq: number }[]) this.propagate(p, toSeq, ref.seq, seen)
  }

  async findStatement(id: string): Promise<StatementRow | undefined> {
    const r = this.db.prepare(`SELECT ${STATEMENT_COLUMNS} FROM statements s WHERE s.id = ?`).get(id) as StatementDb | undefined
    return r && statement(r)
  }

  async queryStatements(q: StatementQuery): Promise<StatementRow[]> {
    const filters: [string, string][] = []
    if (q.agentKey !== undefined) filters.push([q.relatedAgents ? 'related_agent' : 'agent', q.agentKey])
    if (q.activityId !== undefined) filters.push([q.relatedActivities ? 'related_activity' : 'activity', q.activityId])
    if (q.verbId !== undefined) filters.push(['verb', q.verbId])
    if (q.registration !== undefined) filters.push(['registration', q.registration])
    const where: string[] = ['s.voided = 0']
    const params: (string | number)[] = []
    let from = 'statements s'
    let seqColumn = 's.seq'
    const keys: number[] = []
    for (const [kind, value] of filters) {
      const id = this.existingKeyId(kind, value)
      // A key no statement has matches nothing.
      if (id === undefined) return []
      keys.push(id)
    }
    const [drive, ...rest] = keys
    if (drive !== undefined) {
      // Drive the query from the keys (key, seq) so ordering by seq needs no sort.
      from = 'statement_keys i JOIN statements s ON s.seq = i.seq'
      seqColumn = 'i.seq'
      where.push('i.key = ?')
      params.push(drive)
    }
    for (const key of rest) {
      where.push('EXISTS (SELECT 1 FROM statement_keys x WHERE x.key = ? AND x.seq = s.seq)')
      params.push(key)
    }
    if (q.visibleTo !== undefined) {
      const { studentIds, credentialKeys } = q.visibleTo
      const parts: string[] = []
      if (studentIds.length > 0) {
        parts.push(`s.student_id IN (${studentIds.map(() => '?').join(', ')})`)
        params.push(...studentIds)
      }
      if (credentialKeys.length > 0) {
        parts.push(`s.credential_key IN (${credentialKeys.map(() => '?').join(', ')})`)
        params.push(...credentialKeys)
      }
      if (parts.length === 0) return []
      where.push(`(${parts.join(' OR ')})`)
    }
    if (q.since !== undefined) {
      where.push('s.stored > ?')
      params.push(q.since)
    }
    if (q.until !== undefined) {
      where.push('s.stored <= ?')
      params.push(q.until)
    }
    if (q.cursor !== undefined) {
      where.push(q.ascending ? `${seqColumn} > ?` : `${seqColumn} < ?`)
      params.push(q.cursor)
    }
    if (q.maxSeq !== undefined) {
      where.push(`${seqColumn} <= ?`)
      params.push(q.maxSeq)
    }
    const sql = `SELECT ${STATEMENT_COLUMNS} FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${seqColumn} ${q.ascending ? 'ASC' : 'DESC'} LIMIT ?`
    params.push(q.limit)
    return (this.db.prepare(sql).all(...params) as StatementDb[]).map(statement)
  }

  async consistentThrough(now: Date): Promise<string> {
    // One process writes, and a statement is visible as soon as its transaction commits.
    return now.toISOString()
  }

  async lastSeq(): Promise<number> {
    return (this.db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM statements').get() as { seq: number }).seq
  }

  async statementsOfStudents(studentIds: readonly string[]): Promise<StatementRow[]> {
    if (studentIds.length === 0) return []
    const sql = `SELECT ${STATEMENT_COLUMNS} FROM statements s
      WHERE s.voided = 0 AND s.student_id IN (${studentIds.map(() => '?').join(', ')}) ORDER BY s.seq`
    return (this.db.prepare(sql).all(...studentIds) as StatementDb[]).map(statement)
  }

  async findAttachments(sha2s: readonly string[]): Promise<AttachmentRow[]> {
    if (sha2s.length === 0) return []
    const rows = this.db
      .prepare(`SELECT sha2, content_type, content FROM attachments WHERE sha2 IN (${sha2s.map(() => '?').join(', ')})`)
      .all(...sha2s) as { sha2: string; content_type: string; content: Buffer }[]
    return rows.map((r) => ({ sha2: r.sha2, contentType: r.content_type, content: r.content }))
  }

  async findActivities(ids: readonly string[]): Promise<ActivityRow[]> {
    if (ids.length === 0) return []
    const rows = this.db.prepare(`SELECT id, definition, updated FROM activities WHERE id IN (${ids.map(() => '?').join(', ')})`).all(...ids) as ActivityRow[]
    return rows
  }

  async findAgent(key: string): Promise<AgentRow | undefined> {
    const r = this.db.prepare('SELECT key, ifi, names FROM agents WHERE key = ?').get(key) as { key: string; ifi: string; names: string } | undefined
    return r && { key: r.key, ifi: r.ifi, names: JSON.parse(r.names) as string[] }
  }

  async findDocument(key: DocumentKey): Promise<DocumentRow | undefined> {
    const r = this.db
      .prepare(
        'SELECT doc_id, content_type, content, etag, updated FROM documents WHERE kind = ? AND activity_id = ? AND agent_key = ? AND registration = ? AND doc_id = ?',
      )
      .get(key.kind, key.activityId, key.agentKey, key.registration, key.docId) as DocumentDb | undefined
    return r && document(r)
  }

  async listDocumentIds(scope: DocumentScope, since?: string): Promise<string[]> {
    const params: string[] = [scope.kind, scope.activityId, scope.agentKey, scope.registration]
    let sql = 'SELECT doc_id FROM documents WHERE kind = ? AND activity_id = ? AND agent_key = ? AND registration = ?'
    if (since !== undefined) {
      sql += ' AND updated > ?'
      params.push(since)
    }
    return (this.db.prepare(`${sql} ORDER BY doc_id`).all(...params) as { doc_id: string }[]).map((r) => r.doc_id)
  }

  async changeDocument<T>(key: DocumentKey, decide: (current: DocumentRow | undefined) => DocumentDecision<T>): Promise<T> {
    return this.db.transaction((): T => {
      const current = this.db
        .prepare(
          'SELECT doc_id, content_type, content, etag, updated FROM documents WHERE kind = ? AND activity_id = ? AND agent_key = ? AND registration = ? AND doc_id = ?',
        )
        .get(key.kind, key.activityId, key.agentKey, key.registration, key.docId) as DocumentDb | undefined
      const decision = decide(current && document(current))
      if (decision.write === null) {
        this.db
          .prepare('DELETE FROM documents WHERE kind = ? AND activity_id = ? AND agent_key = ? AND registration = ? AND doc_id = ?')
          .run(key.kind, key.activityId, key.agentKey, key.registration, key.docId)
      } else if (decision.write !== undefined) {
        const w = decision.write
        this.db
          .prepare(
            `INSERT INTO documents (kind, activity_id, agent_key, registration, doc_id, content_type, content, etag, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (kind, activity_id, agent_key, registration, doc_id) DO UPDATE SET
               content_type = excluded.content_type, content = excluded.content, etag = excluded.etag, updated = excluded.updated`,
          )
          .run(key.kind, key.activityId, key.agentKey, key.registration, key.docId, w.contentType, w.content, w.etag, w.updated)
      }
      return decision.result
    }).immediate()
  }

  async deleteDocuments(scope: DocumentScope): Promise<number> {
    return this.db
      .prepare('DELETE FROM documents WHERE kind = ? AND activity_id = ? AND agent_key = ? AND registration = ?')
      .run(scope.kind, scope.activityId, scope.agentKey, scope.registration).changes
  }

  /**
   * Rate-limit counters live in memory here: the SQLite store is one process's
   * (several processes share PostgreSQL, whose counters are in the database),
   * and a durable commit per request would cost more than the request itself.
   */
  private readonly hits = new Map<string, number>()

  async countHit(bucket: string, windowStart: string, expireBefore: string): Promise<number> {
    for (const key of this.hits.keys()) {
      const start = key.slice(key.lastIndexOf('\u0000') + 1)
      if (start < expireBefore) this.hits.delete(key)
    }
    const key = `${bucket}\u0000${windowStart}`
    const hits = (this.hits.get(key) ?? 0) + 1
    this.hits.set(key, hits)
    return hits
  }

  async hitsIn(bucket: string, windowStart: string): Promise<number> {
    return this.hits.get(`${bucket}\u0000${windowStart}`) ?? 0
  }

  // ── Teacher workspace ──

  async createInvite(row: InviteRow): Promise<void> {
    this.db
      .prepare('INSERT INTO invites (token_hash, created_by, created_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(row.tokenHash, row.createdBy, row.createdAt, row.expiresAt)
  }

  async redeemInvite(tokenHash: string, now: string, row: TeacherRow): Promise<InviteOutcome> {
    return this.db.transaction((): InviteOutcome => {
      const r = this.db.prepare('SELECT expires_at, used_at FROM invites WHERE token_hash = ?').get(tokenHash) as { expires_at: string; used_at: string | null } | undefined
      if (!r) return { status: 'unknown' }
      if (r.used_at !== null) return { status: 'used' }
      if (r.expires_at <= now) return { status: 'expired' }
      const created = this.db
        .prepare('INSERT OR IGNORE INTO teachers (id, username, password_hash, created_at) VALUES (?, ?, ?, ?)')
        .run(row.id, row.username, row.passwordHash, row.createdAt)
      if (created.changes !== 1) return { status: 'exists' }
      this.db.prepare('UPDATE invites SET used_at = ?, used_by = ? WHERE token_hash = ?').run(now, row.id, tokenHash)
      return { status: 'ok' }
    }).immediate()
  }

  async updateClass(id: string, patch: ClassPatch): Promise<void> {
    if (patch.name !== undefined) this.db.prepare('UPDATE classes SET name = ? WHERE id = ?').run(patch.name, id)
    if (patch.archived !== undefined) this.db.prepare('UPDATE classes SET archived = ? WHERE id = ?').run(patch.archived ? 1 : 0, id)
  }

  async setClassRetention(classId: string, days: number | null): Promise<void> {
    this.db
      .prepare('INSERT INTO class_settings (class_id, retention_days) VALUES (?, ?) ON CONFLICT (class_id) DO UPDATE SET retention_days = excluded.retention_days')
      .run(classId, days)
  }

  async issuerPrivateJwk(): Promise<string | undefined> {
    return (this.db.prepare('SELECT private_jwk FROM issuer_key WHERE id = 1').get() as { private_jwk: string } | undefined)?.private_jwk
  }

  async keepIssuerKey(privateJwk: string, created: string): Promise<string> {
    this.db.prepare('INSERT INTO issuer_key (id, private_jwk, created) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING').run(privateJwk, created)
    return (await this.issuerPrivateJwk())!
  }

  async classRetention(classId: string): Promise<number | null> {
    const r = this.db.prepare('SELECT retention_days FROM class_settings WHERE class_id = ?').get(classId) as { retention_days: number | null } | undefined
    return r?.retention_days ?? null
  }

  async listRetentionPolicies(): Promise<RetentionPolicy[]> {
    return (
      this.db.prepare('SELECT class_id, retention_days FROM class_settings WHERE retention_days IS NOT NULL ORDER BY class_id').all() as {
        class_id: string
        retention_days: number
      }[]
    ).map((r) => ({ classId: r.class_id, days: r.retention_days }))
  }

  async revokeStudentCredentials(studentId: string, now: string): Promise<number> {
    return this.db.prepare('UPDATE credentials SET revoked_at = ? WHERE student_id = ? AND revoked_at IS NULL').run(now, studentId).changes
  }

  /** Deletes statements by seq with their index rows and links; returns the attachment sha2s they linked. */
  private deleteStatementSeqs(rows: readonly { seq: number; id: string }[]): { statements: number; attachments: number } {
    const index = this.db.prepare('DELETE FROM statement_keys WHERE seq = ?')
    const evidence = this.db.prepare('DELETE FROM statement_evidence WHERE seq = ?')
    const links = this.db.prepare('SELECT sha2 FROM statement_attachments WHERE statement_id = ?')
    const unlink = this.db.prepare('DELETE FROM statement_attachments WHERE statement_id = ?')
    const remove = this.db.prepare('DELETE FROM statements WHERE seq = ?')
    const orphan = this.db.prepare('DELETE FROM attachments WHERE sha2 = ? AND NOT EXISTS (SELECT 1 FROM statement_attachments WHERE sha2 = ?)')
    const hashes = new Set<string>()
    let statements = 0
    for (const r of rows) {
      index.run(r.seq)
      evidence.run(r.seq)
      for (const l of links.all(r.id) as { sha2: string }[]) hashes.add(l.sha2)
      unlink.run(r.id)
      statements += remove.run(r.seq).changes
    }
    let attachments = 0
    for (const sha2 of hashes) attachments += orphan.run(sha2, sha2).changes
    return { statements, attachments }
  }

  async deleteStudent(studentId: string, agentKey: string): Promise<DeletionCounts> {
    return this.db.transaction((): DeletionCounts => {
      const rows = this.db
        .prepare(
          `SELECT seq, id FROM statements WHERE student_id = ?
           UNION SELECT s.seq, s.id FROM index_keys k JOIN statement_keys i ON i.key = k.id JOIN statements s ON s.seq = i.seq WHERE k.kind IN ('agent', 'related_agent') AND k.value = ?`,
        )
        .all(studentId, agentKey) as { seq: number; id: string }[]
      const removed = this.deleteStatementSeqs(rows)
      const documents = this.db.prepare("DELETE FROM documents WHERE agent_key = ? AND kind IN ('state', 'agent-profile')").run(agentKey).changes
      this.db.prepare('DELETE FROM agents WHERE key = ?').run(agentKey)
      const credentials = this.db.prepare('DELETE FROM credentials WHERE student_id = ?').run(studentId).changes
      const pairingCodes = this.db.prepare('DELETE FROM pairing_codes WHERE student_id = ?').run(studentId).changes
      this.db.prepare('DELETE FROM students WHERE id = ?').run(studentId)
      return { statements: removed.statements, documents, attachments: removed.attachments, credentials, pairingCodes }
    }).immediate()
  }

  async deleteStatementsStoredBefore(studentIds: readonly string[], before: string): Promise<number> {
    if (studentIds.length === 0) return 0
    return this.db.transaction((): number => {
      const rows = this.db
        .prepare(`SELECT seq, id FROM statements WHERE stored < ? AND student_id IN (${studentIds.map(() => '?').join(', ')})`)
        .all(before, ...studentIds) as { seq: number; id: string }[]
      return this.deleteStatementSeqs(rows).statements
    }).immediate()
  }

  async countStatements(studentIds: readonly string[], maxSeq: number): Promise<number> {
    if (studentIds.length === 0) return 0
    const sql = `SELECT count(*) AS n FROM statements WHERE voided = 0 AND seq <= ? AND student_id IN (${studentIds.map(() => '?').join(', ')})`
    return (this.db.prepare(sql).get(maxSeq, ...studentIds) as { n: number }).n
  }

  async documentsOfAgent(agentKey: string): Promise<(DocumentKey & DocumentRow)[]> {
    const rows = this.db
      .prepare(
        "SELECT kind, activity_id, agent_key, registration, doc_id, content_type, content, etag, updated FROM documents WHERE agent_key = ? AND kind IN ('state', 'agent-profile') ORDER BY kind, activity_id, registration, doc_id",
      )
      .all(agentKey) as (DocumentDb & { kind: DocumentKey['kind']; activity_id: string; agent_key: string; registration: string })[]
    return rows.map((r) => ({ ...document(r), kind: r.kind, activityId: r.activity_id, agentKey: r.agent_key, registration: r.registration }))
  }

  async evidenceProjections(studentIds: readonly string[]): Promise<string[]> {
    if (studentIds.length === 0) return []
    return this.selectIn<string>((q) => `SELECT fact FROM statement_evidence WHERE student_id IN (${q}) ORDER BY ts, fact`, [...studentIds], [], true)
  }
}
