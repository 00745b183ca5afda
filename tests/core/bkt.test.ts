import { describe, expect, it } from 'vitest'
import { bktParameterProblem, DEFAULT_BKT, isMastered, MASTERY_THRESHOLD, traceKnowledge, updateKnowledge } from '../../src/core/mastery/bkt.js'

const p = { pInit: 0.2, pTransit: 0.15, pGuess: 0.2, pSlip: 0.1 }

describe('Bayesian Knowledge Tracing', () => {
  it('updates P(L) by Bayes on a correct answer, then by learning', () => {
    // posterior = 0.2·0.9 / (0.2·0.9 + 0.8·0.2) = 0.18 / 0.34; then + (1 − posterior)·0.15
    const posterior = 0.18 / 0.34
    expect(updateKnowledge(0.2, true, p)).toBeCloseTo(posterior + (1 - posterior) * 0.15, 12)
  })

  it('updates P(L) by Bayes on an incorrect answer, then by learning', () => {
    // posterior = 0.2·0.1 / (0.2·0.1 + 0.8·0.8) = 0.02 / 0.66
    const posterior = 0.02 / 0.66
    expect(updateKnowledge(0.2, false, p)).toBeCloseTo(posterior + (1 - posterior) * 0.15, 12)
  })

  it('moves P(L) up on correct answers and down on a slip from a high estimate', () => {
    expect(updateKnowledge(0.5, true, p)).toBeGreaterThan(0.5)
    expect(updateKnowledge(0.9, false, p)).toBeLessThan(0.9)
  })

  it('declares mastery at P(L) ≥ 0.95 and not below', () => {
    expect(MASTERY_THRESHOLD).toBe(0.95)
    expect(isMastered(0.95)).toBe(true)
    expect(isMastered(0.9499999)).toBe(false)
  })

  it('reaches mastery after three correct answers with the default parameters, not after two', () => {
    expect(isMastered(traceKnowledge([true, true], DEFAULT_BKT))).toBe(false)
    expect(isMastered(traceKnowledge([true, true, true], DEFAULT_BKT))).toBe(true)
  })

  it('starts from P(L0) when there is no evidence', () => {
    expect(traceKnowledge([], p)).toBe(0.2)
  })

  it('rejects parameters outside the usual bounds (P(G) ≤ 0.3, P(S) ≤ 0.1, probabilities)', () => {
    expect(bktParameterProblem(DEFAULT_BKT)).toBeUndefined()
    expect(bktParameterProblem({ ...p, pGuess: 0.31 })).toMatch(/pGuess/)
    expect(bktParameterProblem({ ...p, pSlip: 0.2 })).toMatch(/pSlip/)
    expect(bktParameterProblem({ ...p, pInit: 1.2 })).toMatch(/pInit/)
    expect(bktParameterProblem({ ...p, pTransit: Number.NaN })).toMatch(/pTransit/)
  })
})
