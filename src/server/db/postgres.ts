/**
 * The PostgreSQL Store (chosen by DATABASE_URL). Behaves exactly as the SQLite
 * store (sqlite.ts) does; the same behaviour suite runs against both.
 *
 * Several server processes may share one database and must behave as one LRS.
 * What makes that true:
 *
 * - Migrations run under a session advisory lock (pg_advisory_lock), each in
 *   its own transaction and recorded in `migrations`, so processes that start
 *   at once apply each migration exactly once, in order.
 *
 * - Statement order. `seq` is an identity column, the paging cursor and the
 *   order of every statement list. A sequence alone is not enough across
 *   transactions: two writers can take seq 10 and 11, and 11 may commit first;
 *   a reader paging past 11 would then never see 10 (the classic gap from a
 *   concurrent uncommitted transaction). So every statement write takes a
 *   transaction-level advisory lock before it draws seq values and holds it to
 *   COMMIT. Writers are serialised (a batch of 100 is one multi-row INSERT, a
 *   few milliseconds), seq order is commit order, and what any snapshot sees is
 *   a prefix of the seq order (with harmless holes left by rolled-back
 *   batches). Hence `more` paging is exact: descending pages never gain rows
 *   below the cursor, ascending pages only gain rows after it.
 *
 * - X-Experience-API-Consistent-Through. `stored` is set by the service before
 *   the write reaches the database, so a statement can carry a `stored` time
 *   earlier than its commit. A write whose transaction reaches COMMIT more than
 *   `writeWindowMs` after its `stored` time is rolled back (503, retry) and the
 *   wait for the lock is bounded by the same window (lock_timeout), so every
 *   statement stored at T is committed, or never will be, by about
 *   T + writeWindowMs. `consistentThrough(now)` answers now - writeWindowMs -
 *   commitMarginMs: every statement with `stored` up to that instant is visible
 *   (assuming a COMMIT finishes within the margin and the servers' clocks agree
 *   to within it).
 *
 * - Idempotency under concurrency: INSERT … ON CONFLICT (id) DO NOTHING, then
 *   the stored body of each id that was not inserted is compared with the
 *   incoming one (`same`); any difference rolls the whole batch back (409). Two
 *   processes posting the same id at once: one stores it, the other sees it
 *   stored and answers no-change (or 409 when the content differs), never 500.
 */
import { createHash } from 'node:crypto'
import pg from 'pg'
import { VERB } from '../../core/xapi/vocabulary.js'
import { ConfigError } from '../config.js'
import { LrsError } from '../lrs/service.js'
import { evidenceInstant, evidenceProjection, evidenceProjectionOfBody, PROJECTED_VERBS } from './evidence.js'
import type { Migration } from './migrations.js'
import { POSTGRES_MIGRATIONS } from './postgres-migrations.js'
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

const { Pool } = pg
type Pool = pg.Pool
type Client = pg.PoolClient | pg.Client

/** pg_advisory_lock keys (any 64-bit numbers unique to Fathom). */
const MIGRATION_LOCK = 7_310_164_273_001n
const STATEMENT_WRITE_LOCK = 7_310_164_273_002n
/** Class id of the two-key advisory locks on one document (the second key hashes the document key). */
const DOCUMENT_LOCK_CLASS = 731_016

export interface PostgresOptions {
  /** The server's clock (tests inject one); used for the write window. */
  readonly now?: () => Date
  /** Connections in the pool (FATHOM_PG_POOL_MAX, default 10). */
  readonly poolMax?: number
  /** A statement write must reach COMMIT within this many ms of its `stored` time (default 2000). */
  readonly writeWindowMs?: number
  /** Allowance for COMMIT itself and clock differences between servers (default 3000). */
  readonly commitMarginMs?: number
  readonly migrations?: readonly Migration[]
}

interface TeacherDb { id: string; username: string; password_hash: string; created_at: string }
interface SessionDb { token_hash: string; teacher_id: string; created_at: string; expires_at: string }
interface ClassDb { id: string; teacher_id: string; name: string; created_at: string; archived: boolean }
interface StudentDb { id: string; class_id: string; display_name: string; created_at: string }
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
interface StatementDb { id: string; seq: string; student_id: string | null; credential_key: string | null; verb_id: string; stored: string; voided: boolean; body: string }
interface DocumentDb { doc_id: string; content_type: string; content: Buffer; etag: string; updated: string }

const teacher = (r: TeacherDb): TeacherRow => ({ id: r.id, username: r.username, passwordHash: r.password_hash, createdAt: r.created_at })
const klass = (r: ClassDb): ClassRow => ({ id: r.id, teacherId: r.teacher_id, name: r.name, createdAt: r.created_at, archived: r.archived })
const student = (r: StudentDb): StudentRow => ({ id: r.id, classId: r.class_id, displayName: r.display_name, createdAt: r.created_at })
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
const statement = (r: StatementDb): StatementRow => ({
  id: r.id,
  seq: Number(r.seq),
  studentId: r.student_id,
  credentialKey: r.credential_key,
  verbId: r.verb_id,
  stored: r.stored,
  voided: r.voided,
  body: r.body,
})
const document = (r: DocumentDb): DocumentRow => ({ docId: r.doc_id, contentType: r.content_type, content: r.content, etag: r.etag, updated: r.updated })

const INDEX_KINDS = {
  agents: 'agent',
  relatedAgents: 'related_agent',
  activities: 'activity',
  relatedActivities: 'related_activity',
  verbs: 'verb',
  registrations: 'registration',
} as const

const STATEMENT_COLUMNS = 's.id, s.seq, s.student_id, s.credential_key, s.verb_id, s.stored, s.voided, s.body'

/**
 * PostgreSQL text cannot hold U+0000, which SQLite stores happily (and which
 * lrs/agents.ts#actorKey uses as a separator; a stateId may carry one too). Every
 * string parameter is escaped, injectively: U+0001 -> U+0001 U+0001,
 * U+0000 -> U+0001 U+0002; every string read back is unescaped. Equality and
 * order are kept, except the relative order of strings that differ at a U+0000
 * or U+0001 character.
 */
