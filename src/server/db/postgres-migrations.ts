/**
 * Numbered PostgreSQL migrations, one for each SQLite migration in
 * migrations.ts and with the same version number, so both backends are always
 * at the same schema version. Append only: never edit a released migration.
 *
 * Differences from SQLite, all in service of identical behaviour:
 * - Text columns use COLLATE "C": SQLite compares text byte-wise (ORDER BY
 *   username, `stored > ?`), and so must PostgreSQL whatever the database's locale.
 * - Times stay ISO 8601 text (as in SQLite): they sort as text and come back
 *   exactly as stored, with no time-zone or precision round trip.
 * - `seq` is an identity column; insertion order of classes and students
 *   (SQLite's rowid tie-break) is an identity column `ord`.
 * - Booleans are BOOLEAN; statement bodies are TEXT (exactly as stored, for format=exact).
 */
import type { Migration } from './migrations.js'

export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE teachers (
        id TEXT COLLATE "C" PRIMARY KEY,
        username TEXT COLLATE "C" NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL
      );
      CREATE TABLE sessions (
        token_hash TEXT COLLATE "C" PRIMARY KEY,
        teacher_id TEXT COLLATE "C" NOT NULL REFERENCES teachers(id) ON DELETE CASCADE,
        created_at TEXT COLLATE "C" NOT NULL,
        expires_at TEXT COLLATE "C" NOT NULL
      );
      CREATE INDEX sessions_teacher ON sessions(teacher_id);
      CREATE TABLE classes (
        ord BIGINT GENERATED ALWAYS AS IDENTITY,
        id TEXT COLLATE "C" PRIMARY KEY,
        teacher_id TEXT COLLATE "C" NOT NULL REFERENCES teachers(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL,
        archived BOOLEAN NOT NULL DEFAULT false
      );
      CREATE INDEX classes_teacher ON classes(teacher_id);
      CREATE TABLE students (
        ord BIGINT GENERATED ALWAYS AS IDENTITY,
        id TEXT COLLATE "C" PRIMARY KEY,
        class_id TEXT COLLATE "C" NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
        display_name TEXT NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL
      );
      CREATE INDEX students_class ON students(class_id);
      CREATE TABLE pairing_codes (
        code_hash TEXT COLLATE "C" PRIMARY KEY,
        student_id TEXT COLLATE "C" NOT NULL REFERENCES students(id) ON DELETE CASCADE,
        created_at TEXT COLLATE "C" NOT NULL,
        expires_at TEXT COLLATE "C" NOT NULL,
        used_at TEXT COLLATE "C"
      );
      CREATE INDEX pairing_codes_student ON pairing_codes(student_id);
      CREATE TABLE credentials (
        key TEXT COLLATE "C" PRIMARY KEY,
        secret_hash TEXT NOT NULL,
        student_id TEXT COLLATE "C" REFERENCES students(id) ON DELETE CASCADE,
        scopes TEXT NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL,
        revoked_at TEXT COLLATE "C"
      );
      CREATE TABLE statements (
        seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
        id TEXT COLLATE "C" PRIMARY KEY,
        student_id TEXT COLLATE "C",
        actor_key TEXT COLLATE "C",
        verb_id TEXT COLLATE "C" NOT NULL,
        activity_id TEXT COLLATE "C",
        registration TEXT COLLATE "C",
        voids_id TEXT COLLATE "C",
        stored TEXT COLLATE "C" NOT NULL,
        voided BOOLEAN NOT NULL DEFAULT false,
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
      ALTER TABLE credentials ADD COLUMN teacher_id TEXT COLLATE "C" REFERENCES teachers(id) ON DELETE CASCADE;
      ALTER TABLE credentials ADD COLUMN label TEXT;
      -- Insertion order (SQLite's rowid tie-break in listCredentials).
      ALTER TABLE credentials ADD COLUMN ord BIGINT GENERATED ALWAYS AS IDENTITY;
      CREATE INDEX credentials_teacher ON credentials(teacher_id);

      ALTER TABLE statements ADD COLUMN ref_id TEXT COLLATE "C";
      ALTER TABLE statements ADD COLUMN credential_key TEXT COLLATE "C";
      CREATE INDEX statements_ref ON statements(ref_id);
      CREATE INDEX statements_credential ON statements(credential_key, seq);

      -- What a statement can be found by: kind is one of agent, related_agent,
      -- activity, related_activity, verb, registration. Rows inherited through a
      -- StatementRef carry the targeting statement's seq.
      CREATE TABLE statement_index (
        kind TEXT COLLATE "C" NOT NULL,
        value TEXT COLLATE "C" NOT NULL,
        seq BIGINT NOT NULL,
        PRIMARY KEY (kind, value, seq)
      );
      CREATE INDEX statement_index_seq ON statement_index(seq);

      CREATE TABLE statement_attachments (
        statement_id TEXT COLLATE "C" NOT NULL,
        sha2 TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (statement_id, sha2)
      );

      CREATE TABLE attachments (
        sha2 TEXT COLLATE "C" PRIMARY KEY,
        content_type TEXT NOT NULL,
        content BYTEA NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL
      );

      CREATE TABLE activities (
        id TEXT COLLATE "C" PRIMARY KEY,
        definition TEXT NOT NULL,
        updated TEXT COLLATE "C" NOT NULL
      );

      CREATE TABLE agents (
        key TEXT COLLATE "C" PRIMARY KEY,
        ifi TEXT NOT NULL,
        names TEXT NOT NULL
      );

      CREATE TABLE documents (
        kind TEXT COLLATE "C" NOT NULL,
        activity_id TEXT COLLATE "C" NOT NULL,
        agent_key TEXT COLLATE "C" NOT NULL,
        registration TEXT COLLATE "C" NOT NULL,
        doc_id TEXT COLLATE "C" NOT NULL,
        content_type TEXT NOT NULL,
        content BYTEA NOT NULL,
        etag TEXT NOT NULL,
        updated TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (kind, activity_id, agent_key, registration, doc_id)
      );

      CREATE TABLE rate_limits (
        bucket TEXT COLLATE "C" NOT NULL,
        window_start TEXT COLLATE "C" NOT NULL,
        hits INTEGER NOT NULL,
        PRIMARY KEY (bucket, window_start)
      );

      -- Existing statements: index what the old columns knew.
      INSERT INTO statement_index (kind, value, seq) SELECT 'agent', actor_key, seq FROM statements WHERE actor_key IS NOT NULL ON CONFLICT DO NOTHING;
      INSERT INTO statement_index (kind, value, seq) SELECT 'related_agent', actor_key, seq FROM statements WHERE actor_key IS NOT NULL ON CONFLICT DO NOTHING;
      INSERT INTO statement_index (kind, value, seq) SELECT 'activity', activity_id, seq FROM statements WHERE activity_id IS NOT NULL ON CONFLICT DO NOTHING;
      INSERT INTO statement_index (kind, value, seq) SELECT 'related_activity', activity_id, seq FROM statements WHERE activity_id IS NOT NULL ON CONFLICT DO NOTHING;
      INSERT INTO statement_index (kind, value, seq) SELECT 'verb', verb_id, seq FROM statements ON CONFLICT DO NOTHING;
      INSERT INTO statement_index (kind, value, seq) SELECT 'registration', registration, seq FROM statements WHERE registration IS NOT NULL ON CONFLICT DO NOTHING;
    `,
  },
  {
    version: 3,
    name: 'teacher workspace: invitations, class retention',
    sql: `
      CREATE TABLE invites (
        token_hash TEXT COLLATE "C" PRIMARY KEY,
        created_by TEXT COLLATE "C" REFERENCES teachers(id) ON DELETE SET NULL,
        created_at TEXT COLLATE "C" NOT NULL,
        expires_at TEXT COLLATE "C" NOT NULL,
        used_at TEXT COLLATE "C",
        used_by TEXT COLLATE "C" REFERENCES teachers(id) ON DELETE SET NULL
      );
      CREATE TABLE class_settings (
        class_id TEXT COLLATE "C" PRIMARY KEY REFERENCES classes(id) ON DELETE CASCADE,
        retention_days INTEGER
      );
      CREATE INDEX credentials_student ON credentials(student_id);
    `,
  },
  {
    version: 4,
    name: 'evidence projection; compact statement keys; statement indexes that ingest pays for and no query uses',
    backfill: 'evidence',
    // (SQLite's migration 4 also moves statement_index to integer keys; PostgreSQL keeps its layout.)
    sql: `
      -- What core deriveEvidence reads of each statement that can matter to evidence
      -- (db/evidence.ts), by student: the competency grid reads only these rows.
      CREATE TABLE statement_evidence (
        student_id TEXT COLLATE "C" NOT NULL,
        seq BIGINT NOT NULL,
        -- Date.parse(timestamp) (db/evidence.ts#evidenceInstant): rows are read in this order.
        ts DOUBLE PRECISION,
        fact TEXT NOT NULL,
        PRIMARY KEY (student_id, seq)
      );
      CREATE INDEX statement_evidence_seq ON statement_evidence(seq);

      -- The live view and the grid ask for each student's last stored time: answer it
      -- from the index alone instead of reading every statement of the student.
      DROP INDEX IF EXISTS statements_student;
      CREATE INDEX statements_student ON statements(student_id, seq, stored);

      -- Queries by actor, verb and activity go through statement_index; these were only written.
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
