import { describe, expect, it } from 'vitest'
import {
  isDuration,
  isIri,
  isLanguageTag,
  timestampInstant,
  validateStatement,
  validateStatements,
  type XapiVersion,
} from '../../src/core/xapi/validate.js'

type J = Record<string, any>

const ID = 'fd41c918-b88b-4b20-a0a5-a4c32391aaa0'
const ID2 = '7ccd3322-e1a5-411a-a67d-6a735c76f119'
const SHA256 = '495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a'

function base(): J {
  return {
    id: ID,
    actor: { objectType: 'Agent', name: 'Learner', mbox: 'mailto:learner@example.com' },
    verb: { id: 'http://adlnet.gov/expapi/verbs/attempted', display: { 'en-US': 'attempted' } },
    object: { objectType: 'Activity', id: 'https://fathom.education/activities/reef' },
    timestamp: '2024-05-01T12:00:00.000Z',
  }
}

/** base() with changes applied by a mutator. */
function statement(change: (s: J) => void = () => {}): J {
  const s = base()
  change(s)
  return s
}

function accepts(input: unknown, version: XapiVersion) {
  const r = validateStatement(input, { version })
  if (!r.ok) throw new Error(`expected acceptance, got ${r.error.message}`)
  return r.statement as J
}

function rejection(input: unknown, version: XapiVersion) {
  const r = validateStatement(input, { version })
  if (r.ok) throw new Error('expected rejection, statement was accepted')
  return r.error
}

function rejectsAt(input: unknown, version: XapiVersion, property: string) {
  const error = rejection(input, version)
  expect(error.property).toBe(property)
  expect(error.message.startsWith(property === '' ? '' : `${property}: `)).toBe(true)
  return error
}

const interaction = (def: J) => (s: J) => {
  s.object.definition = { type: 'http://adlnet.gov/expapi/activities/cmi.interaction', ...def }
}

