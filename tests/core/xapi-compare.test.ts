import { describe, expect, it } from 'vitest'
import { canonicalize, idsFormat, pickLanguage, statementsEquivalent } from '../../src/core/xapi/compare.js'
import type { Statement } from '../../src/core/xapi/types.js'

type J = Record<string, any>

const ID = 'fd41c918-b88b-4b20-a0a5-a4c32391aaa0'

function base(): J {
  return {
    id: ID,
    actor: { objectType: 'Agent', name: 'Learner', mbox: 'mailto:learner@example.com' },
    verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered', fr: 'a répondu' } },
    object: {
      objectType: 'Activity',
      id: 'https://fathom.education/activities/q1',
      definition: {
        name: { 'en-US': 'Question 1', fr: 'Question 1 (fr)' },
        description: { 'en-US': 'Sort the animals', 'en-GB': 'Sort the animals (GB)' },
        interactionType: 'choice',
        choices: [{ id: 'a', description: { 'en-US': 'Shark', fr: 'Requin' } }],
      },
    },
    result: { success: true, duration: 'PT12.5S', score: { scaled: 0.5 } },
    context: {
      registration: 'ec531277-b57b-4c15-8d91-d292c5b2b8f7',
      contextActivities: { parent: [{ id: 'https://fathom.education/activities/reef', definition: { name: { en: 'Reef' } } }] },
      extensions: { 'https://fathom.education/xapi/extensions/attempt': 1 },
    },
    timestamp: '2024-05-01T12:00:00.000Z',
  }
}

const s = (change: (x: J) => void = () => {}): Statement => {
  const x = base()
  change(x)
  return x as Statement
}

