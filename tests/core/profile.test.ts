import { describe, expect, it } from 'vitest'
import { EXTENSION, FATHOM_BASE, VERB } from '../../src/core/xapi/vocabulary.js'
import { readJson } from './fixtures.js'

interface Concept {
  readonly id: string
  readonly type: string
  readonly inScheme: string
}
const profile = readJson('profile/fathom.jsonld') as { id: string; versions: { id: string }[]; concepts: Concept[] }

describe('the published xAPI Profile', () => {
  const concepts = new Map(profile.concepts.map((c) => [c.id, c]))

  it('is the profile of Fathom’s base IRI', () => {
    expect(profile.id).toBe(FATHOM_BASE)
  })

  it('defines every verb Fathom mints, and only under its base', () => {
    const own = Object.values(VERB).filter((id) => id.startsWith(FATHOM_BASE))
    expect(own.length).toBeGreaterThan(0)
    for (const id of own) expect(concepts.get(id)?.type).toBe('Verb')
  })

  it('defines every extension as a context or result extension', () => {
    for (const id of Object.values(EXTENSION)) expect(['ContextExtension', 'ResultExtension']).toContain(concepts.get(id)?.type)
  })

  it('defines nothing the code does not use', () => {
    const used = new Set<string>([...Object.values(VERB), ...Object.values(EXTENSION)])
    expect(profile.concepts.filter((c) => !used.has(c.id)).map((c) => c.id)).toEqual([])
  })

  it('puts every concept in a version of the profile', () => {
    const versions = new Set(profile.versions.map((v) => v.id))
    for (const concept of profile.concepts) expect(versions.has(concept.inScheme)).toBe(true)
  })
})