describe.each(['1.0', '2.0'] as const)('xAPI %s statements', (version) => {
  const ok = (input: unknown) => accepts(input, version)
  const bad = (input: unknown, property: string) => rejectsAt(input, version, property)

  describe('statement', () => {
    it('accepts the simplest statement (actor, verb, object)', () => {
      ok({ actor: { mbox: 'mailto:xapi@adlnet.gov' }, verb: { id: 'http://adlnet.gov/expapi/verbs/created' }, object: { id: 'http://example.adlnet.gov/xapi/example/activity' } })
    })
    it('accepts a statement without id or timestamp (the LRS assigns them)', () => {
      const r = ok(statement((s) => { delete s.id; delete s.timestamp }))
      expect(r.id).toBeUndefined()
    })
    it.each(['actor', 'verb', 'object'])('requires %s', (key) => {
      bad(statement((s) => { delete s[key] }), key)
    })
    it('rejects an unknown top-level property', () => {
      bad(statement((s) => { s.foo = 1 }), 'foo')
    })
    it('rejects a property whose case differs from the specification', () => {
      const e = bad(statement((s) => { s.Actor = s.actor; delete s.actor }), 'Actor')
      expect(e.message).toContain('case-sensitive')
    })
    it('rejects null values', () => {
      bad(statement((s) => { s.result = null }), 'result')
    })
    it('treats undefined properties as absent', () => {
      const r = ok(statement((s) => { s.result = undefined }))
      expect('result' in r).toBe(false)
    })
    it('returns a copy, not the input', () => {
      const input = statement()
      const r = ok(input)
      expect(r).toEqual(input)
      expect(r).not.toBe(input)
      expect(r.actor).not.toBe(input.actor)
    })
  })

  describe('never throws', () => {
    it.each([
      ['null', null],
      ['a number', 42],
      ['a string', 'statement'],
      ['a boolean', true],
      ['an array', [statement()]],
      ['undefined', undefined],
    ])('rejects %s as a statement', (_, input) => {
      const r = validateStatement(input, { version })
      expect(r.ok).toBe(false)
    })
    it('accepts deeply nested extension values without exhausting the stack', () => {
      let deep: unknown = 'bottom'
      for (let i = 0; i < 100_000; i++) deep = [deep]
      const r = validateStatement(statement((s) => { s.result = { extensions: { 'http://example.com/deep': deep } } }), { version })
      expect(r.ok).toBe(true)
    })
    it('rejects a cycle inside extensions', () => {
      const cyclic: J = {}
      cyclic.self = cyclic
      bad(statement((s) => { s.result = { extensions: { 'http://example.com/c': cyclic } } }), 'result.extensions.http://example.com/c')
    })
    it('rejects a hostile object whose getter throws', () => {
      const hostile = { get actor(): never { throw new Error('boom') }, verb: {}, object: {} }
      expect(validateStatement(hostile, { version }).ok).toBe(false)
    })
    it('rejects junk at every level', () => {
      for (const junk of [null, 1, 'x', [], {}, true]) {
        for (const key of ['actor', 'verb', 'object', 'result', 'context', 'attachments', 'authority']) {
          expect(() => validateStatement(statement((s) => { s[key] = junk }), { version })).not.toThrow()
        }
      }
    })
    it('keeps a "__proto__" key inside extensions as data', () => {
      const ext = JSON.parse('{"__proto__": {"polluted": true}}')
      const r = ok(statement((s) => { s.result = { extensions: { 'http://example.com/x': ext } } }))
      expect(Object.keys(r.result.extensions['http://example.com/x'])).toEqual(['__proto__'])
      expect(({} as J).polluted).toBeUndefined()
    })
  })

  describe('id (§2.4.1, §4.4)', () => {
    it('accepts a UUID of any version and variant', () => {
      ok(statement((s) => { s.id = '12345678-1234-5678-1234-567812345678' }))
      ok(statement((s) => { s.id = '00000000-0000-0000-0000-000000000000' }))
    })
    it('accepts an uppercase UUID (hex is case-insensitive)', () => {
      ok(statement((s) => { s.id = 'AA97B177-9383-4934-8543-0F91A7A02836' }))
    })
    it.each([
      ['too many digits', 'AA97B177-9383-4934-8543-0F91A7A028368'],
      ['a non-hex letter', 'MA97B177-9383-4934-8543-0F91A7A02836'],
      ['no hyphens', 'fd41c918b88b4b20a0a5a4c32391aaa0'],
      ['braces', '{fd41c918-b88b-4b20-a0a5-a4c32391aaa0}'],
      ['the empty string', ''],
    ])('rejects an id with %s', (_, id) => {
      bad(statement((s) => { s.id = id }), 'id')
    })
    it('rejects a numeric id', () => {
      bad(statement((s) => { s.id = 12345 }), 'id')
    })
  })

  describe('actor: Agent (§2.4.2.1)', () => {
    it('accepts an Agent without objectType', () => {
      ok(statement((s) => { s.actor = { mbox: 'mailto:a@example.com' } }))
    })
    it('rejects an Agent with no inverse functional identifier', () => {
      bad(statement((s) => { s.actor = { name: 'Nobody' } }), 'actor')
    })
    it('rejects an Agent with two inverse functional identifiers', () => {
      const e = bad(statement((s) => { s.actor.openid = 'http://openid.example.org/u' }), 'actor')
      expect(e.message).toContain('mbox and openid')
    })
    it('rejects an mbox that is not a mailto IRI', () => {
      const e = bad(statement((s) => { s.actor.mbox = 'learner@example.com' }), 'actor.mbox')
      expect(e.message).toContain('must be a mailto IRI')
    })
    it('rejects an mbox with no address', () => {
      bad(statement((s) => { s.actor.mbox = 'mailto:' }), 'actor.mbox')
    })
    it('accepts mbox_sha1sum of 40 hex digits', () => {
      ok(statement((s) => { s.actor = { mbox_sha1sum: 'ebd31e95054c018b10727ccffd2ef2ec3a016ee9' } }))
    })
    it('rejects an mbox_sha1sum that is not 40 hex digits', () => {
      bad(statement((s) => { s.actor = { mbox_sha1sum: 'ebd31e95054c018b10727ccffd2ef2ec3a016ee' } }), 'actor.mbox_sha1sum')
      bad(statement((s) => { s.actor = { mbox_sha1sum: 'zbd31e95054c018b10727ccffd2ef2ec3a016ee9' } }), 'actor.mbox_sha1sum')
    })
    it('accepts an openid URI', () => {
      ok(statement((s) => { s.actor = { openid: 'http://toby.openid.example.org/' } }))
    })
    it('rejects an openid that is not an absolute URI', () => {
      bad(statement((s) => { s.actor = { openid: 'toby.openid.example.org' } }), 'actor.openid')
    })
    it('accepts an account with homePage and name', () => {
      ok(statement((s) => { s.actor = { account: { homePage: 'http://www.example.com', name: '1625378' } } }))
    })
    it('rejects an account without homePage', () => {
      bad(statement((s) => { s.actor = { account: { name: '1625378' } } }), 'actor.account.homePage')
    })
    it('rejects an account without name', () => {
      bad(statement((s) => { s.actor = { account: { homePage: 'http://www.example.com' } } }), 'actor.account.name')
    })
    it('rejects an account whose homePage is not an IRL', () => {
      bad(statement((s) => { s.actor = { account: { homePage: 'www.example.com', name: 'x' } } }), 'actor.account.homePage')
    })
    it('rejects an account name that is not a string', () => {
      bad(statement((s) => { s.actor = { account: { homePage: 'http://www.example.com', name: { key: 'x' } } } }), 'actor.account.name')
    })
    it('rejects an unknown property in an account', () => {
      bad(statement((s) => { s.actor = { account: { homePage: 'http://www.example.com', name: 'x', id: 1 } } }), 'actor.account.id')
    })
    it('rejects an unknown property in an Agent', () => {
      bad(statement((s) => { s.actor.age = 12 }), 'actor.age')
    })
    it('rejects an unknown actor objectType', () => {
      bad(statement((s) => { s.actor.objectType = 'Person' }), 'actor.objectType')
    })
    it('rejects an Agent name that is not a string', () => {
      bad(statement((s) => { s.actor.name = 7 }), 'actor.name')
    })
  })

  describe('actor: Group (§2.4.2.2)', () => {
    const member = [{ mbox: 'mailto:a@example.com' }, { objectType: 'Agent', account: { homePage: 'http://www.example.com', name: '2' } }]
    it('accepts an anonymous Group with members', () => {
      ok(statement((s) => { s.actor = { objectType: 'Group', member } }))
    })
    it('rejects an anonymous Group without member', () => {
      bad(statement((s) => { s.actor = { objectType: 'Group', name: 'Team' } }), 'actor.member')
    })
    it('rejects an anonymous Group with an empty member list', () => {
      bad(statement((s) => { s.actor = { objectType: 'Group', member: [] } }), 'actor.member')
    })
    it('accepts an identified Group without members', () => {
      ok(statement((s) => { s.actor = { objectType: 'Group', openid: 'http://group.openid.example.org/' } }))
    })
    it('accepts an identified Group with members', () => {
      ok(statement((s) => { s.actor = { objectType: 'Group', mbox: 'mailto:team@example.com', member } }))
    })
    it('rejects an identified Group with two inverse functional identifiers', () => {
      bad(statement((s) => { s.actor = { objectType: 'Group', mbox: 'mailto:team@example.com', openid: 'http://g.example.org/' } }), 'actor')
    })
    it('rejects a Group as a member of a Group', () => {
      bad(statement((s) => { s.actor = { objectType: 'Group', member: [{ objectType: 'Group', mbox: 'mailto:g@example.com' }] } }), 'actor.member[0].objectType')
    })
    it('rejects an invalid member Agent', () => {
      bad(statement((s) => { s.actor = { objectType: 'Group', member: [{ mbox: 'mailto:a@example.com' }, { name: 'x' }] } }), 'actor.member[1]')
    })
    it('rejects member that is not an array', () => {
      bad(statement((s) => { s.actor = { objectType: 'Group', member: { mbox: 'mailto:a@example.com' } } }), 'actor.member')
    })
    it('rejects an unknown property in a Group', () => {
      bad(statement((s) => { s.actor = { objectType: 'Group', member, size: 2 } }), 'actor.size')
    })
  })

  describe('verb (§2.4.3)', () => {
    it('requires the verb id', () => {
      bad(statement((s) => { s.verb = { display: { en: 'did' } } }), 'verb.id')
    })
    it('rejects a verb id that is not an IRI', () => {
      bad(statement((s) => { s.verb.id = 'attempted' }), 'verb.id')
    })
    it('accepts a verb without display', () => {
      ok(statement((s) => { delete s.verb.display }))
    })
    it('rejects a display that is not a language map', () => {
      bad(statement((s) => { s.verb.display = 'attempted' }), 'verb.display')
    })
    it('rejects a null display value', () => {
      bad(statement((s) => { s.verb.display = { 'en-US': null } }), 'verb.display.en-US')
    })
    it('rejects an unknown property in a verb', () => {
      bad(statement((s) => { s.verb.name = 'x' }), 'verb.name')
    })
    it('accepts an IRI with non-ASCII characters', () => {
      ok(statement((s) => { s.verb.id = 'http://example.com/فعل/خواندن' }))
    })
  })

  describe('language maps (§4.2, RFC 5646)', () => {
    it.each(['en', 'en-US', 'es-MX', 'zh-Hant-TW', 'sr-Latn-RS', 'de-CH-1901', 'x-private', 'en-x-fathom', 'i-klingon', 'es-419', 'zh-yue-HK'])(
      'accepts the tag %s',
      (tag) => {
        ok(statement((s) => { s.verb.display = { [tag]: 'x' } }))
      },
    )
    it.each(['en_US', '', 'e1', 'en-', '-en', 'e', 'en--US', 'x', 'toolongtag'])('rejects the tag "%s"', (tag) => {
      bad(statement((s) => { s.verb.display = { [tag]: 'x' } }), `verb.display.${tag}`)
    })
    it('rejects a language map value that is not a string', () => {
      bad(statement((s) => { s.verb.display = { en: 5 } }), 'verb.display.en')
    })
  })

  describe('object: Activity (§2.4.4.1)', () => {
    it('treats an object without objectType as an Activity', () => {
      ok(statement((s) => { s.object = { id: 'http://example.com/a' } }))
    })
    it('requires the Activity id', () => {
      bad(statement((s) => { s.object = { objectType: 'Activity' } }), 'object.id')
    })
    it('rejects a relative Activity id', () => {
      bad(statement((s) => { s.object.id = '/activities/reef' }), 'object.id')
    })
    it('rejects an Activity id with a space', () => {
      bad(statement((s) => { s.object.id = 'http://example.com/a b' }), 'object.id')
    })
    it('rejects an unknown objectType', () => {
      bad(statement((s) => { s.object.objectType = 'Thing' }), 'object.objectType')
    })
    it('rejects an objectType whose case differs', () => {
      bad(statement((s) => { s.object.objectType = 'activity' }), 'object.objectType')
    })
    it('accepts a full definition', () => {
      ok(statement((s) => {
        s.object.definition = {
          name: { en: 'Reef' },
          description: { en: 'A reef dive' },
          type: 'http://adlnet.gov/expapi/activities/simulation',
          moreInfo: 'https://fathom.education/reef',
          extensions: { 'https://fathom.education/xapi/extensions/tier': 2 },
        }
      }))
    })
    it('rejects a definition name that is not a language map', () => {
      bad(statement((s) => { s.object.definition = { name: 'Reef' } }), 'object.definition.name')
    })
    it('rejects a definition type that is not an IRI', () => {
      bad(statement((s) => { s.object.definition = { type: 'simulation' } }), 'object.definition.type')
    })
    it('rejects a moreInfo that is not an IRL', () => {
      bad(statement((s) => { s.object.definition = { moreInfo: 'reef.html' } }), 'object.definition.moreInfo')
    })
    it('rejects a null moreInfo', () => {
      bad(statement((s) => { s.object.definition = { moreInfo: null } }), 'object.definition.moreInfo')
    })
    it('rejects an unknown property in a definition', () => {
      bad(statement((s) => { s.object.definition = { title: { en: 'x' } } }), 'object.definition.title')
    })
  })

  describe('interaction activities (§2.4.4.1.s8–s16)', () => {
    it.each(['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other'])(
      'accepts the interactionType %s',
      (interactionType) => {
        ok(statement(interaction({ interactionType, correctResponsesPattern: ['a'] })))
      },
    )
    it('rejects an unknown interactionType', () => {
      bad(statement(interaction({ interactionType: 'drag-drop' })), 'object.definition.interactionType')
    })
    it('rejects an interactionType in the wrong case', () => {
      bad(statement(interaction({ interactionType: 'Choice' })), 'object.definition.interactionType')
    })
    it('rejects correctResponsesPattern without interactionType', () => {
      bad(statement(interaction({ correctResponsesPattern: ['a'] })), 'object.definition.correctResponsesPattern')
    })
    it('rejects a correctResponsesPattern that is not an array of strings', () => {
      bad(statement(interaction({ interactionType: 'choice', correctResponsesPattern: 'a' })), 'object.definition.correctResponsesPattern')
      bad(statement(interaction({ interactionType: 'choice', correctResponsesPattern: ['a', 1] })), 'object.definition.correctResponsesPattern[1]')
    })
    it('accepts an empty correctResponsesPattern (no answer is correct)', () => {
      ok(statement(interaction({ interactionType: 'choice', correctResponsesPattern: [] })))
    })
    it('accepts choices for a choice interaction', () => {
      ok(statement(interaction({ interactionType: 'choice', choices: [{ id: 'a', description: { en: 'A' } }, { id: 'b' }] })))
    })
    it('accepts choices for a sequencing interaction', () => {
      ok(statement(interaction({ interactionType: 'sequencing', choices: [{ id: 'a' }] })))
    })
    it('accepts scale for a likert interaction', () => {
      ok(statement(interaction({ interactionType: 'likert', scale: [{ id: '1' }] })))
    })
    it('accepts source and target for a matching interaction', () => {
      ok(statement(interaction({ interactionType: 'matching', source: [{ id: 's' }], target: [{ id: 't' }] })))
    })
    it('accepts steps for a performance interaction', () => {
      ok(statement(interaction({ interactionType: 'performance', steps: [{ id: 'step1' }] })))
    })
    it('rejects a component list the interactionType does not support', () => {
      bad(statement(interaction({ interactionType: 'likert', choices: [{ id: 'a' }] })), 'object.definition.choices')
      bad(statement(interaction({ interactionType: 'true-false', scale: [{ id: 'a' }] })), 'object.definition.scale')
      bad(statement(interaction({ interactionType: 'choice', steps: [{ id: 'a' }] })), 'object.definition.steps')
    })
    it('rejects a component list without interactionType', () => {
      bad(statement(interaction({ choices: [{ id: 'a' }] })), 'object.definition.choices')
    })
    it('rejects duplicate component ids within a list', () => {
      bad(statement(interaction({ interactionType: 'choice', choices: [{ id: 'a' }, { id: 'a' }] })), 'object.definition.choices[1].id')
    })
    it('rejects a component without id', () => {
      bad(statement(interaction({ interactionType: 'choice', choices: [{ description: { en: 'A' } }] })), 'object.definition.choices[0].id')
    })
    it('rejects an unknown property in a component', () => {
      bad(statement(interaction({ interactionType: 'choice', choices: [{ id: 'a', label: 'A' }] })), 'object.definition.choices[0].label')
    })
    it('rejects a component description with a bad language tag', () => {
      bad(statement(interaction({ interactionType: 'choice', choices: [{ id: 'a', description: { en_US: 'A' } }] })), 'object.definition.choices[0].description.en_US')
    })
  })

  describe('object: Agent or Group (§2.4.4.2)', () => {
    it('accepts an Agent object with objectType', () => {
      ok(statement((s) => { s.object = { objectType: 'Agent', mbox: 'mailto:b@example.com' } }))
    })
    it('reads an Agent-shaped object without objectType as an Activity, and rejects it', () => {
      bad(statement((s) => { s.object = { mbox: 'mailto:b@example.com' } }), 'object.mbox')
    })
    it('accepts a Group object', () => {
      ok(statement((s) => { s.object = { objectType: 'Group', member: [{ mbox: 'mailto:b@example.com' }] } }))
    })
    it('rejects an invalid Agent object', () => {
      bad(statement((s) => { s.object = { objectType: 'Agent', mbox: 'b@example.com' } }), 'object.mbox')
    })
  })

  describe('object: StatementRef (§2.4.4.3)', () => {
    it('accepts a StatementRef', () => {
      ok(statement((s) => { s.object = { objectType: 'StatementRef', id: ID2 } }))
    })
    it('rejects a StatementRef whose id is not a UUID', () => {
      bad(statement((s) => { s.object = { objectType: 'StatementRef', id: 'http://example.com/s' } }), 'object.id')
    })
    it('rejects a StatementRef without id', () => {
      bad(statement((s) => { s.object = { objectType: 'StatementRef' } }), 'object.id')
    })
    it('rejects an unknown property in a StatementRef', () => {
      bad(statement((s) => { s.object = { objectType: 'StatementRef', id: ID2, definition: {} } }), 'object.definition')
    })
  })

  describe('object: SubStatement (§2.4.4.3.s8)', () => {
    const sub = (change: (o: J) => void = () => {}) =>
      statement((s) => {
        const o: J = { objectType: 'SubStatement', actor: { mbox: 'mailto:a@example.com' }, verb: { id: 'http://example.com/visited' }, object: { id: 'http://example.com/website' } }
        change(o)
        s.object = o
      })
    it('accepts a SubStatement', () => {
      ok(sub())
    })
    it('accepts a SubStatement with result, context, timestamp and attachments', () => {
      ok(sub((o) => {
        o.result = { success: true }
        o.context = { platform: 'Fathom' }
        o.timestamp = '2030-01-01T00:00:00Z'
        o.attachments = [{ usageType: 'http://example.com/u', display: { en: 'a' }, contentType: 'text/plain', length: 1, sha2: SHA256 }]
      }))
    })
    it.each(['id', 'stored', 'version', 'authority'])('rejects a SubStatement with %s', (key) => {
      bad(sub((o) => { o[key] = key === 'authority' ? { mbox: 'mailto:x@example.com' } : key === 'id' ? ID2 : key === 'version' ? '1.0.0' : '2024-01-01T00:00:00Z' }), `object.${key}`)
    })
    it('rejects a SubStatement that contains a SubStatement', () => {
      bad(sub((o) => { o.object = { objectType: 'SubStatement', actor: o.actor, verb: o.verb, object: { id: 'http://example.com/x' } } }), 'object.object.objectType')
    })
    it('validates a SubStatement as a statement (requires actor)', () => {
      bad(sub((o) => { delete o.actor }), 'object.actor')
    })
    it('validates the SubStatement context against its own object', () => {
      bad(sub((o) => { o.object = { objectType: 'Agent', mbox: 'mailto:z@example.com' }; o.context = { revision: '2' } }), 'object.context.revision')
    })
  })

  describe('result (§2.4.5)', () => {
    const result = (r: J) => statement((s) => { s.result = r })
    it('accepts a full result', () => {
      ok(result({ score: { scaled: 0.95, raw: 95, min: 0, max: 100 }, success: true, completion: true, response: 'We agreed.', duration: 'PT1H0M0S', extensions: { 'http://example.com/x': 'y' } }))
    })
    it.each([-1, 0, 1, 0.5])('accepts scaled %s', (scaled) => {
      ok(result({ score: { scaled } }))
    })
    it.each([-1.01, 1.5])('rejects scaled %s outside [-1, 1]', (scaled) => {
      bad(result({ score: { scaled } }), 'result.score.scaled')
    })
    it('rejects raw below min', () => {
      bad(result({ score: { raw: -1, min: 0, max: 10 } }), 'result.score.raw')
    })
    it('rejects raw above max', () => {
      bad(result({ score: { raw: 11, min: 0, max: 10 } }), 'result.score.raw')
    })
    it('accepts raw without min or max', () => {
      ok(result({ score: { raw: 1234 } }))
    })
    it('rejects min equal to max', () => {
      bad(result({ score: { min: 10, max: 10 } }), 'result.score.min')
    })
    it('rejects min greater than max', () => {
      bad(result({ score: { min: 11, max: 10 } }), 'result.score.min')
    })
    it('rejects a score given as a string, even a numeric one', () => {
      bad(result({ score: { max: '100' } }), 'result.score.max')
    })
    it('rejects an unknown property in a score', () => {
      bad(result({ score: { percent: 5 } }), 'result.score.percent')
    })
    it('rejects success given as a string', () => {
      bad(result({ success: 'true' }), 'result.success')
    })
    it('rejects completion given as a string', () => {
      bad(result({ completion: 'false' }), 'result.completion')
    })
    it('rejects a response that is not a string', () => {
      bad(result({ response: 4 }), 'result.response')
    })
    it.each(['PT4H35M59.14S', 'PT16559.14S', 'P3Y1M29DT4H35M59.14S', 'P3Y', 'P4W', 'PT0S', 'PT1M30.5S', 'P1DT12H'])('accepts the duration %s', (duration) => {
      ok(result({ duration }))
    })
    it.each(['PA1H0M0S', 'P4W1D', 'P', 'PT', 'P1DT', 'PT1.5H30M', 'P0003-01-29T04:35:59', '1H', 'should fail', 'pt1s'])('rejects the duration %s', (duration) => {
      bad(result({ duration }), 'result.duration')
    })
    it('rejects a numeric duration', () => {
      bad(result({ duration: 12345 }), 'result.duration')
    })
    it('rejects an unknown property in a result', () => {
      bad(result({ grade: 'A' }), 'result.grade')
    })
  })

  describe('extensions (§4.1)', () => {
    it('accepts any JSON value, null included', () => {
      ok(statement((s) => { s.result = { extensions: { 'http://example.com/null': null, 'http://example.com/o': { a: [1, { b: null }] } } } }))
    })
    it('rejects an extension key that is not an IRI', () => {
      bad(statement((s) => { s.result = { extensions: { tier: 2 } } }), 'result.extensions.tier')
    })
    it('rejects extensions that are not an object', () => {
      bad(statement((s) => { s.context = { extensions: ['http://example.com/x'] } }), 'context.extensions')
    })
    it('rejects a value JSON cannot hold', () => {
      bad(statement((s) => { s.result = { extensions: { 'http://example.com/f': () => 1 } } }), 'result.extensions.http://example.com/f')
    })
    it('copies extension values deeply', () => {
      const input = statement((s) => { s.result = { extensions: { 'http://example.com/o': { a: [1] } } } })
      const r = ok(input)
      expect(r.result.extensions['http://example.com/o']).toEqual({ a: [1] })
      expect(r.result.extensions['http://example.com/o']).not.toBe(input.result.extensions['http://example.com/o'])
    })
  })

  describe('context (§2.4.6)', () => {
    const context = (c: J) => statement((s) => { s.context = c })
    it('accepts a full context', () => {
      ok(context({
        registration: 'ec531277-b57b-4c15-8d91-d292c5b2b8f7',
        instructor: { mbox: 'mailto:teacher@example.com' },
        team: { objectType: 'Group', member: [{ mbox: 'mailto:a@example.com' }] },
        contextActivities: { parent: [{ id: 'http://example.com/p' }], grouping: [{ id: 'http://example.com/g' }], category: [{ id: 'http://example.com/c' }], other: [{ id: 'http://example.com/o' }] },
        revision: '2',
        platform: 'Fathom',
        language: 'en-US',
        statement: { objectType: 'StatementRef', id: ID2 },
        extensions: { 'http://example.com/x': 1 },
      }))
    })
    it('rejects a registration that is not a UUID', () => {
      bad(context({ registration: 'run-1' }), 'context.registration')
    })
    it('accepts a Group as instructor', () => {
      ok(context({ instructor: { objectType: 'Group', mbox: 'mailto:teachers@example.com' } }))
    })
    it('rejects a team that is not a Group', () => {
      bad(context({ team: { mbox: 'mailto:a@example.com' } }), 'context.team.objectType')
    })
    it('rejects revision when the object is not an Activity', () => {
      bad(statement((s) => { s.object = { objectType: 'Agent', mbox: 'mailto:b@example.com' }; s.context = { revision: '1' } }), 'context.revision')
    })
    it('rejects platform when the object is not an Activity', () => {
      bad(statement((s) => { s.object = { objectType: 'StatementRef', id: ID2 }; s.context = { platform: 'Fathom' } }), 'context.platform')
    })
    it('rejects a language that is not an RFC 5646 tag', () => {
      bad(context({ language: 'en_US' }), 'context.language')
    })
    it('rejects a context statement that is not a StatementRef', () => {
      bad(context({ statement: { id: ID2 } }), 'context.statement.objectType')
    })
    it('rejects an unknown contextActivities key', () => {
      bad(context({ contextActivities: { sibling: [{ id: 'http://example.com/s' }] } }), 'context.contextActivities.sibling')
    })
    it('normalises a single context Activity to an array', () => {
      const r = ok(context({ contextActivities: { parent: { id: 'http://example.com/p' } } }))
      expect(r.context.contextActivities.parent).toEqual([{ id: 'http://example.com/p' }])
    })
    it('rejects a context Activity that is not an Activity', () => {
      bad(context({ contextActivities: { other: [{ objectType: 'Activity', id: 'http://example.com/o' }, { key: 'should fail' }] } }), 'context.contextActivities.other[1].key')
    })
    it('rejects an unknown property in a context', () => {
      bad(context({ location: 'lab' }), 'context.location')
    })
  })

  describe('timestamp and stored (§2.4.7, §2.4.8, §4.5)', () => {
    it.each([
      '2015-11-18T12:17:00+00:00',
      '2015-11-18T12:17:00.601Z',
      '2015-11-18T12:17:00.123456789-05:00',
      '2015-11-18T12:17:00+0530',
      '2015-11-18T12:17:00+05',
      '20151118T121700Z',
      '2008-09-15 15:53:00.601+00:00',
      '2024-02-29T00:00:00Z',
    ])('accepts the timestamp %s', (timestamp) => {
      ok(statement((s) => { s.timestamp = timestamp }))
    })
    it.each(['01/011/2015', 'should fail', '2015-13-01T00:00:00Z', '2023-02-29T00:00:00Z', '2015-11-18T25:00:00Z', '2015-11-18', '2015-11-18T12:17:00+25:00', ''])(
      'rejects the timestamp "%s"',
      (timestamp) => {
        bad(statement((s) => { s.timestamp = timestamp }), 'timestamp')
      },
    )
    it.each(['2008-09-15T15:53:00.601-00:00', '2008-09-15T15:53:00.601-0000', '2008-09-15T15:53:00.601-00'])('rejects the negative zero offset in %s', (timestamp) => {
      const e = bad(statement((s) => { s.timestamp = timestamp }), 'timestamp')
      expect(e.message).toContain('-00:00')
    })
    it('validates stored like timestamp', () => {
      ok(statement((s) => { s.stored = '2024-05-01T12:00:01.000Z' }))
      bad(statement((s) => { s.stored = 'yesterday' }), 'stored')
    })
    it('accepts a timestamp in the future (clock skew is not a reason to reject)', () => {
      ok(statement((s) => { s.timestamp = '2999-01-01T00:00:00Z' }))
    })
  })

  describe('authority (§2.4.9)', () => {
    it('accepts an Agent authority', () => {
      ok(statement((s) => { s.authority = { account: { homePage: 'http://example.com/xAPI/OAuth/Token', name: 'oauth_consumer_x75db' } } }))
    })
    it('accepts a Group authority (3-legged OAuth)', () => {
      ok(statement((s) => { s.authority = { objectType: 'Group', member: [{ account: { homePage: 'http://example.com/xAPI/OAuth/Token', name: 'c' } }, { mbox: 'mailto:bob@example.com' }] } }))
    })
    it('rejects an invalid authority', () => {
      bad(statement((s) => { s.authority = { name: 'x' } }), 'authority')
    })
  })

  describe('version (§2.4.10)', () => {
    it.each(['1.0.0', '1.0.3', '1.0.10'])('accepts version %s', (v) => {
      ok(statement((s) => { s.version = v }))
    })
    it.each(['0.95', '1.0', '1.1.0', '1.0.x', '01.0.0', ''])('rejects version "%s"', (v) => {
      bad(statement((s) => { s.version = v }), 'version')
    })
    it('rejects a numeric version', () => {
      bad(statement((s) => { s.version = 1 }), 'version')
    })
  })

  describe('attachments (§2.4.11, §2.6)', () => {
    const attachment = (change: (a: J) => void = () => {}) =>
      statement((s) => {
        const a: J = {
          usageType: 'http://example.com/attachment-usage/test',
          display: { 'en-US': 'A test attachment' },
          description: { 'en-US': 'A test attachment (description)' },
          contentType: 'text/plain; charset=ascii',
          length: 27,
          sha2: SHA256,
          fileUrl: 'http://over.there.com/file.txt',
        }
        change(a)
        s.attachments = [a]
      })
    it('accepts an attachment', () => {
      ok(attachment())
    })
    it.each(['usageType', 'display', 'contentType', 'length', 'sha2'])('requires %s', (key) => {
      bad(attachment((a) => { delete a[key] }), `attachments[0].${key}`)
    })
    it('accepts an attachment without fileUrl', () => {
      ok(attachment((a) => { delete a.fileUrl }))
    })
    it('rejects a usageType that is not an IRI', () => {
      bad(attachment((a) => { a.usageType = 'certificate' }), 'attachments[0].usageType')
    })
    it('rejects a display with a bad language tag', () => {
      bad(attachment((a) => { a.display = { 'en-US': 'x', something: 'y' } }), 'attachments[0].display.something')
    })
    it('rejects a contentType that is not a media type', () => {
      bad(attachment((a) => { a.contentType = 'text' }), 'attachments[0].contentType')
    })
    it('rejects a non-integer length', () => {
      bad(attachment((a) => { a.length = 2.5 }), 'attachments[0].length')
    })
    it('rejects a negative length', () => {
      bad(attachment((a) => { a.length = -1 }), 'attachments[0].length')
    })
    it('rejects a length given as a string', () => {
      bad(attachment((a) => { a.length = '27' }), 'attachments[0].length')
    })
    it('rejects a sha2 that is not a hex SHA-2 hash', () => {
      bad(attachment((a) => { a.sha2 = 'abc' }), 'attachments[0].sha2')
    })
    it('rejects a fileUrl that is not an IRL', () => {
      bad(attachment((a) => { a.fileUrl = 'file.txt' }), 'attachments[0].fileUrl')
    })
    it('rejects attachments that are not an array', () => {
      bad(statement((s) => { s.attachments = {} }), 'attachments')
    })
    it('accepts a signature attachment with contentType application/octet-stream', () => {
      ok(attachment((a) => { a.usageType = 'http://adlnet.gov/expapi/attachments/signature'; a.contentType = 'application/octet-stream' }))
    })
    it('rejects a signature attachment with another contentType', () => {
      bad(attachment((a) => { a.usageType = 'http://adlnet.gov/expapi/attachments/signature'; a.contentType = 'application/jose' }), 'attachments[0].contentType')
    })
    it('rejects an unknown property in an attachment', () => {
      bad(attachment((a) => { a.data = 'abc' }), 'attachments[0].data')
    })
  })

  describe('voiding (§2.3.2)', () => {
    const voided = 'http://adlnet.gov/expapi/verbs/voided'
    it('accepts a voiding statement with a StatementRef object', () => {
      ok(statement((s) => { s.verb = { id: voided, display: { 'en-US': 'voided' } }; s.object = { objectType: 'StatementRef', id: ID2 } }))
    })
    it('rejects a voiding statement whose object is an Activity', () => {
      bad(statement((s) => { s.verb = { id: voided } }), 'object.objectType')
    })
    it('rejects a voiding statement whose object is a SubStatement', () => {
      bad(statement((s) => {
        s.verb = { id: voided }
        s.object = { objectType: 'SubStatement', actor: { mbox: 'mailto:a@example.com' }, verb: { id: 'http://example.com/v' }, object: { objectType: 'StatementRef', id: ID2 } }
      }), 'object.objectType')
    })
  })
})