describe('statementsEquivalent (Data §2.3.1 Statement Comparison Requirements)', () => {
  it('treats a statement as equivalent to itself', () => {
    expect(statementsEquivalent(s(), s())).toBe(true)
  })
  it('ignores the order of object keys', () => {
    const reordered = Object.fromEntries(Object.entries(base()).reverse()) as Statement
    expect(statementsEquivalent(s(), reordered)).toBe(true)
  })
  it('ignores authority', () => {
    expect(statementsEquivalent(s(), s((x) => { x.authority = { mbox: 'mailto:lrs@example.com' } }))).toBe(true)
  })
  it('ignores stored', () => {
    expect(statementsEquivalent(s(), s((x) => { x.stored = '2024-05-02T00:00:00Z' }))).toBe(true)
  })
  it('ignores version', () => {
    expect(statementsEquivalent(s(), s((x) => { x.version = '1.0.0' }))).toBe(true)
  })
  it('compares timestamps as instants', () => {
    expect(statementsEquivalent(s(), s((x) => { x.timestamp = '2024-05-01T14:00:00+02:00' }))).toBe(true)
  })
  it('treats different instants as different', () => {
    expect(statementsEquivalent(s(), s((x) => { x.timestamp = '2024-05-01T12:00:00.001Z' }))).toBe(false)
  })
  it('ignores a timestamp missing on one side (the LRS fills it)', () => {
    expect(statementsEquivalent(s(), s((x) => { delete x.timestamp }))).toBe(true)
  })
  it('ignores an id missing on one side (the LRS assigns it)', () => {
    expect(statementsEquivalent(s(), s((x) => { delete x.id }))).toBe(true)
  })
  it('compares ids without case', () => {
    expect(statementsEquivalent(s(), s((x) => { x.id = ID.toUpperCase() }))).toBe(true)
  })
  it('treats different ids as different', () => {
    expect(statementsEquivalent(s(), s((x) => { x.id = '7ccd3322-e1a5-411a-a67d-6a735c76f119' }))).toBe(false)
  })
  it('ignores the Verb display (not part of the statement)', () => {
    expect(statementsEquivalent(s(), s((x) => { x.verb.display = { en: 'replied' } }))).toBe(true)
  })
  it('ignores Activity definitions (not part of the statement)', () => {
    expect(statementsEquivalent(s(), s((x) => { delete x.object.definition; x.context.contextActivities.parent[0].definition = { name: { en: 'x' } } }))).toBe(true)
  })
  it('ignores attachments (not part of the statement)', () => {
    const att = { usageType: 'http://adlnet.gov/expapi/attachments/signature', display: { en: 'sig' }, contentType: 'application/octet-stream', length: 3, sha2: 'a'.repeat(64) }
    expect(statementsEquivalent(s(), s((x) => { x.attachments = [att] }))).toBe(true)
  })
  it('treats a different verb id as different', () => {
    expect(statementsEquivalent(s(), s((x) => { x.verb.id = 'http://adlnet.gov/expapi/verbs/attempted' }))).toBe(false)
  })
  it('treats a different activity id as different', () => {
    expect(statementsEquivalent(s(), s((x) => { x.object.id = 'https://fathom.education/activities/q2' }))).toBe(false)
  })
  it('treats a different result as different', () => {
    expect(statementsEquivalent(s(), s((x) => { x.result.success = false }))).toBe(false)
  })
  it('treats a different extension value as different', () => {
    expect(statementsEquivalent(s(), s((x) => { x.context.extensions['https://fathom.education/xapi/extensions/attempt'] = 2 }))).toBe(false)
  })
  it('treats a different Agent name as different', () => {
    expect(statementsEquivalent(s(), s((x) => { x.actor.name = 'Someone' }))).toBe(false)
  })
  it('compares the domain of an mbox without case', () => {
    expect(statementsEquivalent(s(), s((x) => { x.actor.mbox = 'mailto:learner@EXAMPLE.com' }))).toBe(true)
  })
  it('compares the local part of an mbox with case', () => {
    expect(statementsEquivalent(s(), s((x) => { x.actor.mbox = 'mailto:Learner@example.com' }))).toBe(false)
  })
  it('compares mbox_sha1sum without case', () => {
    const a = s((x) => { x.actor = { mbox_sha1sum: 'ebd31e95054c018b10727ccffd2ef2ec3a016ee9' } })
    const b = s((x) => { x.actor = { mbox_sha1sum: 'EBD31E95054C018B10727CCFFD2EF2EC3A016EE9' } })
    expect(statementsEquivalent(a, b)).toBe(true)
  })
  it('treats an Agent with and without objectType "Agent" as the same', () => {
    expect(statementsEquivalent(s(), s((x) => { delete x.actor.objectType }))).toBe(true)
  })
  it('compares the registration without case', () => {
    expect(statementsEquivalent(s(), s((x) => { x.context.registration = x.context.registration.toUpperCase() }))).toBe(true)
  })
  it('ignores the order of Group members', () => {
    const m1 = { mbox: 'mailto:a@example.com' }
    const m2 = { mbox: 'mailto:b@example.com' }
    const a = s((x) => { x.actor = { objectType: 'Group', member: [m1, m2] } })
    const b = s((x) => { x.actor = { objectType: 'Group', member: [m2, m1] } })
    expect(statementsEquivalent(a, b)).toBe(true)
  })
  it('treats different Group members as different', () => {
    const a = s((x) => { x.actor = { objectType: 'Group', member: [{ mbox: 'mailto:a@example.com' }] } })
    const b = s((x) => { x.actor = { objectType: 'Group', member: [{ mbox: 'mailto:c@example.com' }] } })
    expect(statementsEquivalent(a, b)).toBe(false)
  })
  it('keeps the order of context Activities', () => {
    const p1 = { id: 'http://example.com/1' }
    const p2 = { id: 'http://example.com/2' }
    const a = s((x) => { x.context.contextActivities = { other: [p1, p2] } })
    const b = s((x) => { x.context.contextActivities = { other: [p2, p1] } })
    expect(statementsEquivalent(a, b)).toBe(false)
  })
  it('treats a single context Activity as an array of one', () => {
    const a = s((x) => { x.context.contextActivities = { parent: { id: 'https://fathom.education/activities/reef' } } })
    expect(statementsEquivalent(a, s())).toBe(true)
  })
  it('compares durations as strings', () => {
    expect(statementsEquivalent(s(), s((x) => { x.result.duration = 'PT0M12.5S' }))).toBe(false)
  })
  it('ignores duration precision beyond 0.01 seconds', () => {
    const a = s((x) => { x.result.duration = 'PT12.501S' })
    const b = s((x) => { x.result.duration = 'PT12.509S' })
    expect(statementsEquivalent(a, b)).toBe(true)
  })
  it('compares SubStatement timestamps as instants', () => {
    const sub = (ts: string) => s((x) => {
      x.object = { objectType: 'SubStatement', actor: { mbox: 'mailto:a@example.com' }, verb: { id: 'http://example.com/v' }, object: { id: 'http://example.com/o' }, timestamp: ts }
    })
    expect(statementsEquivalent(sub('2030-01-01T01:00:00+01:00'), sub('2030-01-01T00:00:00Z'))).toBe(true)
    expect(statementsEquivalent(sub('2030-01-01T01:00:00Z'), sub('2030-01-01T00:00:00Z'))).toBe(false)
  })
  it('compares StatementRef ids without case', () => {
    const ref = (id: string) => s((x) => { x.object = { objectType: 'StatementRef', id } })
    expect(statementsEquivalent(ref(ID), ref(ID.toUpperCase()))).toBe(true)
  })
  it('treats a property present on one side only as different', () => {
    expect(statementsEquivalent(s(), s((x) => { delete x.result }))).toBe(false)
  })
})

