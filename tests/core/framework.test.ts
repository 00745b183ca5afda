import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseFramework } from '../../src/core/competency/framework.js'
import { DEFAULT_BKT } from '../../src/core/mastery/bkt.js'
import { parseManifest } from '../../src/core/scene/manifest.js'
import { readJson } from './fixtures.js'

const expeditions = readdirSync(new URL('../../scenes/', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)

function validFramework() {
  return structuredClone(readJson('scenes/ocean/framework.json')) as {
    CFDocument: Record<string, unknown>
    CFItems: Record<string, unknown>[]
    CFAssociations: Record<string, unknown>[]
  }
}

describe.each(expeditions)('scenes/%s', (expedition) => {
  it('has a valid framework whose competencies are "I can…" statements aligned to a standard', () => {
    const parsed = parseFramework(readJson(`scenes/${expedition}/framework.json`))
    expect(parsed.ok ? [] : parsed.errors).toEqual([])
    if (!parsed.ok) return
    for (const competency of parsed.value.competencies) {
      expect(competency.statement).toMatch(/^I can /)
      expect(competency.alignments.length).toBeGreaterThan(0)
    }
  })

  it('has a valid manifest whose tasks name only competencies of its framework', () => {
    const framework = parseFramework(readJson(`scenes/${expedition}/framework.json`))
    if (!framework.ok) throw new Error(framework.errors.join('\n'))
    const known = new Set(framework.value.competencies.map((c) => c.id))
    const parsed = parseManifest(readJson(`scenes/${expedition}/manifest.json`), known)
    expect(parsed.ok ? [] : parsed.errors).toEqual([])
    if (parsed.ok) expect(parsed.value.id).toBe(expedition)
  })
})

describe('framework validation', () => {
  it('aligns the ocean competency to NGSS MS-LS2-1', () => {
    const parsed = parseFramework(readJson('scenes/ocean/framework.json'))
    expect(parsed.ok && parsed.value.competencies[0]!.alignments.map((a) => a.code)).toEqual(['MS-LS2-1'])
  })

  it('fills BKT parameters the item leaves out with the defaults', () => {
    const doc = validFramework()
    doc.CFItems[0]!.mastery = { pSlip: 0.05 }
    const parsed = parseFramework(doc)
    expect(parsed.ok && parsed.value.competencies[0]!.bkt).toEqual({ ...DEFAULT_BKT, pSlip: 0.05 })
  })

  it('rejects an item whose statement is not an "I can…" objective', () => {
    const doc = validFramework()
    doc.CFItems[0]!.fullStatement = 'Students will explain light.'
    const parsed = parseFramework(doc)
    expect(!parsed.ok && parsed.errors.join()).toMatch(/CFItems\.0\.fullStatement/)
  })

  it('rejects BKT parameters outside the bounds', () => {
    const doc = validFramework()
    doc.CFItems[0]!.mastery = { pGuess: 0.5 }
    const parsed = parseFramework(doc)
    expect(!parsed.ok && parsed.errors.join()).toMatch(/CFItems\.0\.mastery: pGuess/)
  })

  it('rejects unknown properties and bad identifiers', () => {
    const doc = validFramework()
    doc.CFDocument.colour = 'blue'
    doc.CFItems[0]!.identifier = 'not-a-uuid'
    const parsed = parseFramework(doc)
    expect(parsed.ok).toBe(false)
    expect(!parsed.ok && parsed.errors.join('\n')).toMatch(/CFDocument/)
    expect(!parsed.ok && parsed.errors.join('\n')).toMatch(/CFItems\.0\.identifier/)
  })

  it('rejects an association from an item the framework does not have', () => {
    const doc = validFramework()
    ;(doc.CFAssociations[0]!.originNodeURI as Record<string, unknown>).identifier = 'f0000000-0000-4000-8000-000000000000'
    const parsed = parseFramework(doc)
    expect(!parsed.ok && parsed.errors.join()).toMatch(/originNodeURI/)
  })

  it('reads prerequisites from precedes associations', () => {
    const doc = validFramework()
    const first = doc.CFItems[0]!
    const second = { ...first, identifier: 'a0000000-0000-4000-8000-000000000002', uri: 'https://fathom.education/frameworks/ocean/items/second' }
    doc.CFItems.push(second)
    doc.CFAssociations.push({
      identifier: 'a0000000-0000-4000-8000-000000000003',
      uri: 'https://fathom.education/frameworks/ocean/associations/first-precedes-second',
      associationType: 'precedes',
      originNodeURI: { identifier: first.identifier, uri: first.uri },
      destinationNodeURI: { identifier: second.identifier, uri: second.uri },
      lastChangeDateTime: '2026-12-03T00:00:00Z',
    })
    const parsed = parseFramework(doc)
    expect(parsed.ok ? parsed.value.competencies[1]!.prerequisites : parsed.errors).toEqual([first.uri])
  })
})