describe('differences between the versions', () => {
  const contextAgents = [{ objectType: 'contextAgent', agent: { objectType: 'Agent', mbox: 'mailto:player-1@example.com' }, relevantTypes: ['https://example.com/types/player'] }]
  const contextGroups = [{ objectType: 'contextGroup', group: { objectType: 'Group', mbox: 'mailto:team@example.com' }, relevantTypes: ['https://example.com/types/team'] }]

  it('rejects contextAgents under 1.0.3 (a 2.0 property)', () => {
    const e = rejectsAt(statement((s) => { s.context = { contextAgents } }), '1.0', 'context.contextAgents')
    expect(e.message).toContain('2.0')
  })
  it('rejects contextGroups under 1.0.3 (a 2.0 property)', () => {
    rejectsAt(statement((s) => { s.context = { contextGroups } }), '1.0', 'context.contextGroups')
  })
  it('accepts contextAgents and contextGroups under 2.0', () => {
    accepts(statement((s) => { s.context = { contextAgents, contextGroups } }), '2.0')
  })
  it('accepts a contextAgent without relevantTypes under 2.0', () => {
    accepts(statement((s) => { s.context = { contextAgents: [{ objectType: 'contextAgent', agent: { mbox: 'mailto:p@example.com' } }] } }), '2.0')
  })
  it('rejects a contextAgent with another objectType', () => {
    rejectsAt(statement((s) => { s.context = { contextAgents: [{ ...contextAgents[0], objectType: 'Should fail' }] } }), '2.0', 'context.contextAgents[0].objectType')
  })
  it('rejects a contextAgent without objectType', () => {
    rejectsAt(statement((s) => { s.context = { contextAgents: [{ agent: { mbox: 'mailto:p@example.com' } }] } }), '2.0', 'context.contextAgents[0].objectType')
  })
  it('rejects a contextAgent with an invalid agent', () => {
    rejectsAt(statement((s) => { s.context = { contextAgents: [{ objectType: 'contextAgent', agent: { key: 'Should fail' } }] } }), '2.0', 'context.contextAgents[0].agent.key')
  })
  it('rejects a contextAgent whose agent is a Group', () => {
    rejectsAt(statement((s) => { s.context = { contextAgents: [{ objectType: 'contextAgent', agent: contextGroups[0]!.group }] } }), '2.0', 'context.contextAgents[0].agent.objectType')
  })
  it('rejects empty relevantTypes', () => {
    rejectsAt(statement((s) => { s.context = { contextAgents: [{ ...contextAgents[0], relevantTypes: [] }] } }), '2.0', 'context.contextAgents[0].relevantTypes')
  })
  it('rejects relevantTypes that are not IRIs', () => {
    rejectsAt(statement((s) => { s.context = { contextAgents: [{ ...contextAgents[0], relevantTypes: ['abc'] }] } }), '2.0', 'context.contextAgents[0].relevantTypes[0]')
  })
  it('rejects a contextGroup whose group is an Agent', () => {
    rejectsAt(statement((s) => { s.context = { contextGroups: [{ objectType: 'contextGroup', group: { mbox: 'mailto:a@example.com' } }] } }), '2.0', 'context.contextGroups[0].group.objectType')
  })
  it('rejects an unknown property in a contextGroup', () => {
    rejectsAt(statement((s) => { s.context = { contextGroups: [{ ...contextGroups[0], note: 'x' }] } }), '2.0', 'context.contextGroups[0].note')
  })
  it('validates contextAgents inside a SubStatement under 2.0', () => {
    rejectsAt(
      statement((s) => {
        s.object = { objectType: 'SubStatement', actor: { mbox: 'mailto:a@example.com' }, verb: { id: 'http://example.com/v' }, object: { id: 'http://example.com/o' }, context: { contextAgents: [{ objectType: 'x', agent: { mbox: 'mailto:p@example.com' } }] } }
      }),
      '2.0',
      'object.context.contextAgents[0].objectType',
    )
  })

  it('accepts a timestamp without time zone under 1.0.3 (a SHOULD)', () => {
    accepts(statement((s) => { s.timestamp = '2015-11-18T12:17:00' }), '1.0')
  })
  it('rejects a timestamp without time zone under 2.0', () => {
    const e = rejectsAt(statement((s) => { s.timestamp = '2015-11-18T12:17:00' }), '2.0', 'timestamp')
    expect(e.message).toContain('time zone')
  })
  it('rejects a stored without time zone under 2.0', () => {
    rejectsAt(statement((s) => { s.stored = '2015-11-18T12:17:00.000' }), '2.0', 'stored')
  })

  it('accepts version 2.0.0 under 2.0', () => {
    accepts(statement((s) => { s.version = '2.0.0' }), '2.0')
  })
  it('accepts version 1.0.0 under 2.0', () => {
    accepts(statement((s) => { s.version = '1.0.0' }), '2.0')
  })
  it('rejects version 2.0.0 under 1.0.3', () => {
    rejectsAt(statement((s) => { s.version = '2.0.0' }), '1.0', 'version')
  })
  it('rejects an unsupported validator version', () => {
    const r = validateStatement(base(), { version: '0.9' as never })
    expect(r.ok).toBe(false)
  })
})

