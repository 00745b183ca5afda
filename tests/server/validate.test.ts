import { describe, expect, it } from 'vitest'
import { sameStatement } from '../../src/server/lrs/compare.js'
import { validateStatement } from '../../src/server/lrs/validate.js'

const base = {
  id: '8f4c1c9e-3b1a-4d2e-9f6a-1b2c3d4e5f60',
  actor: { objectType: 'Agent', account: { homePage: 'https://school.example', name: 's_abc' } },
  verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered' } },
  object: { id: 'https://school.example/activities/a', definition: { type: 'http://adlnet.gov/expapi/activities/cmi.interaction', interactionType: 'choice', choices: [{ id: 'a' }] } },
  result: { success: true, duration: 'PT12.5S', score: { scaled: -1, raw: 0, min: 0, max: 1 } },
  context: { registration: '8f4c1c9e-3b1a-4d2e-9f6a-1b2c3d4e5f61', contextActivities: { parent: { id: 'https://school.example/p' } }, language: 'en-GB' },
  timestamp: '2026-12-03T09:00:00.123+01:00',
}

describe('validateStatement', () => {
  it('accepts a full, well-formed statement', () => {
    expect(validateStatement(base, '1.0')).toBeNull()
  })

  it.each([
    [{ ...base, actor: { mbox: 'someone@example.com' } }, 'statement.actor.mbox: must be a mailto: IRI'],
    [{ ...base, actor: { mbox: 'mailto:a@b.c', account: { homePage: 'https://x.example', name: 'x' } } }, 'statement.actor: an Agent must have exactly one of mbox, mbox_sha1sum, openid, account'],
    [{ ...base, actor: { objectType: 'Group' } }, 'statement.actor.member: an anonymous Group must list its members'],
    [{ ...base, result: { duration: '12 seconds' } }, 'statement.result.duration: must be an ISO 8601 duration'],
    [{ ...base, result: { success: 'yes' } }, 'statement.result.success: must be a boolean'],
    [{ ...base, timestamp: '2026-12-03T09:00:00-00:00' }, 'statement.timestamp: must not use the offset -00:00'],
    [{ ...base, timestamp: '2026-12-03T09:00:00' }, 'statement.timestamp: must be an ISO 8601 timestamp with a time zone'],
    [{ ...base, verb: { id: 'http://adlnet.gov/expapi/verbs/voided' } }, 'statement.object: a voiding statement must have a StatementRef object'],
    [{ ...base, object: { objectType: 'SubStatement', actor: base.actor, verb: base.verb, object: { objectType: 'SubStatement' } } }, 'statement.object.object.objectType: a SubStatement cannot contain a SubStatement'],
    [{ ...base, context: { contextAgents: [] } }, 'statement.context.contextAgents: is not an allowed property'],
    [{ ...base, verb: { id: 'http://x.example/v', display: { 'not a tag': 'x' } } }, 'statement.verb.display.not a tag: must be keyed by a language tag'],
    [{ ...base, object: { id: 'https://x.example/a', definition: { choices: [] } } }, 'statement.object.definition.choices: needs an interactionType'],
    [{ ...base, result: { score: { raw: 5, max: 1 } } }, 'statement.result.score.raw: must not be greater than max'],
    [{ ...base, attachments: [{ usageType: 'http://x.example/u', display: { en: 'x' }, contentType: 'text/plain', length: 1, sha2: 'abc' }] }, 'statement.attachments[0].fileUrl: is required: this LRS does not accept attachment content (multipart/mixed) yet'],
    [[base], 'statement: must be an object'],
  ])('rejects %#', (statement, message) => {
    expect(validateStatement(statement, '1.0')).toBe(message)
  })

  it('allows 2.0 context agents only under 2.0', () => {
    const s = { ...base, context: { contextAgents: [{ objectType: 'contextAgent', agent: base.actor }] } }
    expect(validateStatement(s, '2.0')).toBeNull()
  })
})

describe('sameStatement', () => {
  it('ignores stored, authority, version and compares timestamps as instants', () => {
    const stored = { ...base, stored: '2026-12-03T08:00:00.000Z', authority: { mbox: 'mailto:lrs@x.example' }, version: '1.0.0', timestamp: '2026-12-03T08:00:00.123Z' }
    expect(sameStatement(stored, base)).toBe(true)
    expect(sameStatement(stored, { ...base, result: { success: false } })).toBe(false)
    expect(sameStatement(stored, { ...base, timestamp: '2026-12-03T08:00:00.124Z' })).toBe(false)
  })
})
