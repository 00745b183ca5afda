/** Numbered SQLite migrations. Append only: never edit a released migration. */
export interface Migration {
  readonly version: number
  readonly name: string
  readonly sql: string
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
]