const ESC = '\u0001'
export function encodeText(value: string): string {
  if (!value.includes('\u0000') && !value.includes(ESC)) return value
  return value.replace(/[\u0000\u0001]/g, (c) => (c === ESC ? '\u0001\u0001' : '\u0001\u0002'))
}
export function decodeText(value: string): string {
  if (!value.includes(ESC)) return value
  return value.replace(/\u0001([\u0001\u0002])/g, (_, c: string) => (c === ESC ? ESC : '\u0000'))
}
function encodeParam(value: unknown): unknown {
  if (typeof value === 'string') return encodeText(value)
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? encodeText(v) : v))
  return value
}
function decodeRow<T extends pg.QueryResultRow>(row: T): T {
  for (const k of Object.keys(row)) {
    const v = row[k] as unknown
    if (typeof v === 'string' && v.includes(ESC)) (row as Record<string, unknown>)[k] = decodeText(v)
  }
  return row
}

/** A named (server-side prepared, once per connection) query, its strings escaped (see encodeText). */
function named(text: string, values: unknown[]): pg.QueryConfig {
  return { name: `f_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`, text, values: values.map(encodeParam) }
}

/** Where a URL points, without its password, for messages. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url)
    return `${u.protocol}//${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.host}${u.pathname}`
  } catch {
    return '(unparseable DATABASE_URL)'
  }
}

/** Applies pending migrations in order, each in its own transaction, under an advisory lock. */
export async function migratePostgres(client: Client, migrations: readonly Migration[] = POSTGRES_MIGRATIONS): Promise<number[]> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK.toString()])
  try {
    await client.query('CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)')
    const applied = new Set((await client.query<{ version: number }>('SELECT version FROM migrations')).rows.map((r) => r.version))
    const done: number[] = []
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue
      await client.query('BEGIN')
      try {
        await client.query(migration.sql)
        if (migration.backfill === 'evidence') await backfillEvidence(client)
        await client.query('INSERT INTO migrations (version, name, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.name, new Date().toISOString()])
        await client.query('COMMIT')
      } catch (error) {
        await client.query('ROLLBACK')
        throw new Error(`PostgreSQL migration ${migration.version} (${migration.name}) failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
      }
      done.push(migration.version)
    }
    return done
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK.toString()])
  }
}

/** Fills statement_evidence from the stored statements (migration 4), in chunks by seq. */
async function backfillEvidence(client: Client): Promise<void> {
  const verbs = [...PROJECTED_VERBS]
  let after = 0
  for (;;) {
    const rows = (
      await client.query<{ seq: string; student_id: string; verb_id: string; body: string }>(
        named(
          `SELECT seq, student_id, verb_id, body FROM statements
           WHERE seq > $1::bigint AND NOT voided AND student_id IS NOT NULL AND verb_id = ANY($2::text[]) ORDER BY seq LIMIT 2000`,
          [after, verbs],
        ),
      )
    ).rows.map(decodeRow)
    if (rows.length === 0) return
    const students: string[] = []
    const seqs: string[] = []
    const instants: (number | null)[] = []
    const facts: string[] = []
    for (const r of rows) {
      const fact = evidenceProjectionOfBody(r.verb_id, r.body)
      if (fact === null) continue
      students.push(r.student_id)
      seqs.push(r.seq)
      instants.push(evidenceInstant(fact))
      facts.push(fact)
    }
    if (facts.length > 0) {
      await client.query(
        named(
          'INSERT INTO statement_evidence (student_id, seq, ts, fact) SELECT * FROM unnest($1::text[], $2::bigint[], $3::float8[], $4::text[]) ON CONFLICT DO NOTHING',
          [students, seqs, instants, facts],
        ),
      )
    }
    after = Number(rows[rows.length - 1]!.seq)
  }
}

class Conflict extends Error {
  constructor(readonly conflictId: string) {
    super('conflict')
  }
}

export class PostgresStore implements Store {
  private readonly pool: Pool
  private readonly now: () => Date
  private readonly writeWindowMs: number
  private readonly commitMarginMs: number
  private closed = false

  private constructor(pool: Pool, options: PostgresOptions) {
    this.pool = pool
    this.now = options.now ?? (() => new Date())
    this.writeWindowMs = options.writeWindowMs ?? 2000
    this.commitMarginMs = options.commitMarginMs ?? 3000
  }

  /** Connects to DATABASE_URL and migrates. Throws ConfigError when the database cannot be reached. */
  static async open(url: string, options: PostgresOptions = {}): Promise<PostgresStore> {
    const pool = new Pool({
      connectionString: url,
      max: options.poolMax ?? (Number(process.env.FATHOM_PG_POOL_MAX) || 10),
      application_name: 'fathom',
      connectionTimeoutMillis: 10_000,
    })
    // An idle connection dropped by the server must not crash the process; the pool replaces it.
    // (pool.end() does not wait for the sockets to close: errors after close() are not news.)
    let store: PostgresStore | undefined
    pool.on('error', (error) => {
      if (!store?.closed) console.error(`PostgreSQL connection error (${describeDatabaseUrl(url)}): ${error.message}`)
    })
    let client: pg.PoolClient
    try {
      client = await pool.connect()
    } catch (error) {
      await pool.end().catch(() => undefined)
      throw new ConfigError(`Could not connect to PostgreSQL at ${describeDatabaseUrl(url)}: ${error instanceof Error ? error.message : String(error)}`)
    }
    try {
      await migratePostgres(client, options.migrations)
    } catch (error) {
      client.release(true)
      await pool.end().catch(() => undefined)
      throw error
    }
    client.release()
    store = new PostgresStore(pool, options)
    return store
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.pool.end()
  }

  /**
   * The instant up to which every stored statement is visible to queries (the
   * X-Experience-API-Consistent-Through header); see the comment at the top.
   */
  async consistentThrough(now: Date): Promise<string> {
    return new Date(now.getTime() - this.writeWindowMs - this.commitMarginMs).toISOString()
  }

  private async rows<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
    return (await this.pool.query<T>(named(text, values))).rows.map(decodeRow)
  }

  private async one<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T | undefined> {
    return (await this.rows<T>(text, values))[0]
  }

  private async transaction<T>(fn: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    const client = await this.pool.connect()
    let broken = false
    try {
      await client.query(begin)
      const result = await fn(client)
      await client.query('COMMIT')
      return result
    } catch (error) {
      try {
        await client.query('ROLLBACK')
      } catch {
        broken = true
      }
      throw error
    } finally {
      client.release(broken)
    }
  }

  async createTeacher(row: TeacherRow): Promise<boolean> {
    const result = await this.pool.query(
      named('INSERT INTO teachers (id, username, password_hash, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
        row.id,
        row.username,
        row.passwordHash,
        row.createdAt,
      ]),
    )
    return result.rowCount === 1
  }

  async findTeacherByUsername(username: string): Promise<TeacherRow | undefined> {
    const r = await this.one<TeacherDb>('SELECT * FROM teachers WHERE username = $1', [username])
    return r && teacher(r)
  }

  async findTeacherById(id: string): Promise<TeacherRow | undefined> {
    const r = await this.one<TeacherDb>('SELECT * FROM teachers WHERE id = $1', [id])
    return r && teacher(r)
  }

  async listTeachers(): Promise<TeacherRow[]> {
    return (await this.rows<TeacherDb>('SELECT * FROM teachers ORDER BY created_at, username')).map(teacher)
  }

  async countTeachers(): Promise<number> {
    return (await this.one<{ n: number }>('SELECT count(*)::int AS n FROM teachers'))?.n ?? 0
  }

  async setTeacherPassword(id: string, passwordHash: string): Promise<void> {
    await this.pool.query(named('UPDATE teachers SET password_hash = $1 WHERE id = $2', [passwordHash, id]))
  }

  async createSession(row: SessionRow): Promise<void> {
    await this.pool.query(
      named('INSERT INTO sessions (token_hash, teacher_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [row.tokenHash, row.teacherId, row.createdAt, row.expiresAt]),
    )
  }

  async findSession(tokenHash: string, now: string): Promise<SessionRow | undefined> {
    const r = await this.one<SessionDb>('SELECT * FROM sessions WHERE token_hash = $1 AND expires_at > $2', [tokenHash, now])
    return r && { tokenHash: r.token_hash, teacherId: r.teacher_id, createdAt: r.created_at, expiresAt: r.expires_at }
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.pool.query(named('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]))
  }

  async deleteSessionsForTeacher(teacherId: string): Promise<void> {
    await this.pool.query(named('DELETE FROM sessions WHERE teacher_id = $1', [teacherId]))
  }

  async createClass(row: ClassRow): Promise<void> {
    await this.pool.query(
      named('INSERT INTO classes (id, teacher_id, name, created_at, archived) VALUES ($1, $2, $3, $4, $5)', [row.id, row.teacherId, row.name, row.createdAt, row.archived]),
    )
  }

  async listClasses(teacherId: string): Promise<ClassRow[]> {
    return (await this.rows<ClassDb>('SELECT * FROM classes WHERE teacher_id = $1 ORDER BY created_at, ord', [teacherId])).map(klass)
  }

  async findClass(id: string): Promise<ClassRow | undefined> {
    const r = await this.one<ClassDb>('SELECT * FROM classes WHERE id = $1', [id])
    return r && klass(r)
  }

  async createStudent(row: StudentRow): Promise<void> {
    await this.pool.query(
      named('INSERT INTO students (id, class_id, display_name, created_at) VALUES ($1, $2, $3, $4)', [row.id, row.classId, row.displayName, row.createdAt]),
    )
  }

  async listStudents(classId: string): Promise<StudentRow[]> {
    return (await this.rows<StudentDb>('SELECT * FROM students WHERE class_id = $1 ORDER BY created_at, ord', [classId])).map(student)
  }

  async findStudent(id: string): Promise<StudentWithOwner | undefined> {
    const r = await this.one<StudentDb & { teacher_id: string }>(
      'SELECT s.id, s.class_id, s.display_name, s.created_at, c.teacher_id FROM students s JOIN classes c ON c.id = s.class_id WHERE s.id = $1',
      [id],
    )
    return r && { ...student(r), teacherId: r.teacher_id }
  }

  async lastStoredByStudent(studentIds: readonly string[]): Promise<Map<string, string>> {
    const result = new Map<string, string>()
    if (studentIds.length === 0) return result
    const rows = await this.rows<{ student_id: string; stored: string }>(
      'SELECT student_id, max(stored) AS stored FROM statements WHERE student_id = ANY($1::text[]) GROUP BY student_id',
      [[...studentIds]],
    )
    const byId = new Map(rows.map((r) => [r.student_id, r.stored]))
    // In the order asked, as SQLite answers.
    for (const id of studentIds) {
      const stored = byId.get(id)
      if (stored) result.set(id, stored)
    }
    return result
  }

  async replacePairingCode(row: PairingCodeRow): Promise<void> {
    await this.transaction(async (client) => {
      await client.query(named('DELETE FROM pairing_codes WHERE student_id = $1 AND used_at IS NULL', [row.studentId]))
      await client.query(
        named(
          `INSERT INTO pairing_codes (code_hash, student_id, created_at, expires_at, used_at) VALUES ($1, $2, $3, $4, NULL)
           ON CONFLICT (code_hash) DO UPDATE SET student_id = EXCLUDED.student_id, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at, used_at = NULL`,
          [row.codeHash, row.studentId, row.createdAt, row.expiresAt],
        ),
      )
    })
  }

  async consumePairingCode(codeHash: string, now: string): Promise<PairingOutcome> {
    // One atomic conditional UPDATE: of two concurrent consumers exactly one matches.
    const won = await this.one<{ student_id: string }>(
      'UPDATE pairing_codes SET used_at = $2 WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING student_id',
      [codeHash, now],
    )
    if (won) return { status: 'ok', studentId: won.student_id }
    const r = await this.one<{ expires_at: string; used_at: string | null }>('SELECT expires_at, used_at FROM pairing_codes WHERE code_hash = $1', [codeHash])
    if (!r) return { status: 'unknown' }
    if (r.used_at !== null) return { status: 'used' }
    return { status: 'expired' }
  }

  async studentIdsOfTeacher(teacherId: string): Promise<string[]> {
    return (
      await this.rows<{ id: string }>('SELECT s.id FROM students s JOIN classes c ON c.id = s.class_id WHERE c.teacher_id = $1 ORDER BY s.created_at, s.ord', [teacherId])
    ).map((r) => r.id)
  }

  async createCredential(row: CredentialRow): Promise<void> {
    await this.pool.query(
      named('INSERT INTO credentials (key, secret_hash, student_id, teacher_id, label, scopes, created_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
        row.key,
        row.secretHash,
        row.studentId,
        row.teacherId,
        row.label,
        row.scopes.join(' '),
        row.createdAt,
        row.revokedAt,
      ]),
    )
  }

  async findCredential(key: string): Promise<CredentialRow | undefined> {
    const r = await this.one<CredentialDb>('SELECT * FROM credentials WHERE key = $1', [key])
    return r && credential(r)
  }

  async listCredentials(filter: CredentialFilter): Promise<CredentialRow[]> {
    const where: string[] = []
    const params: string[] = []
    if (filter.teacherId !== undefined) {
      params.push(filter.teacherId)
      where.push(`teacher_id = $${params.length}`)
    }
    if (filter.systemOnly) where.push('teacher_id IS NULL AND student_id IS NULL')
    if (!filter.includeStudent) where.push('student_id IS NULL')
    const sql = `SELECT * FROM credentials ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, ord`
    return (await this.rows<CredentialDb>(sql, params)).map(credential)
  }

  async revokeCredential(key: string, now: string): Promise<boolean> {
    const result = await this.pool.query(named('UPDATE credentials SET revoked_at = $1 WHERE key = $2 AND revoked_at IS NULL', [now, key]))
    return result.rowCount === 1
  }

  async insertStatements(batch: StatementBatch, hooks: StatementBatchHooks): Promise<InsertOutcome> {
    const rows = batch.statements
    if (rows.length === 0 && batch.attachments.length === 0 && batch.activities.length === 0 && batch.agents.length === 0) return { ok: true, inserted: [] }
    const oldestStored = rows.length > 0 ? Math.min(...rows.map((r) => Date.parse(r.stored))) : Number.NaN
    const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k])
    try {
      return await this.transaction(
        async (client): Promise<InsertOutcome> => {
          // 1-2. New statements take seq values in request order, under the writers' lock
          // (so seq order is commit order, see the top of this file); ids already stored are skipped.
          const seqOf = new Map<string, number>()
          if (rows.length > 0) {
            const result = await client.query<{ id: string; seq: string }>(
              named(
                `INSERT INTO statements (id, student_id, actor_key, verb_id, activity_id, registration, voids_id, ref_id, credential_key, stored, body)
                 SELECT id, student_id, actor_key, verb_id, activity_id, registration, voids_id, ref_id, credential_key, stored, body
                 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
                   WITH ORDINALITY AS u(id, student_id, actor_key, verb_id, activity_id, registration, voids_id, ref_id, credential_key, stored, body, ord)
                 ORDER BY ord
                 ON CONFLICT (id) DO NOTHING
                 RETURNING id, seq`,
                [
                  col('id'),
                  col('studentId'),
                  col('actorKey'),
                  col('verbId'),
                  col('activityId'),
                  col('registration'),
                  col('voidsId'),
                  col('refId'),
                  col('credentialKey'),
                  col('stored'),
                  col('body'),
                ],
              ),
            )
            for (const r of result.rows.map(decodeRow)) seqOf.set(r.id, Number(r.seq))
          }
          const inserted = rows.filter((r) => seqOf.has(r.id))
          if (inserted.length < rows.length) {
            // 1. Stored before (by anyone, in any process): the same statement, or a conflict.
            const existingIds = rows.filter((r) => !seqOf.has(r.id)).map((r) => r.id)
            const existing = new Map(
              (await client.query<{ id: string; body: string }>(named('SELECT id, body FROM statements WHERE id = ANY($1::text[])', [existingIds]))).rows.map(decodeRow).map((r) => [
                r.id,
                r.body,
              ]),
            )
            for (const row of rows) {
              if (seqOf.has(row.id)) continue
              const body = existing.get(row.id)
              if (body === undefined || !hooks.same(body, row)) throw new Conflict(row.id)
            }
          }
          if (inserted.length > 0) {
            // Index keys and attachment links of the new statements.
            const kinds: string[] = []
            const values: string[] = []
            const seqs: number[] = []
            const linkIds: string[] = []
            const linkHashes: string[] = []
            for (const row of inserted) {
              const seq = seqOf.get(row.id) as number
              for (const [field, kind] of Object.entries(INDEX_KINDS) as [keyof typeof INDEX_KINDS, string][]) {
                for (const value of row.index[field]) {
                  kinds.push(kind)
                  values.push(value)
                  seqs.push(seq)
                }
              }
              for (const sha2 of row.attachmentHashes) {
                linkIds.push(row.id)
                linkHashes.push(sha2)
              }
            }
            if (kinds.length > 0) {
              await client.query(
                named(
                  'INSERT INTO statement_index (kind, value, seq) SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) ON CONFLICT DO NOTHING',
                  [kinds, values, seqs],
                ),
              )
            }
            if (linkIds.length > 0) {
              await client.query(
                named('INSERT INTO statement_attachments (statement_id, sha2) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING', [linkIds, linkHashes]),
              )
            }
            // The evidence projection (db/evidence.ts) of the new statements; voided ones lose it below.
            const evidenceStudents: string[] = []
            const evidenceSeqs: number[] = []
            const evidenceInstants: (number | null)[] = []
            const evidenceFacts: string[] = []
            for (const row of inserted) {
              if (row.studentId === null || !PROJECTED_VERBS.has(row.verbId)) continue
              const fact = row.evidence !== undefined ? row.evidence : evidenceProjection(JSON.parse(row.body))
              if (fact === null) continue
              evidenceStudents.push(row.studentId)
              evidenceSeqs.push(seqOf.get(row.id) as number)
              evidenceInstants.push(evidenceInstant(fact))
              evidenceFacts.push(fact)
            }
            if (evidenceFacts.length > 0) {
              await client.query(
                named(
                  'INSERT INTO statement_evidence (student_id, seq, ts, fact) SELECT * FROM unnest($1::text[], $2::bigint[], $3::float8[], $4::text[]) ON CONFLICT DO NOTHING',
                  [evidenceStudents, evidenceSeqs, evidenceInstants, evidenceFacts],
                ),
              )
            }

            // 3. Voiding: a new voiding statement voids its target unless the target is itself
            // a voiding statement; a new statement that an earlier voiding statement targets is
            // stored voided (void before target, offline clients).
            const voided = await client.query<{ seq: string }>(
              named(
                `UPDATE statements s SET voided = true
                 WHERE NOT s.voided AND s.verb_id <> $1 AND (
                   s.id = ANY($2::text[])
                   OR (s.id = ANY($3::text[]) AND EXISTS (SELECT 1 FROM statements v WHERE v.voids_id = s.id AND v.verb_id = $1)))
                 RETURNING s.seq`,
                [VERB.voided, inserted.filter((r) => r.voidsId !== null).map((r) => r.voidsId), inserted.filter((r) => r.voidsId === null).map((r) => r.id)],
              ),
            )
            if (voided.rows.length > 0) {
              await client.query(named('DELETE FROM statement_evidence WHERE seq = ANY($1::bigint[])', [voided.rows.map((r) => r.seq)]))
            }

            // 4. StatementRef filters: inherit the target's keys (when stored) ...
            for (const row of inserted) {
              if (row.refId === null) continue
              await client.query(
                named(
                  `INSERT INTO statement_index (kind, value, seq)
                   SELECT i.kind, i.value, $2::bigint FROM statements t JOIN statement_index i ON i.seq = t.seq WHERE t.id = $1
                   ON CONFLICT DO NOTHING`,
                  [row.refId, seqOf.get(row.id)],
                ),
              )
            }
            // ... and hand each new statement's keys to statements that reference it, recursively.
            const referrers = await client.query<{ ref_id: string; seq: string }>(
              named('SELECT ref_id, seq FROM statements WHERE ref_id = ANY($1::text[])', [inserted.map((r) => r.id)]),
            )
            for (const ref of referrers.rows.map(decodeRow)) {
              const fromSeq = seqOf.get(ref.ref_id) as number
              if (Number(ref.seq) !== fromSeq) await this.propagate(client, fromSeq, Number(ref.seq), new Set([fromSeq]))
            }
          }

          // 5. Attachments (an existing sha2 is kept), activity definitions, agents.
          const now = new Date().toISOString()
          for (const a of batch.attachments) {
            await client.query(
              named('INSERT INTO attachments (sha2, content_type, content, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (sha2) DO NOTHING', [
                a.sha2,
                a.contentType,
                a.content,
                now,
              ]),
            )
          }
          if (batch.activities.length > 0) {
            const ids = [...new Set(batch.activities.map((a) => a.id))]
            const current = new Map(
              (await client.query<{ id: string; definition: string }>(named('SELECT id, definition FROM activities WHERE id = ANY($1::text[])', [ids]))).rows.map(decodeRow).map((r) => [
                r.id,
                r.definition,
              ]),
            )
            const changed = new Set<string>()
            for (const a of batch.activities) {
              const before = current.get(a.id)
              const merged = hooks.mergeDefinition(before, a.definition)
              if (merged !== before) {
                current.set(a.id, merged)
                changed.add(a.id)
              }
            }
            if (changed.size > 0) {
              const list = [...changed]
              await client.query(
                named(
                  `INSERT INTO activities (id, definition, updated) SELECT id, definition, $3 FROM unnest($1::text[], $2::text[]) AS u(id, definition)
                   ON CONFLICT (id) DO UPDATE SET definition = EXCLUDED.definition, updated = EXCLUDED.updated`,
                  [list, list.map((id) => current.get(id)), now],
                ),
              )
            }
          }
          if (batch.agents.length > 0) {
            const keys = [...new Set(batch.agents.map((a) => a.key))]
            const current = new Map(
              (await client.query<{ key: string; names: string }>(named('SELECT key, names FROM agents WHERE key = ANY($1::text[])', [keys]))).rows.map(decodeRow).map((r) => [
                r.key,
                JSON.parse(r.names) as string[],
              ]),
            )
            const changed = new Map<string, { ifi: string; names: string[] }>()
            for (const a of batch.agents) {
              const names = current.get(a.key)
              if (names && (a.name === null || names.includes(a.name))) continue
              const next = names ?? []
              if (a.name !== null) next.push(a.name)
              current.set(a.key, next)
              // The ifi is written only when the agent is new (an update changes names only).
              changed.set(a.key, { ifi: changed.get(a.key)?.ifi ?? a.ifi, names: next })
            }
            if (changed.size > 0) {
              const list = [...changed]
              await client.query(
                named(
                  `INSERT INTO agents (key, ifi, names) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
                   ON CONFLICT (key) DO UPDATE SET names = EXCLUDED.names`,
                  [list.map(([k]) => k), list.map(([, v]) => v.ifi), list.map(([, v]) => JSON.stringify(v.names))],
                ),
              )
            }
          }

          // The write window (see the top of this file): too late to commit means not stored.
          if (this.now().getTime() - oldestStored > this.writeWindowMs) throw busy()
          return { ok: true, inserted: inserted.map((r) => r.id) }
        },
        // lock_timeout bounds the wait for the writers' lock by the write window.
        `BEGIN; SET LOCAL lock_timeout = ${Math.max(1, Math.floor(this.writeWindowMs))}; SELECT pg_advisory_xact_lock(${STATEMENT_WRITE_LOCK})`,
      )
    } catch (error) {
      if (error instanceof Conflict) return { ok: false, conflictId: error.conflictId }
      if ((error as { code?: string }).code === '55P03') throw busy()
      throw error
    }
  }

  /** Copies keys from `fromSeq` to `toSeq` and on to everything that references `toSeq`, recursively. */
  private async propagate(client: pg.PoolClient, fromSeq: number, toSeq: number, seen: Set<number>): Promise<void> {
    if (seen.has(toSeq)) return
    seen.add(toSeq)
    await client.query(
      named('INSERT INTO statement_index (kind, value, seq) SELECT kind, value, $2::bigint FROM statement_index WHERE seq = $1 ON CONFLICT DO NOTHING', [fromSeq, toSeq]),
    )
    const refs = await client.query<{ seq: string }>(named('SELECT r.seq FROM statements t JOIN statements r ON r.ref_id = t.id WHERE t.seq = $1', [toSeq]))
    for (const ref of refs.rows) await this.propagate(client, toSeq, Number(ref.seq), seen)
  }

  async findStatement(id: string): Promise<StatementRow | undefined> {
    const r = await this.one<StatementDb>(`SELECT ${STATEMENT_COLUMNS} FROM statements s WHERE s.id = $1`, [id])
    return r && statement(r)
  }

  async queryStatements(q: StatementQuery): Promise<StatementRow[]> {
    const params: unknown[] = []
    const param = (value: unknown, cast = '') => {
      params.push(value)
      return `$${params.length}${cast}`
    }
    const filters: [string, string][] = []
    if (q.agentKey !== undefined) filters.push([q.relatedAgents ? 'related_agent' : 'agent', q.agentKey])
    if (q.activityId !== undefined) filters.push([q.relatedActivities ? 'related_activity' : 'activity', q.activityId])
    if (q.verbId !== undefined) filters.push(['verb', q.verbId])
    if (q.registration !== undefined) filters.push(['registration', q.registration])
    const where: string[] = ['NOT s.voided']
    let from = 'statements s'
    let seqColumn = 's.seq'
    const [drive, ...rest] = filters
    if (drive) {
      // Drive the query from the index (kind, value, seq) so ordering by seq needs no sort.
      from = 'statement_index i JOIN statements s ON s.seq = i.seq'
      seqColumn = 'i.seq'
      where.push(`i.kind = ${param(drive[0])}`, `i.value = ${param(drive[1])}`)
    }
    for (const [kind, value] of rest) {
      where.push(`EXISTS (SELECT 1 FROM statement_index x WHERE x.kind = ${param(kind)} AND x.value = ${param(value)} AND x.seq = s.seq)`)
    }
    if (q.visibleTo !== undefined) {
      const { studentIds, credentialKeys } = q.visibleTo
      const parts: string[] = []
      if (studentIds.length > 0) parts.push(`s.student_id = ANY(${param([...studentIds], '::text[]')})`)
      if (credentialKeys.length > 0) parts.push(`s.credential_key = ANY(${param([...credentialKeys], '::text[]')})`)
      if (parts.length === 0) return []
      where.push(`(${parts.join(' OR ')})`)
    }
    if (q.since !== undefined) where.push(`s.stored > ${param(q.since)}`)
    if (q.until !== undefined) where.push(`s.stored <= ${param(q.until)}`)
    if (q.cursor !== undefined) where.push(`${seqColumn} ${q.ascending ? '>' : '<'} ${param(q.cursor, '::bigint')}`)
    if (q.maxSeq !== undefined) where.push(`${seqColumn} <= ${param(q.maxSeq, '::bigint')}`)
    const sql = `SELECT ${STATEMENT_COLUMNS} FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${seqColumn} ${q.ascending ? 'ASC' : 'DESC'} LIMIT ${param(q.limit, '::bigint')}`
    return (await this.rows<StatementDb>(sql, params)).map(statement)
  }

  async lastSeq(): Promise<number> {
    // With writers serialised (seq order = commit order) every seq up to this one is settled:
    // a `more` chain bounded by it (maxSeq) never gains or misses a row.
    return Number((await this.one<{ seq: string }>('SELECT coalesce(max(seq), 0) AS seq FROM statements'))?.seq ?? 0)
  }

  async statementsOfStudents(studentIds: readonly string[]): Promise<StatementRow[]> {
    if (studentIds.length === 0) return []
    return (
      await this.rows<StatementDb>(`SELECT ${STATEMENT_COLUMNS} FROM statements s WHERE NOT s.voided AND s.student_id = ANY($1::text[]) ORDER BY s.seq`, [[...studentIds]])
    ).map(statement)
  }

  async findAttachments(sha2s: readonly string[]): Promise<AttachmentRow[]> {
    if (sha2s.length === 0) return []
    const rows = await this.rows<{ sha2: string; content_type: string; content: Buffer }>(
      'SELECT sha2, content_type, content FROM attachments WHERE sha2 = ANY($1::text[])',
      [[...sha2s]],
    )
    return rows.map((r) => ({ sha2: r.sha2, contentType: r.content_type, content: r.content }))
  }

  async findActivities(ids: readonly string[]): Promise<ActivityRow[]> {
    if (ids.length === 0) return []
    return this.rows<ActivityRow>('SELECT id, definition, updated FROM activities WHERE id = ANY($1::text[])', [[...ids]])
  }

  async findAgent(key: string): Promise<AgentRow | undefined> {
    const r = await this.one<{ key: string; ifi: string; names: string }>('SELECT key, ifi, names FROM agents WHERE key = $1', [key])
    return r && { key: r.key, ifi: r.ifi, names: JSON.parse(r.names) as string[] }
  }

  async findDocument(key: DocumentKey): Promise<DocumentRow | undefined> {
    const r = await this.one<DocumentDb>(
      'SELECT doc_id, content_type, content, etag, updated FROM documents WHERE kind = $1 AND activity_id = $2 AND agent_key = $3 AND registration = $4 AND doc_id = $5',
      [key.kind, key.activityId, key.agentKey, key.registration, key.docId],
    )
    return r && document(r)
  }

  async listDocumentIds(scope: DocumentScope, since?: string): Promise<string[]> {
    const params: string[] = [scope.kind, scope.activityId, scope.agentKey, scope.registration]
    let sql = 'SELECT doc_id FROM documents WHERE kind = $1 AND activity_id = $2 AND agent_key = $3 AND registration = $4'
    if (since !== undefined) {
      params.push(since)
      sql += ' AND updated > $5'
    }
    return (await this.rows<{ doc_id: string }>(`${sql} ORDER BY doc_id`, params)).map((r) => r.doc_id)
  }

  async changeDocument<T>(key: DocumentKey, decide: (current: DocumentRow | undefined) => DocumentDecision<T>): Promise<T> {
    const k = [key.kind, key.activityId, key.agentKey, key.registration, key.docId]
    return this.transaction(async (client) => {
      // The document may not exist yet (nothing to SELECT … FOR UPDATE), so writers of
      // one key, in any process, queue on an advisory lock named by the key.
      await client.query(named('SELECT pg_advisory_xact_lock($1, hashtext($2))', [DOCUMENT_LOCK_CLASS, JSON.stringify(k)]))
      const current = (
        await client.query<DocumentDb>(
          named(
            'SELECT doc_id, content_type, content, etag, updated FROM documents WHERE kind = $1 AND activity_id = $2 AND agent_key = $3 AND registration = $4 AND doc_id = $5',
            k,
          ),
        )
      ).rows.map(decodeRow)[0]
      const decision = decide(current && document(current))
      if (decision.write === null) {
        await client.query(named('DELETE FROM documents WHERE kind = $1 AND activity_id = $2 AND agent_key = $3 AND registration = $4 AND doc_id = $5', k))
      } else if (decision.write !== undefined) {
        const w = decision.write
        await client.query(
          named(
            `INSERT INTO documents (kind, activity_id, agent_key, registration, doc_id, content_type, content, etag, updated) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT (kind, activity_id, agent_key, registration, doc_id) DO UPDATE SET
               content_type = EXCLUDED.content_type, content = EXCLUDED.content, etag = EXCLUDED.etag, updated = EXCLUDED.updated`,
            [...k, w.contentType, w.content, w.etag, w.updated],
          ),
        )
      }
      return decision.result
    })
  }

  async deleteDocuments(scope: DocumentScope): Promise<number> {
    const result = await this.pool.query(
      named('DELETE FROM documents WHERE kind = $1 AND activity_id = $2 AND agent_key = $3 AND registration = $4', [
        scope.kind,
        scope.activityId,
        scope.agentKey,
        scope.registration,
      ]),
    )
    return result.rowCount ?? 0
  }

  async countHit(bucket: string, windowStart: string, expireBefore: string): Promise<number> {
    // One statement: the upsert is atomic across processes.
    const r = await this.one<{ hits: number }>(
      `WITH expired AS (DELETE FROM rate_limits WHERE bucket = $1 AND window_start < $3)
       INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1)
       ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1
       RETURNING hits`,
      [bucket, windowStart, expireBefore],
    )
    return r?.hits ?? 1
  }

  async hitsIn(bucket: string, windowStart: string): Promise<number> {
    return (await this.one<{ hits: number }>('SELECT hits FROM rate_limits WHERE bucket = $1 AND window_start = $2', [bucket, windowStart]))?.hits ?? 0
  }

  // ── Teacher workspace (see store.ts for the contracts) ──

  async createInvite(row: InviteRow): Promise<void> {
    await this.pool.query(
      named('INSERT INTO invites (token_hash, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4)', [row.tokenHash, row.createdBy, row.createdAt, row.expiresAt]),
    )
  }

  async redeemInvite(tokenHash: string, now: string, row: TeacherRow): Promise<InviteOutcome> {
    return this.transaction(async (client): Promise<InviteOutcome> => {
      const r = (
        await client.query<{ expires_at: string; used_at: string | null }>(named('SELECT expires_at, used_at FROM invites WHERE token_hash = $1 FOR UPDATE', [tokenHash]))
      ).rows[0]
      if (!r) return { status: 'unknown' }
      if (r.used_at !== null) return { status: 'used' }
      if (r.expires_at <= now) return { status: 'expired' }
      const created = await client.query(
        named('INSERT INTO teachers (id, username, password_hash, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
          row.id,
          row.username,
          row.passwordHash,
          row.createdAt,
        ]),
      )
      if (created.rowCount !== 1) return { status: 'exists' }
      await client.query(named('UPDATE invites SET used_at = $1, used_by = $2 WHERE token_hash = $3', [now, row.id, tokenHash]))
      return { status: 'ok' }
    })
  }

  async updateClass(id: string, patch: ClassPatch): Promise<void> {
    if (patch.name !== undefined) await this.pool.query(named('UPDATE classes SET name = $1 WHERE id = $2', [patch.name, id]))
    if (patch.archived !== undefined) await this.pool.query(named('UPDATE classes SET archived = $1 WHERE id = $2', [patch.archived, id]))
  }

  async setClassRetention(classId: string, days: number | null): Promise<void> {
    await this.pool.query(
      named('INSERT INTO class_settings (class_id, retention_days) VALUES ($1, $2) ON CONFLICT (class_id) DO UPDATE SET retention_days = EXCLUDED.retention_days', [
        classId,
        days,
      ]),
    )
  }

  async issuerPrivateJwk(): Promise<string | undefined> {
    return (await this.one<{ private_jwk: string }>('SELECT private_jwk FROM issuer_key WHERE id = 1', []))?.private_jwk
  }

  async keepIssuerKey(privateJwk: string, created: string): Promise<string> {
    await this.pool.query(named('INSERT INTO issuer_key (id, private_jwk, created) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING', [privateJwk, created]))
    return (await this.issuerPrivateJwk())!
  }

  async classRetention(classId: string): Promise<number | null> {
    return (await this.one<{ retention_days: number | null }>('SELECT retention_days FROM class_settings WHERE class_id = $1', [classId]))?.retention_days ?? null
  }

  async listRetentionPolicies(): Promise<RetentionPolicy[]> {
    return (
      await this.rows<{ class_id: string; retention_days: number }>('SELECT class_id, retention_days FROM class_settings WHERE retention_days IS NOT NULL ORDER BY class_id')
    ).map((r) => ({ classId: r.class_id, days: r.retention_days }))
  }

  async revokeStudentCredentials(studentId: string, now: string): Promise<number> {
    const result = await this.pool.query(named('UPDATE credentials SET revoked_at = $1 WHERE student_id = $2 AND revoked_at IS NULL', [now, studentId]))
    return result.rowCount ?? 0
  }

  /** Deletes statements by seq with their index rows and attachment links, and attachments left unlinked. */
  private async deleteStatementSeqs(client: pg.PoolClient, seqs: readonly string[]): Promise<{ statements: number; attachments: number }> {
    if (seqs.length === 0) return { statements: 0, attachments: 0 }
    await client.query(named('DELETE FROM statement_index WHERE seq = ANY($1::bigint[])', [seqs]))
    await client.query(named('DELETE FROM statement_evidence WHERE seq = ANY($1::bigint[])', [seqs]))
    const links = await client.query<{ sha2: string }>(
      named('DELETE FROM statement_attachments WHERE statement_id IN (SELECT id FROM statements WHERE seq = ANY($1::bigint[])) RETURNING sha2', [seqs]),
    )
    const removed = await client.query(named('DELETE FROM statements WHERE seq = ANY($1::bigint[])', [seqs]))
    const hashes = [...new Set(links.rows.map((r) => r.sha2))]
    const orphans =
      hashes.length === 0
        ? 0
        : ((
            await client.query(
              named('DELETE FROM attachments a WHERE a.sha2 = ANY($1::text[]) AND NOT EXISTS (SELECT 1 FROM statement_attachments l WHERE l.sha2 = a.sha2)', [hashes]),
            )
          ).rowCount ?? 0)
    return { statements: removed.rowCount ?? 0, attachments: orphans }
  }

  async deleteStudent(studentId: string, agentKey: string): Promise<DeletionCounts> {
    return this.transaction(async (client): Promise<DeletionCounts> => {
      const seqs = (
        await client.query<{ seq: string }>(
          named(
            `SELECT seq FROM statements WHERE student_id = $1
             UNION SELECT i.seq FROM statement_index i WHERE i.kind IN ('agent', 'related_agent') AND i.value = $2`,
            [studentId, agentKey],
          ),
        )
      ).rows.map((r) => r.seq)
      const removed = await this.deleteStatementSeqs(client, seqs)
      const documents = (await client.query(named("DELETE FROM documents WHERE agent_key = $1 AND kind IN ('state', 'agent-profile')", [agentKey]))).rowCount ?? 0
      await client.query(named('DELETE FROM agents WHERE key = $1', [agentKey]))
      const credentials = (await client.query(named('DELETE FROM credentials WHERE student_id = $1', [studentId]))).rowCount ?? 0
      const pairingCodes = (await client.query(named('DELETE FROM pairing_codes WHERE student_id = $1', [studentId]))).rowCount ?? 0
      await client.query(named('DELETE FROM students WHERE id = $1', [studentId]))
      return { statements: removed.statements, documents, attachments: removed.attachments, credentials, pairingCodes }
    })
  }

  async deleteStatementsStoredBefore(studentIds: readonly string[], before: string): Promise<number> {
    if (studentIds.length === 0) return 0
    return this.transaction(async (client) => {
      const seqs = (
        await client.query<{ seq: string }>(named('SELECT seq FROM statements WHERE stored < $1 AND student_id = ANY($2::text[])', [before, [...studentIds]]))
      ).rows.map((r) => r.seq)
      return (await this.deleteStatementSeqs(client, seqs)).statements
    })
  }

  async countStatements(studentIds: readonly string[], maxSeq: number): Promise<number> {
    if (studentIds.length === 0) return 0
    const r = await this.one<{ n: string }>('SELECT count(*) AS n FROM statements WHERE NOT voided AND seq <= $1::bigint AND student_id = ANY($2::text[])', [maxSeq, [...studentIds]])
    return Number(r?.n ?? 0)
  }

  async evidenceProjections(studentIds: readonly string[]): Promise<string[]> {
    if (studentIds.length === 0) return []
    const config: pg.QueryArrayConfig = { ...named('SELECT fact FROM statement_evidence WHERE student_id = ANY($1::text[]) ORDER BY ts, fact COLLATE "C"', [[...studentIds]]), rowMode: 'array' }
    const result = await this.pool.query<[string]>(config)
    // JSON text holds no raw U+0000/U+0001 (JSON.stringify escapes control characters), so nothing to unescape.
    return result.rows.map((r) => r[0])
  }

  async documentsOfAgent(agentKey: string): Promise<(DocumentKey & DocumentRow)[]> {
    const rows = await this.rows<DocumentDb & { kind: DocumentKey['kind']; activity_id: string; agent_key: string; registration: string }>(
      "SELECT kind, activity_id, agent_key, registration, doc_id, content_type, content, etag, updated FROM documents WHERE agent_key = $1 AND kind IN ('state', 'agent-profile') ORDER BY kind, activity_id, registration, doc_id",
      [agentKey],
    )
    return rows.map((r) => ({ ...document(r), kind: r.kind, activityId: r.activity_id, agentKey: r.agent_key, registration: r.registration }))
  }
}

function busy(): LrsError {
  return new LrsError(503, 'busy', 'The LRS is busy: the statements were not stored; send them again')
}
