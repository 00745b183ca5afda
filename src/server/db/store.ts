/**
 * The server's storage, behind one narrow interface. SQLite (sqlite.ts) is the
 * default; a PostgreSQL implementation will follow, so every method returns a
 * Promise even where better-sqlite3 is synchronous. Times are ISO 8601 strings
 * in UTC with millisecond precision (Date#toISOString), so they sort as text.
 *
 * xAPI query semantics live in the service (src/server/lrs); the store keeps
 * the contracts written on each method below, identically in every backend.
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

/**
 * xAPI scopes (xAPI 1.0.3 Communication §4.2, OAuth scope list), granted to a
 * credential. `all` allows everything, `all/read` every read, `statements/read/mine`
 * only statements whose authority is this credential.
 */
export const XAPI_SCOPES = ['statements/write', 'statements/read', 'statements/read/mine', 'state', 'define', 'profile', 'all/read', 'all'] as const
export type XapiScope = (typeof XAPI_SCOPES)[number]

export interface CredentialRow {
  readonly key: string
  /** sha256 (hex) of the high-entropy secret (the secret itself is never stored). */
  readonly secretHash: string
  /** The student this credential is scoped to (a paired headset), or null. */
  readonly studentId: string | null
  /**
   * The teacher who created it (teacher pages), or null for a student credential
   * or one made with the admin CLI (a system credential, not tied to a teacher).
   */
  readonly teacherId: string | null
  /** A human label ("School LMS"); null for student credentials. */
  readonly label: string | null
  readonly scopes: readonly string[]
  readonly createdAt: string
  readonly revokedAt: string | null
}

export interface CredentialFilter {
  /** Only credentials created by this teacher. */
  readonly teacherId?: string
  /** Only system credentials (teacherId and studentId both null). */
  readonly systemOnly?: boolean
  /** Include paired-student credentials (default false). */
  readonly includeStudent?: boolean
}

/**
 * What a statement can be found by. Keys are computed by the service
 * (lrs/index.ts): agent keys are the IFI strings of lrs/agents.ts#actorKey,
 * activity keys are activity ids, verb keys verb ids, registration keys
 * lower-case UUIDs. The `related*` lists are supersets of the direct lists.
 */
export interface StatementIndex {
  /** The actor, the object when it is an Agent or Group, and the members of those Groups (the `agent` filter). */
  readonly agents: readonly string[]
  /** Plus authority, instructor, team, group members, 2.0 contextAgents/contextGroups, and all of these in a SubStatement (`related_agents=true`). */
  readonly relatedAgents: readonly string[]
  /** The object when it is an Activity (the `activity` filter). */
  readonly activities: readonly string[]
  /** Plus every context activity, and a SubStatement's object and context activities (`related_activities=true`). */
  readonly relatedActivities: readonly string[]
  readonly verbs: readonly string[]
  readonly registrations: readonly string[]
}

/** A statement ready to store: the body is final (server fields set). */
export interface NewStatementRow {
  readonly id: string
  /** The student the actor is (an account at this server's home page), else null. */
  readonly studentId: string | null
  /** Inverse functional identifier of the actor, see lrs/agents.ts. */
  readonly actorKey: string | null
  readonly verbId: string
  /** The object's id when the object is an Activity. */
  readonly activityId: string | null
  readonly registration: string | null
  /** For a voiding statement: the id of the statement it voids. */
  readonly voidsId: string | null
  /** When the object is a StatementRef (voiding or not): the id it targets (lower-case). */
  readonly refId: string | null
  /** The key of the credential that wrote it (its authority), or null. */
  readonly credentialKey: string | null
  readonly stored: string
  /** JSON text of the stored statement. */
  readonly body: string
  /** What the statement can be found by (see StatementIndex). */
  readonly index: StatementIndex
  /** sha2 of each attachment the statement lists (with or without fileUrl). */
  readonly attachmentHashes: readonly string[]
  /**
   * The statement's evidence projection (db/evidence.ts#evidenceProjection of
   * the body), null when it cannot matter to evidence; when absent the store
   * computes it from `body`.
   */
  readonly evidence?: string | null
}

export interface StatementRow {
  readonly id: string
  /** Monotonic insertion sequence number (later stores have larger numbers). */
  readonly seq: number
  readonly studentId: string | null
  readonly credentialKey: string | null
  readonly verbId: string
  readonly stored: string
  readonly voided: boolean
  readonly body: string
}