describe('batches', () => {
  const v = { version: '1.0' } as const
  it('accepts a single statement as a POST body', () => {
    const r = validateStatements(base(), v)
    expect(r.ok && r.statements.length === 1 && !r.batch).toBe(true)
  })
  it('accepts an array of statements', () => {
    const r = validateStatements([base(), statement((s) => { s.id = ID2 })], v)
    expect(r.ok && r.statements.length === 2 && r.batch).toBe(true)
  })
  it('accepts an empty batch', () => {
    const r = validateStatements([], v)
    expect(r.ok && r.statements.length === 0).toBe(true)
  })
  it('reports the index of the invalid statement in the property path', () => {
    const batch = [base(), statement((s) => { s.id = ID2 }), statement((s) => { delete s.id }), statement((s) => { delete s.id; s.actor.mbox = 'nobody' })]
    const r = validateStatements(batch, v)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.property).toBe('[3].actor.mbox')
      expect(r.error.message).toMatch(/^\[3\]\.actor\.mbox: must be a mailto IRI/)
    }
  })
  it('rejects the same id twice in one batch', () => {
    const r = validateStatements([base(), statement((s) => { s.id = ID2 }), base()], v)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.property).toBe('[2].id')
  })
  it('rejects the same id twice in one batch whatever the case', () => {
    const r = validateStatements([base(), statement((s) => { s.id = ID.toUpperCase() })], v)
    expect(r.ok).toBe(false)
  })
  it('allows many statements without id in one batch', () => {
    const r = validateStatements([statement((s) => { delete s.id }), statement((s) => { delete s.id })], v)
    expect(r.ok).toBe(true)
  })
  it('rejects a batch element that is not an object', () => {
    const r = validateStatements([base(), 'junk'], v)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.property).toBe('[1]')
  })
  it('rejects a nested array in a batch', () => {
    const r = validateStatements([[base()]], v)
    expect(r.ok).toBe(false)
  })
  it('rejects an array given to validateStatement', () => {
    expect(validateStatement([base()], v).ok).toBe(false)
  })
  it.each([null, 3, 'x'])('rejects %s as a POST body', (input) => {
    expect(validateStatements(input, v).ok).toBe(false)
  })
})

