/**
 * A third-party xAPI client (@xapi/xapi, dev dependency, used only here)
 * against the server over real HTTP: write, query, void, and State documents.
 */
import XAPI from '@xapi/xapi'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueCredential } from '../../src/server/auth/credentials.js'
import { startTestServer, type TestServer } from './helpers.js'

let t: TestServer
let client: XAPI

const actor = { objectType: 'Agent' as const, mbox: 'mailto:third.party@example.com', name: 'Third Party' }
const activityId = 'http://example.com/activities/third-party'

beforeAll(async () => {
  t = await startTestServer()
  const { key, secret } = await issueCredential(t.server.context.store, ['all'], new Date(), { label: '@xapi/xapi' })
  client = new XAPI({ endpoint: `${t.url}/xapi/`, auth: XAPI.toBasicAuth(key, secret), version: '1.0.3', adapter: 'fetch' })
})
afterAll(() => t.close())

describe('@xapi/xapi against the LRS', () => {
  it('writes statements, queries them, voids one, and keeps State documents', async () => {
    const id = randomUUID()
    const sent = await client.sendStatement({
      statement: { id, actor, verb: { id: 'http://adlnet.gov/expapi/verbs/experienced', display: { 'en-US': 'experienced' } }, object: { objectType: 'Activity', id: activityId } },
    })
    expect(sent.data).toEqual([id])
    const batch = await client.sendStatements({
      statements: [1, 2].map(() => ({ actor, verb: { id: 'http://adlnet.gov/expapi/verbs/answered' }, object: { objectType: 'Activity' as const, id: activityId } })),
    })
    expect(batch.data).toHaveLength(2)

    const one = await client.getStatement({ statementId: id })
    expect(one.data.id).toBe(id)
    const listed = await client.getStatements({ agent: actor, activity: activityId })
    expect(listed.data.statements.map((s) => s.id)).toContain(id)
    expect(listed.data.statements).toHaveLength(3)
    expect(listed.headers['x-experience-api-version'] ?? listed.headers['X-Experience-API-Version']).toBe('1.0.3')

    const voided = await client.voidStatement({ actor, statementId: id })
    expect(voided.data).toHaveLength(1)
    const after = await client.getStatements({ activity: activityId, verb: 'http://adlnet.gov/expapi/verbs/experienced' })
    // The voided statement is gone; the voiding statement matches through its StatementRef.
    expect(after.data.statements.map((s) => s.id)).toEqual(voided.data)
    const back = await client.getVoidedStatement({ voidedStatementId: id })
    expect(back.data.id).toBe(id)

    await client.setState({ agent: actor, activityId, stateId: 'bookmark', state: { page: 3 } })
    const state = await client.getState({ agent: actor, activityId, stateId: 'bookmark' })
    expect(state.data).toEqual({ page: 3 })
    expect((await client.getStates({ agent: actor, activityId })).data).toEqual(['bookmark'])
    await client.deleteState({ agent: actor, activityId, stateId: 'bookmark' })
    expect((await client.getStates({ agent: actor, activityId })).data).toEqual([])
  })
})