/** Attachment content received as a multipart part, addressed by its sha2 (hex, lower case). */
export interface AttachmentRow {
  readonly sha2: string
  readonly contentType: string
  readonly content: Buffer
}

/** An Activity as seen in a statement, to merge into the LRS's canonical definition. */
export interface ActivitySeen {
  readonly id: string
  /** JSON text of the statement's `definition` object. */
  readonly definition: string
}

export interface ActivityRow {
  readonly id: string
  /** JSON text of the merged (canonical) definition. */
  readonly definition: string
  readonly updated: string
}

/** An Agent as seen in a statement (actor, object, instructor, member, …), for GET /xapi/agents. */
export interface AgentSeen {
  /** actorKey of the agent (its IFI as one string). */
  readonly key: string
  /** JSON text of the IFI alone, e.g. `{"mbox":"mailto:a@b.c"}`. */
  readonly ifi: string
  readonly name: string | null
}

export interface AgentRow {
  readonly key: string
  readonly ifi: string
  /** Every distinct name seen with this IFI, in first-seen order. */
  readonly names: readonly string[]
}

/** One batch of statements with everything that is stored in the same transaction. */
export interface StatementBatch {
  readonly statements: readonly NewStatementRow[]
  /** Parts received with the request; stored (deduplicated by sha2) only when the batch is. */
  readonly attachments: readonly AttachmentRow[]
  readonly activities: readonly ActivitySeen[]
  readonly agents: readonly AgentSeen[]
}

export interface StatementBatchHooks {
  /** For a row whose id is already stored: whether the stored body has the same content (no change) or conflicts (409). */
  same(storedBody: string, row: NewStatementRow): boolean
  /** Merges an activity definition seen in the batch into the stored one (JSON text in, JSON text out). */
  mergeDefinition(stored: string | undefined, incoming: string): string
}

export type InsertOutcome =
  | { readonly ok: true; readonly inserted: readonly string[] }
  | { readonly ok: false; readonly conflictId: string }

/**
 * Who may see a statement: a statement is visible when its studentId is in
 * `studentIds` OR its credentialKey is in `credentialKeys`. Undefined = no restriction.
 */
export interface Visibility {
  readonly studentIds: readonly string[]
  readonly credentialKeys: readonly string[]
}

export interface StatementQuery {
  /** Authorisation: restrict to what the caller may see; undefined = no restriction. */
  readonly visibleTo?: Visibility
  /** Agent key (actorKey): matched against index.agents, or index.relatedAgents when relatedAgents. */
  readonly agentKey?: string
  readonly relatedAgents?: boolean
  /** Activity id: matched against index.activities, or index.relatedActivities when relatedActivities. */
  readonly activityId?: string
  readonly relatedActivities?: boolean
  readonly verbId?: string
  readonly registration?: string
  /** Exclusive lower bound on `stored`. */
  readonly since?: string
  /** Inclusive upper bound on `stored`. */
  readonly until?: string
  /** Paging cursor: only rows after (ascending) or before (descending) this sequence number. */
  readonly cursor?: number
  /** Paging snapshot: only rows with seq <= this (so a `more` chain ends where it started). */
  readonly maxSeq?: number
  readonly ascending: boolean
  readonly limit: number
}

/**
 * Which document resource a document belongs to, and its scope. Unused parts
 * are the empty string: State uses all four, Activity Profile only activityId,
 * Agent Profile only agentKey.
 */
export type DocumentKind = 'state' | 'activity-profile' | 'agent-profile'

export interface DocumentScope {
  readonly kind: DocumentKind
  readonly activityId: string
  /** actorKey of the agent ('' for activity profiles). */
  readonly agentKey: string
  /** Lower-case registration UUID, or '' (state only). */
  readonly registration: string
}

export interface DocumentKey extends DocumentScope {
  /** stateId or profileId. */
  readonly docId: string
}

export interface DocumentRow {
  readonly docId: string
  readonly contentType: string
  readonly content: Buffer
  /** The SHA-1 hex of the content, unquoted (the HTTP layer quotes it). */
  readonly etag: string
  /** ISO 8601, when it was last written. */
  readonly updated: string
}

export interface DocumentWrite {
  readonly contentType: string
  readonly content: Buffer
  readonly etag: string
  readonly updated: string
}

/**
 * The outcome of a conditional document change, decided by the service from
 * the current document inside the store's transaction: `write` replaces (or
 * creates) it, `write: null` deletes it, no `write` changes nothing.
 */