describe('canonicalize (format=canonical, Communication §2.1.3)', () => {
  it('keeps one language in each Activity language map, by preference', () => {
    const c = canonicalize(s(), ['fr']) as J
    expect(c.object.definition.name).toEqual({ fr: 'Question 1 (fr)' })
    expect(c.object.definition.choices[0].description).toEqual({ fr: 'Requin' })
  })
  it('keeps one language in the Verb display', () => {
    expect((canonicalize(s(), ['en']) as J).verb.display).toEqual({ 'en-US': 'answered' })
  })
  it('matches a language range against longer tags (en matches en-GB)', () => {
    expect(pickLanguage({ 'en-GB': 'x', fr: 'y' }, ['en'])).toBe('en-GB')
  })
  it('matches tags without case', () => {
    expect(pickLanguage({ 'en-GB': 'x', 'en-US': 'y' }, ['EN-us'])).toBe('en-US')
  })
  it('falls back to the first language when none matches', () => {
    const c = canonicalize(s(), ['de']) as J
    expect(c.object.definition.description).toEqual({ 'en-US': 'Sort the animals' })
  })
  it('uses the preferences in order', () => {
    expect(pickLanguage({ fr: 'x', 'en-US': 'y' }, ['de', 'en', 'fr'])).toBe('en-US')
  })
  it('filters context Activities too', () => {
    const c = canonicalize(s((x) => { x.context.contextActivities.parent[0].definition.name = { en: 'Reef', fr: 'Récif' } }), ['fr']) as J
    expect(c.context.contextActivities.parent[0].definition.name).toEqual({ fr: 'Récif' })
  })
  it('returns Agents as they are', () => {
    expect((canonicalize(s(), ['fr']) as J).actor).toEqual(base().actor)
  })
  it('does not change its input', () => {
    const input = s()
    canonicalize(input, ['fr'])
    expect(input).toEqual(base())
  })
})

describe('idsFormat (format=ids, Communication §2.1.3)', () => {
  it('reduces an Agent to its identifier', () => {
    expect((idsFormat(s()) as J).actor).toEqual({ objectType: 'Agent', mbox: 'mailto:learner@example.com' })
  })
  it('reduces an Activity to its id', () => {
    expect((idsFormat(s()) as J).object).toEqual({ objectType: 'Activity', id: 'https://fathom.education/activities/q1' })
  })
  it('reduces a Verb to its id', () => {
    expect((idsFormat(s()) as J).verb).toEqual({ id: 'http://adlnet.gov/expapi/verbs/answered' })
  })
  it('reduces an identified Group to its identifier', () => {
    const g = idsFormat(s((x) => { x.actor = { objectType: 'Group', name: 'T', mbox: 'mailto:t@example.com', member: [{ mbox: 'mailto:a@example.com' }] } })) as J
    expect(g.actor).toEqual({ objectType: 'Group', mbox: 'mailto:t@example.com' })
  })
  it('reduces an anonymous Group to its members\' identifiers', () => {
    const g = idsFormat(s((x) => { x.actor = { objectType: 'Group', name: 'T', member: [{ name: 'A', mbox: 'mailto:a@example.com' }] } })) as J
    expect(g.actor).toEqual({ objectType: 'Group', member: [{ mbox: 'mailto:a@example.com' }] })
  })
  it('reduces context Activities, instructor and authority', () => {
    const r = idsFormat(s((x) => { x.context.instructor = { name: 'T', mbox: 'mailto:t@example.com' }; x.authority = { name: 'LRS', account: { homePage: 'https://lrs.example', name: 'k' } } })) as J
    expect(r.context.contextActivities.parent).toEqual([{ id: 'https://fathom.education/activities/reef' }])
    expect(r.context.instructor).toEqual({ mbox: 'mailto:t@example.com' })
    expect(r.authority).toEqual({ account: { homePage: 'https://lrs.example', name: 'k' } })
  })
  it('reduces inside a SubStatement', () => {
    const r = idsFormat(s((x) => {
      x.object = { objectType: 'SubStatement', actor: { name: 'A', mbox: 'mailto:a@example.com' }, verb: { id: 'http://example.com/v', display: { en: 'v' } }, object: { id: 'http://example.com/o', definition: { name: { en: 'o' } } } }
    })) as J
    expect(r.object).toEqual({ objectType: 'SubStatement', actor: { mbox: 'mailto:a@example.com' }, verb: { id: 'http://example.com/v' }, object: { id: 'http://example.com/o' } })
  })
  it('keeps result, context extensions and timestamp', () => {
    const r = idsFormat(s()) as J
    expect(r.result).toEqual(base().result)
    expect(r.context.extensions).toEqual(base().context.extensions)
    expect(r.timestamp).toBe(base().timestamp)
  })
})
