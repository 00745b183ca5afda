/**
 * The server's storage, behind one narrow interface. SQLite (sqlite.ts) is the
 * default; a PostgreSQL implementation will follow, so every method returns a
 * Promise even where better-sqlite3 is synchronous. Times are ISO 8601 strings
 * in UTC with millisecond precision (Date#toISOString), so they sort as text.
 */

export interface TeacherRow {
  readonly id: string
  readonly username: string
  readonly passwordHash: string
  readonly createdAt: string
}

export interface SessionRow {
  /** sha256 (hex) of the cookie token; the token itself is never stored. */
  readonly tokenHash: string
  readonly teacherId: string
  readonly expiresAt: string
  readonly createdAt: string
}

export interface ClassRow {
  readonly id: string
  readonly teacherId: string
  readonly name: string
  readonly createdAt: string
  readonly archived: boolean
}

export interface StudentRow {
  /** Opaque id (`s_…`), the xAPI account name. */
  readonly id: string
  readonly classId: string
  readonly displayName: string
  readonly createdAt: string
}

export interface StudentWithOwner extends StudentRow {
  readonly teacherId: string
}

export interface PairingCodeRow {
  /** sha256 (hex) of the normalised code. */
  readonly codeHash: string
  readonly studentId: string
  readonly expiresAt: string
  readonly createdAt: string
}

export type PairingOutcome =
  | { readonly status: 'ok'; readonly studentId: string }
  | { readonly status: 'unknown' | 'used' | 'expired' }

export interface CredentialRow {
  readonly key: string
  /** sha256 (hex) of the high-entropy secret. */
  readonly secretHash: string
  /** The student this credential is scoped to, or null for a system credential. */
  readonly studentId: string | null
  readonly scopes: readonly string[]
  readonly createdAt: string
  readonly revokedAt: string | null
}

/** A statement ready to store: the body is final (server fields set). */
export interface NewStatementRow {
  readonly id: string
  readonly studentId: string | null
  /** Inverse functional identifier of the actor, see lrs/agents.ts. */
  readonly actorKey: string | null
  readonly verbId: string
  /** The object's id when the object is an Activity. */
  readonly activityId: string | null
  readonly registration: string | null
  /** For a voiding statement: the id of the statement it voids. */
  readonly voidsId: string | null
  readonly stored: string
  /** JSON text of the stored statement. */
  readonly body: string
}

export interface StatementRow {
  readonly id: string
  readonly seq: number
  readonly studentId: string | null
  readonly verbId: string
  readonly stored: string
  readonly voided: boolean
  readonly body: string
}

export type InsertOutcome =
  | { readonly ok: true; readonly inserted: readonly string[] }
  | { readonly ok: false; readonly conflictId: string }

export interface StatementQuery {
  /** Restrict to these students (authorisation); undefined = no restriction. */
  readonly studentIds?: readonly string[]
  readonly actorKey?: string
  readonly verbId?: string
  readonly activityId?: string
  readonly registration?: string
  /** Exclusive lower bound on `stored`. */
  readonly since?: string
  /** Inclusive upper bound on `stored`. */
  readonly until?: string
  /** Paging cursor: only rows after (ascending) or before (descending) this sequence number. */
  readonly cursor?: number
  readonly ascending: boolean
  readonly limit: number
}

export interface Store {
  close(): Promise<void>

  createTeacher(teacher: TeacherRow): Promise<boolean>
  findTeacherByUsername(username: string): Promise<TeacherRow | undefined>
  findTeacherById(id: string): Promise<TeacherRow | undefined>
  listTeachers(): Promise<TeacherRow[]>
  countTeachers(): Promise<number>
  setTeacherPassword(id: string, passwordHash: string): Promise<void>

  createSession(session: SessionRow): Promise<void>
  findSession(tokenHash: string, now: string): Promise<SessionRow | undefined>
  deleteSession(tokenHash: string): Promise<void>
  deleteSessionsForTeacher(teacherId: string): Promise<void>

  createClass(row: ClassRow): Promise<void>
  listClasses(teacherId: string): Promise<ClassRow[]>
  findClass(id: string): Promise<ClassRow | undefined>

  createStudent(row: StudentRow): Promise<void>
  listStudents(classId: string): Promise<StudentRow[]>
  findStudent(id: string): Promise<StudentWithOwner | undefined>
  /** Time of the last statement stored for each student (students without statements are absent). */
  lastStoredByStudent(studentIds: readonly string[]): Promise<Map<string, string>>

  /** Stores a new code for a student and invalidates (deletes) any earlier one. */
  replacePairingCode(row: PairingCodeRow): Promise<void>
  /** Marks a code used, once; atomic. */
  consumePairingCode(codeHash: string, now: string): Promise<PairingOutcome>

  createCredential(row: CredentialRow): Promise<void>
  findCredential(key: string): Promise<CredentialRow | undefined>

  /**
   * Stores a batch atomically. For a row whose id is already stored, `same`
   * decides whether the stored body matches (no change) or conflicts; any
   * conflict rolls back the whole batch.
   */
  insertStatements(rows: readonly NewStatementRow[], same: (storedBody: string, row: NewStatementRow) => boolean): Promise<InsertOutcome>
  findStatement(id: string): Promise<StatementRow | undefined>
  /** Non-voided statements matching the query, ordered by sequence. */
  queryStatements(query: StatementQuery): Promise<StatementRow[]>
  /** Every non-voided statement of these students, by sequence (for evidence). */
  statementsOfStudents(studentIds: readonly string[]): Promise<StatementRow[]>
}