export interface DocumentDecision<T> {
  readonly write?: DocumentWrite | null
  readonly result: T
}

/** A single-use invitation to create a teacher account (the link holds the token; only its hash is stored). */
export interface InviteRow {
  /** sha256 (hex) of the invite token. */
  readonly tokenHash: string
  /** The teacher who created it, or null when made with the admin CLI. */
  readonly createdBy: string | null
  readonly createdAt: string
  readonly expiresAt: string
}

export type InviteOutcome = { readonly status: 'ok' } | { readonly status: 'unknown' | 'used' | 'expired' | 'exists' }

/** Changes to a class; absent fields are left as they are. */
export interface ClassPatch {
  readonly name?: string
  readonly archived?: boolean
}

/** A class's retention setting: statements stored more than `days` days ago are deleted by the sweep. */
export interface RetentionPolicy {
  readonly classId: string
  readonly days: number
}

/** How many rows a deletion removed, by kind (for the teacher's confirmation and tests). */
export interface DeletionCounts {
  readonly statements: number
  readonly documents: number
  readonly attachments: number
  readonly credentials: number
  readonly pairingCodes: number
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
  /** Ids of every student in every class of this teacher (archived classes included). */
  studentIdsOfTeacher(teacherId: string): Promise<string[]>
  /** Time of the last statement stored for each student (students without statements are absent). */
  lastStoredByStudent(studentIds: readonly string[]): Promise<Map<string, string>>

  /** Stores a new code for a student and invalidates (deletes) any earlier one. */
  replacePairingCode(row: PairingCodeRow): Promise<void>
  /** Marks a code used, once; atomic. */
  consumePairingCode(codeHash: string, now: string): Promise<PairingOutcome>

  createCredential(row: CredentialRow): Promise<void>
  findCredential(key: string): Promise<CredentialRow | undefined>
  /** Credentials by filter, oldest first (revoked ones included, with revokedAt). */
  listCredentials(filter: CredentialFilter): Promise<CredentialRow[]>
  /** Sets revokedAt once; false when no such credential or already revoked. */
  revokeCredential(key: string, now: string): Promise<boolean>

  /**
   * Stores a batch atomically (one transaction), in order:
   * 1. For each statement whose id is already stored, `hooks.same` decides
   *    whether it is the same (skip) or a conflict; any conflict rolls back the
   *    whole batch and returns `{ ok: false, conflictId }`.
   * 2. New statements get the next sequence numbers (strictly increasing,
   *    never reused), with their index keys.
   * 3. Voiding: a new statement with voidsId voids its target (sets voided)
   *    unless the target is itself a voiding statement; a new statement that an
   *    earlier-stored voiding statement targets is stored voided (void before
   *    target). Voided statements stay stored and readable by id.
   * 4. StatementRef filters: a statement with refId also matches every filter
   *    key (agents, activities, verbs, registrations, related ones) of the
   *    statement it targets, recursively, whichever arrives first (keys of a
   *    target stored later are added to the statements that reference it).
   * 5. Attachments are stored by sha2 (an existing sha2 is kept), activity
   *    definitions merged with `hooks.mergeDefinition`, agents recorded (names
   *    added to the agent's list).
   * Returns the ids actually inserted.
   */
  insertStatements(batch: StatementBatch, hooks: StatementBatchHooks): Promise<InsertOutcome>
  findStatement(id: string): Promise<StatementRow | undefined>
  /**
   * Non-voided statements matching every given filter (AND), ordered by seq
   * (ascending or descending), at most `limit`. Filters on agents, activities,
   * verbs and registration use the index keys (incl. those inherited through
   * refId, see insertStatements); since/until/cursor/maxSeq and visibility
   * apply to the statement itself.
   */
  queryStatements(query: StatementQuery): Promise<StatementRow[]>
  /** The largest sequence number stored so far (0 when empty). */
  lastSeq(): Promise<number>
  /**
   * The latest `stored` instant up to which every statement is visible to
   * queries (X-Experience-API-Consistent-Through): `now` for one SQLite
   * writer; earlier with several processes, whose commits can lag.
   */
  consistentThrough(now: Date): Promise<string>
  /** Every non-voided statement of these students, by sequence (for evidence). */
  statementsOfStudents(studentIds: readonly string[]): Promise<StatementRow[]>
  /** Stored attachment contents for these sha2s (absent ones are left out). */
  findAttachments(sha2s: readonly string[]): Promise<AttachmentRow[]>

