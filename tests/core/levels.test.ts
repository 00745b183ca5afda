import { describe, expect, it } from 'vitest'
import { isLevel, LEVELS, levelFor } from '../../src/core/mastery/levels.js'

describe('proficiency levels', () => {
  it('is "no evidence" before any scored attempt', () => {
    expect(levelFor({ attempts: 0, pKnown: 0.99, transferSucceeded: true })).toBe('no-evidence')
  })
  it('is "not yet proficient" with evidence below the threshold', () => {
    expect(levelFor({ attempts: 3, pKnown: 0.94, transferSucceeded: true })).toBe('not-yet-proficient')
  })
  it('is "proficient" at the threshold without a transfer success', () => {
    expect(levelFor({ attempts: 3, pKnown: 0.95, transferSucceeded: false })).toBe('proficient')
  })
  it('is "advanced" when proficient and a transfer task succeeded without hints', () => {
    expect(levelFor({ attempts: 4, pKnown: 0.97, transferSucceeded: true })).toBe('advanced')
  })
  it('lists the levels in order and recognises only them', () => {
    expect(LEVELS).toEqual(['no-evidence', 'not-yet-proficient', 'proficient', 'advanced'])
    expect(isLevel('proficient')).toBe(true)
    expect(isLevel('expert')).toBe(false)
  })
})
