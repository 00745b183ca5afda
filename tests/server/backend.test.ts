import { describe, expect, it } from 'vitest'
import { PostgresStore } from '../../src/server/db/postgres.js'
import { SqliteStore } from '../../src/server/db/sqlite.js'
import { testBackend } from './backends.js'
import { startTestServer } from './helpers.js'

// The same server suite runs once per backend: make sure it really is on the one it says.
describe(`test servers run on the chosen backend (${testBackend()})`, () => {
  it('opens the chosen store', async () => {
    const t = await startTestServer()
    try {
      expect(t.server.context.store).toBeInstanceOf(testBackend() === 'postgres' ? PostgresStore : SqliteStore)
    } finally {
      await t.close()
    }
  })
})