describe('format helpers', () => {
  it('reads timestamps in different zones as the same instant', () => {
    expect(timestampInstant('2015-11-18T12:17:00+01:00')).toBe(timestampInstant('2015-11-18T11:17:00Z'))
    expect(timestampInstant('2015-11-18T11:17:00.000Z')).toBe(Date.UTC(2015, 10, 18, 11, 17, 0))
  })
  it('truncates timestamps to milliseconds', () => {
    expect(timestampInstant('2015-11-18T11:17:00.1239Z')).toBe(Date.UTC(2015, 10, 18, 11, 17, 0, 123))
  })
  it('reads a year before 100 correctly', () => {
    expect(timestampInstant('0050-01-01T00:00:00Z')).toBe(new Date('0050-01-01T00:00:00Z').getTime())
  })
  it('knows IRIs need a scheme', () => {
    expect(isIri('urn:uuid:fd41c918-b88b-4b20-a0a5-a4c32391aaa0')).toBe(true)
    expect(isIri('http:')).toBe(false)
    expect(isIri('#fragment')).toBe(false)
    expect(isIri('http://example.com/%zz')).toBe(false)
  })
  it('knows grandfathered language tags', () => {
    expect(isLanguageTag('en-GB-oed')).toBe(true)
    expect(isLanguageTag('EN-us')).toBe(true)
  })
  it('rejects the ISO 8601 alternative duration format', () => {
    expect(isDuration('P0003-01-29T04:35:59')).toBe(false)
  })
})

describe("Fathom's own statements", () => {
  it.each(['1.0', '2.0'] as const)('accepts a statement made by the core builder (%s)', async (version) => {
    const { buildStatement, studentAgent, activity } = await import('../../src/core/xapi/builder.js')
    const { VERB, ACTIVITY_TYPE } = await import('../../src/core/xapi/vocabulary.js')
    const s = buildStatement(
      { newId: () => ID, now: () => '2024-05-01T12:00:00.000Z' },
      { actor: studentAgent('https://fathom.education', 's-1'), modality: 'vr', activityBase: 'https://fathom.education/activities', registration: ID2 },
      {
        verb: VERB.answered,
        object: activity('https://fathom.education/activities/reef/q1', Object.values(ACTIVITY_TYPE)[0] as string, 'Question 1'),
        result: { success: true, duration: 'PT12.5S' },
        competencies: ['https://fathom.education/competencies/ls2-1'],
      },
    )
    expect(validateStatement(s, { version })).toEqual({ ok: true, statement: s })
  })
})
