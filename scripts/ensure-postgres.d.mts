/** The directory holding initdb, pg_ctl and postgres, or undefined. */
export function findPostgresBin(env?: NodeJS.ProcessEnv): string | undefined
/** Returns the PostgreSQL bin directory, installing Debian's postgresql with apt-get when missing; throws with a clear message when it cannot. */
export function ensurePostgres(): string