  /** The merged definitions of these activities (unknown ids are absent). */
  findActivities(ids: readonly string[]): Promise<ActivityRow[]>
  /** Everything recorded about the agent with this key, or undefined. */
  findAgent(key: string): Promise<AgentRow | undefined>

  findDocument(key: DocumentKey): Promise<DocumentRow | undefined>
  /**
   * Ids of the documents in a scope, optionally only those updated after
   * `since` (exclusive), sorted by id. For State, `registration: ''` means
   * documents without a registration.
   */
  listDocumentIds(scope: DocumentScope, since?: string): Promise<string[]>
  /**
   * Reads the current document and applies `decide`'s decision atomically: no
   * other write to the same key can happen in between (also across processes
   * on one database). `decide` is synchronous and has no side effects.
   */
  changeDocument<T>(key: DocumentKey, decide: (current: DocumentRow | undefined) => DocumentDecision<T>): Promise<T>
  /** Deletes every document in a scope (DELETE /xapi/activities/state without stateId); returns how many. */
  deleteDocuments(scope: DocumentScope): Promise<number>

  /**
   * Rate limiting shared by every process on the database: adds one hit to the
   * counter of `bucket` for the fixed window starting at `windowStart` and
   * returns the count including this hit. Counters of windows that started
   * before `expireBefore` may be deleted.
   */
  countHit(bucket: string, windowStart: string, expireBefore: string): Promise<number>
  /** The hits counted so far in this bucket's window (0 when none). */
  hitsIn(bucket: string, windowStart: string): Promise<number>

  // ── Teacher workspace ──

  /** Stores a new invitation. */
  createInvite(row: InviteRow): Promise<void>
  /**
   * Redeems an invitation and creates the teacher, atomically (one transaction):
   * `unknown` (no such token), `used` (redeemed before), `expired` (expiresAt <= now),
   * `exists` (the username is taken; the invite stays unused), else `ok` (the
   * teacher is created and the invite marked used by them).
   */
  redeemInvite(tokenHash: string, now: string, teacher: TeacherRow): Promise<InviteOutcome>
  /** Renames and/or archives (or unarchives) a class. No-op for an unknown id. */
  updateClass(id: string, patch: ClassPatch): Promise<void>
  /** Sets (days > 0) or clears (null) a class's retention setting. */
  setClassRetention(classId: string, days: number | null): Promise<void>
  /** A class's retention in days, or null when statements are kept indefinitely. */
  classRetention(classId: string): Promise<number | null>
  /** Every class with a retention setting (for the sweep). */
  listRetentionPolicies(): Promise<RetentionPolicy[]>
  /** Revokes (sets revokedAt on) every active credential of a student (a lost headset); returns how many. */
  revokeStudentCredentials(studentId: string, now: string): Promise<number>
  /**
   * Deletes a student completely, in one transaction: every statement whose
   * studentId is the student or whose agent/related-agent index names
   * `agentKey` (with their index rows and attachment links), attachments no
   * other statement links to any more, State and Agent Profile documents of
   * `agentKey`, the agent record, credentials, pairing codes and the student row.
   */
  deleteStudent(studentId: string, agentKey: string): Promise<DeletionCounts>
  /**
   * Retention: deletes the statements of these students stored before `before`
   * (with index rows, attachment links and attachments no longer linked); returns how many statements.
   */
  deleteStatementsStoredBefore(studentIds: readonly string[], before: string): Promise<number>
  /** How many non-voided statements these students have with seq <= maxSeq (an export's total, for its progress). */
  countStatements(studentIds: readonly string[], maxSeq: number): Promise<number>
  /**
   * The evidence projection (JSON text, see db/evidence.ts) of every
   * non-voided statement of these students that can matter to evidence, in
   * chronological order (core's: Date.parse of the timestamp, then id; per chunk
   * of 500 students). Kept
   * by insertStatements in the same transaction: a void drops its target's
   * projection, a target stored after its void gets none, deletions remove it.
   */
  evidenceProjections(studentIds: readonly string[]): Promise<string[]>
  /** Every State and Agent Profile document kept for this agent key, by kind, activity, registration and id. */
  documentsOfAgent(agentKey: string): Promise<(DocumentKey & DocumentRow)[]>

  /** The school's issuer private key (a JWK as JSON), if one is stored. */
  issuerPrivateJwk(): Promise<string | undefined>
  /** Stores this issuer key unless one is stored already, and returns the stored one: the first process to store one wins. */
  keepIssuerKey(privateJwk: string, created: string): Promise<string>
}
