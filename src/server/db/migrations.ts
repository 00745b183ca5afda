/** Numbered SQLite migrations. Append only: never edit a released migration. */
export interface Migration {
  readonly version: number
  readonly name: string
  readonly sql: string
  /**
   * Data that SQL alone cannot compute, filled after `sql` in the same
   * transaction by each backend's migration runner (sqlite.ts, postgres.ts).
   * `evidence`: the evidence projection of every stored statement (db/evidence.ts).
   */
  readonly backfill?: 'evidence'
}

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE teachers (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        teacher_id TEXT NOT NULL REFERENCES teachers(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX sessions_teacher ON sessions(teacher_id);
      CREATE TABLE classes (
        id TEXT PRIMARY KEY,
        teacher_id TEXT NOT NULL REFERENCES teachers(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        archived INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX classes_teacher ON classes(teacher_id);
      CREATE TABLE students (
        id TEXT PRIMARY KEY,
        class_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
        display_name TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX students_class ON students(class_id);
      CREATE TABLE pairing_codes (
        code_hash TEXT PRIMARY KEY,
        student_id TEXT NOT NULL REFERENCES students(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT
      );
      CREATE INDEX pairing_codes_student ON pairing_codes(student_id);
      CREATE TABLE credentials (
        key TEXT PRIMARY KEY,
        secret_hash TEXT NOT NULL,
        student_id TEXT REFERENCES students(id) ON DELETE CASCADE,
        scopes TEXT NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      );
      CREATE TABLE statements (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL UNIQUE,
        student_id TEXT,
        actor_key TEXT,
        verb_id TEXT NOT NULL,
        activity_id TEXT,
        registration TEXT,
        voids_id TEXT,
        stored TEXT NOT NULL,
        voided INTEGER NOT NULL DEFAULT 0,
        body TEXT NOT NULL
      );
      CREATE INDEX statements_student ON statements(student_id, seq);
      CREATE INDEX statements_actor ON statements(actor_key, seq);
      CREATE INDEX statements_verb ON statements(verb_id, seq);
      CREATE INDEX statements_activity ON statements(activity_id, seq);
      CREATE INDEX statements_voids ON statements(voids_id);
      CREATE INDEX statements_stored ON statements(stored);
    `,
  },
  {
    version: 2,
    name: 'xAPI LRS: statement index, attachments, activities, agents, documents, credentials, rate limits',
    sql: `
      ALTER TABLE credentials ADD COLUMN teacher_id TEXT REFERENCES teachers(id) ON DELETE CASCADE;
      ALTER TABLE credentials ADD COLUMN label TEXT;
      CREATE INDEX credentials_teacher ON credentials(teacher_id);

      ALTER TABLE statements ADD COLUMN ref_id TEXT;
      ALTER TABLE statements ADD COLUMN credential_key TEXT;
      CREATE INDEX statements_ref ON statements(ref_id);
      CREATE INDEX statements_credential ON statements(credential_key, seq);

      -- What a statement can be found by: kind is one of agent, related_agent,
      -- activity, related_activity, verb, registration. Rows inherited through a
      -- StatementRef carry the targeting statement's seq.
      CREATE TABLE statement_index (
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (kind, value, seq)
      ) WITHOUT ROWID;
      CREATE INDEX statement_index_seq ON statement_index(seq);

      CREATE TABLE statement_attachments (
        statement_id TEXT NOT NULL,
        sha2 TEXT NOT NULL,
        PRIMARY KEY (statement_id, sha2)
      ) WITHOUT ROWID;

      CREATE TABLE attachments (
        sha2 TEXT PRIMARY KEY,
        content_type TEXT NOT NULL,
        content BLOB NOT NULL,
        created_at TEXT NOT NULL
      );

      CREATE TABLE activities (
        id TEXT PRIMARY KEY,
        definition TEXT NOT NULL,
        updated TEXT NOT NULL
      );

      CREATE TABLE agents (
        key TEXT PRIMARY KEY,
        ifi TEXT NOT NULL,
        names TEXT NOT NULL
      );

      CREATE TABLE documents (
        kind TEXT NOT NULL,
        activity_id TEXT NOT NULL,
        agent_key TEXT NOT NULL,
        registration TEXT NOT NULL,
        doc_id TEXT NOT NULL,
        content_type TEXT NOT NULL,
        content BLOB NOT NULL,
        etag TEXT NOT NULL,
        updated TEXT NOT NULL,
        PRIMARY KEY (kind, activity_id, agent_key, registration, doc_id)
      );

      CREATE TABLE rate_limits (
        bucket TEXT NOT NULL,
        window_start TEXT NOT NULL,
        hits INTEGER NOT NULL,
        PRIMARY KEY (bucket, window_start)
      ) WITHOUT ROWID;

      -- Existing statements: index what the old columns knew.
      INSERT OR IGNORE INTO statement_index (kind, value, seq) SELECT 'agent', actor_key, seq FROM statements WHERE actor_key IS NOT NULL;
      INSERT OR IGNORE INTO statement_index (kind, value, seq) SELECT 'related_agent', actor_key, seq FROM statements WHERE actor_key IS NOT NULL;
      INSERT OR IGNORE INTO statement_index (kind, value, seq) SELECT 'activity', activity_id, seq FROM statements WHERE activity_id IS NOT NULL;
      INSERT OR IGNORE INTO statement_index (kind, value, seq) SELECT 'related_activity', activity_id, seq FROM statements WHERE activity_id IS NOT NULL;
      INSERT OR IGNORE INTO statement_index (kind, value, seq) SELECT 'verb', verb_id, seq FROM statements;
      INSERT OR IGNORE INTO statement_index (kind, value, seq) SELECT 'registration', registration, seq FROM statements WHERE registration IS NOT NULL;
    `,
  },
  {
    version: 3,
    name: 'teacher workspace: invitations, class retention',
    sql: `
      CREATE TABLE invites (
        token_hash TEXT PRIMARY KEY,
        created_by TEXT REFERENCES teachers(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT,
        used_by TEXT REFERENCES teachers(id) ON DELETE SET NULL
      );
      CREATE TABLE class_settings (
        class_id TEXT PRIMARY KEY REFERENCES classes(id) ON DELETE CASCADE,
        retention_days INTEGER
      );
      CREATE INDEX credentials_student ON credentials(student_id);
    `,
  },
  {
    version: 4,
    name: 'evidence projection; compact statement keys; statement indexes that ingest pays for and no query uses',
    backfill: 'evidence',
    sql: `
      -- statement_index (kind, value, seq) held each statement's filter keys as text, ~9
      -- rows of ~100 bytes a statement: most of the cost of storing one. Now each key
      -- is stored once (index_keys) and a statement's keys are integer pairs.
      CREATE TABLE index_keys (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        UNIQUE (kind, value)
      );
      INSERT INTO index_keys (kind, value) SELECT DISTINCT kind, value FROM statement_index ORDER BY kind, value;
      CREATE TABLE statement_keys (
        key INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (key, seq)
      ) WITHOUT ROWID;
      INSERT INTO statement_keys (key, seq)
        SELECT k.id, i.seq FROM statement_index i JOIN index_keys k ON k.kind = i.kind AND k.value = i.value ORDER BY k.id, i.seq;
      CREATE INDEX statement_keys_seq ON statement_keys(seq);
      DROP TABLE statement_index;

      -- What core deriveEvidence reads of each statement that can matter to evidence
      -- (db/evidence.ts), by student: the competency grid reads only these rows.
      CREATE TABLE statement_evidence (
        student_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        -- Date.parse(timestamp) (db/evidence.ts#evidenceInstant): rows are read in this order.
        ts REAL,
        fact TEXT NOT NULL,
        PRIMARY KEY (student_id, seq)
      ) WITHOUT ROWID;
      CREATE INDEX statement_evidence_seq ON statement_evidence(seq);

      -- The live view and the grid ask for each student's last stored time: answer it
      -- from the index alone instead of reading every statement of the student.
      DROP INDEX IF EXISTS statements_student;
      CREATE INDEX statements_student ON statements(student_id, seq, stored);

      -- Queries by actor, verb and activity go through statement_index; these were
      -- only written (three B-tree inserts per statement).
      DROP INDEX IF EXISTS statements_actor;
      DROP INDEX IF EXISTS statements_verb;
      DROP INDEX IF EXISTS statements_activity;
      -- Only voiding statements and StatementRefs have these; index only them.
      DROP INDEX IF EXISTS statements_voids;
      CREATE INDEX statements_voids ON statements(voids_id) WHERE voids_id IS NOT NULL;
      DROP INDEX IF EXISTS statements_ref;
      CREATE INDEX statements_ref ON statements(ref_id) WHERE ref_id IS NOT NULL;
    `,
  },
  {
    version: 5,
    name: "the school's Open Badges issuer key, shared by every process on this database",
    sql: `
      -- One row. It was a file in the data directory: processes on different machines
      -- sharing one database would each have made their own key, and /api/issuer/jwks
      -- on one would not verify badges signed by another.
      CREATE TABLE issuer_key (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        private_jwk TEXT NOT NULL,
        created TEXT NOT NULL
      );
    `,
  },
]
