import { describe, expect, it } from 'vitest'
import { parseManifest } from '../../src/core/scene/manifest.js'
import { readJson } from './fixtures.js'

type Json = Record<string, unknown> & { entities: Record<string, unknown>[]; stations: { task: Record<string, unknown> & { items: Record<string, unknown>[]; zones: Record<string, unknown>[] } }[] }
const ocean = () => structuredClone(readJson('scenes/ocean/manifest.json')) as Json
const errorsOf = (input: unknown, known?: ReadonlySet<string>) => {
  const parsed = parseManifest(input, known)
  return parsed.ok ? [] : parsed.errors
}

describe('scene manifest validation', () => {
  it('accepts the ocean manifest and fills defaults', () => {
    const parsed = parseManifest(ocean())
    expect(parsed.ok).toBe(true)
    expect(parsed.ok && parsed.value.stations[1]!.task.kind).toBe('sort')
  })

  it('rejects an unknown format version', () => {
    expect(errorsOf({ ...ocean(), format: 'fathom.scene/9' }).join()).toMatch(/^format/)
  })

  it('rejects unknown properties rather than dropping them', () => {
    expect(errorsOf({ ...ocean(), music: 'loud.mp3' }).join()).toMatch(/music/)
  })

  it('rejects an entity of a kind the world cannot draw', () => {
    const m = ocean()
    m.entities[0]!.kind = 'dragon'
    expect(errorsOf(m).join()).toMatch(/entities\.0\.kind/)
  })

  it('rejects duplicate entity ids', () => {
    const m = ocean()
    m.entities[1]!.id = m.entities[0]!.id as string
    expect(errorsOf(m).join()).toMatch(/entities: ids must be unique/)
  })

  it('rejects a task that refers to a missing entity', () => {
    const m = ocean()
    m.stations[1]!.task.items[0]!.entity = 'kraken'
    expect(errorsOf(m).join()).toMatch(/"kraken" is not in entities/)
  })

  it('rejects an item whose answer is not one of the task’s zones', () => {
    const m = ocean()
    m.stations[1]!.task.items[0]!.zone = 'hadal'
    expect(errorsOf(m).join()).toMatch(/items\.0\.zone: "hadal"/)
  })

  it('rejects a task whose competency is not in the framework', () => {
    expect(errorsOf(ocean(), new Set(['https://example.org/other'])).join()).toMatch(/is not in the framework/)
  })

  it('rejects a bad colour', () => {
    const m = ocean()
    m.entities[0]!.colour = 'blue'
    expect(errorsOf(m).join()).toMatch(/entities\.0\.colour/)
  })
})
