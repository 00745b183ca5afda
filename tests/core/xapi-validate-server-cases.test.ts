/**
 * Cases the portfolio server's former validator (src/server/lrs/validate.ts,
 * now removed) tested, checked against the core validator: the property each
 * rejection names. Moved here when the server switched to core/xapi.
 */
import { describe, expect, it } from 'vitest'
import { statementsEquivalent } from '../../src/core/xapi/compare.js'
import type { Statement } from '../../src/core/xapi/types.js'
import { validateStatement, validateStatements } from '../../src/core/xapi/validate.js'

const base = {
  id: '8f4c1c9e-3b1a-4d2e-9f6a-1b2c3d4e5f60',
  actor: { objectType: 'Agent', account: { homePage: 'https://school.example', name: 's_abc' } },
  verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered' } },
  object: { id: 'https://school.example/activities/a', definition: { type: 'http://adlnet.gov/expapi/activities/cmi.interaction', interactionType: 'choice', choices: [{ id: 'a' }] } },
  result: { success: true, duration: 'PT12.5S', score: { scaled: -1, raw: 0, min: 0, max: 1 } },
  context: { registration: '8f4c1c9e-3b1a-4d2e-9f6a-1b2c3d4e5f61', contextActivities: { parent: { id: 'https://school.example/p' } }, language: 'en-GB' },
  timestamp: '2026-12-03T09:00:00.123+01:00',
}

function property(input: unknown, version: '1.0' | '2.0' = '1.0'): string | null {
  const r = validateStatement(input, { version })
  return r.ok ? null : r.error.property
}

describe('server cases: validateStatement', () => {
  it('accepts a full, well-formed statement', () => {
    expect(property(base)).toBeNull()
  })

  it.each([
    ['mbox without mailto', { ...base, actor: { mbox: 'someone@example.com' } }, 'actor.mbox'],
    ['two IFIs', { ...base, actor: { mbox: 'mailto:a@b.c', account: { homePage: 'https://x.example', name: 'x' } } }, 'actor'],
    ['anonymous group without members', { ...base, actor: { objectType: 'Group' } }, 'actor'],
    ['bad duration', { ...base, result: { duration: '12 seconds' } }, 'result.duration'],
    ['non-boolean success', { ...base, result: { success: 'yes' } }, 'result.success'],
    ['-00:00 offset', { ...base, timestamp: '2026-12-03T09:00:00-00:00' }, 'timestamp'],
    ['voiding without StatementRef', { ...base, verb: { id: 'http://adlnet.gov/expapi/verbs/voided' } }, 'object'],
    ['nested SubStatement', { ...base, object: { objectType: 'SubStatement', actor: base.actor, verb: base.verb, object: { objectType: 'SubStatement' } } }, 'object.object'],
    ['contextAgents under 1.0', { ...base, context: { contextAgents: [] } }, 'context.contextAgents'],
    ['display keyed by a non-tag', { ...base, verb: { id: 'http://x.example/v', display: { 'not a tag': 'x' } } }, 'verb.display'],
    ['raw above max', { ...base, result: { score: { raw: 5, max: 1 } } }, 'result.score'],
  ])('rejects %s, naming the property', (_name, statement, expected) => {
    const p = property(statement)
    expect(p).not.toBeNull()
    expect(p?.startsWith(expected)).toBe(true)
  })

  it('rejects an array where one statement is expected', () => {
    expect(validateStatement([base], { version: '1.0' }).ok).toBe(false)
  })

  it('allows 2.0 context agents only under 2.0', () => {
    const s = { ...base, context: { contextAgents: [{ objectType: 'contextAgent', agent: base.actor }] } }
    expect(property(s, '2.0')).toBeNull()
    expect(property(s, '1.0')).not.toBeNull()
  })

  it('names the index of the failing statement of a batch', () => {
    const r = validateStatements([base, { ...base, id: undefined, verb: { id: 'not an iri' } }], { version: '1.0' })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.property).toBe('[1].verb.id')
  })
})

describe('server cases: statementsEquivalent', () => {
  it('ignores stored, authority, version and compares timestamps as instants', () => {
    const stored = { ...base, stored: '2026-12-03T08:00:00.000Z', authority: { mbox: 'mailto:lrs@x.example' }, version: '1.0.0', timestamp: '2026-12-03T08:00:00.123Z' }
    const s = (v: unknown) => v as Statement
    expect(statementsEquivalent(s(stored), s(base))).toBe(true)
    expect(statementsEquivalent(s(stored), s({ ...base, result: { success: false } }))).toBe(false)
    expect(statementsEquivalent(s(stored), s({ ...base, timestamp: '2026-12-03T08:00:00.124Z' }))).toBe(false)
  })
})
