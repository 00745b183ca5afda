import { configDefaults, defineConfig } from 'vitest/config'

// Projects: fast unit/server tests (the server suite on SQLite); the same server
// suite on PostgreSQL (its globalSetup installs PostgreSQL when missing and starts
// a throwaway cluster; it fails, never skips, when it cannot); and browser
// end-to-end tests that need a built app, a real server and Debian's Chromium.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/core/**/*.test.ts', 'tests/client/**/*.test.ts', 'tests/server/**/*.test.ts'],
          // PostgreSQL-only tests (several processes on one database) run in server-postgres.
          exclude: [...configDefaults.exclude, 'tests/server/postgres/**'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'server-postgres',
          include: ['tests/server/**/*.test.ts'],
          environment: 'node',
          env: { FATHOM_TEST_BACKEND: 'postgres' },
          globalSetup: ['tests/server/postgres/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
