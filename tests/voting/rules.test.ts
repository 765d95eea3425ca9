import { describe, expect, it } from 'vitest'
import { participationRate, resultsVisibleToPatrons, votesRemaining } from '../../src/voting/rules.js'

describe('voting rules', () => {
  it('shows live results always and after_close results only once closed', () => {
    expect(resultsVisibleToPatrons('live', 'open')).toBe(true)
    expect(resultsVisibleToPatrons('after_close', 'open')).toBe(false)
    expect(resultsVisibleToPatrons('after_close', 'upcoming')).toBe(false)
    expect(resultsVisibleToPatrons('after_close', 'closed')).toBe(true)
  })

  it('never reports a negative budget, even after the budget was lowered', () => {
    expect(votesRemaining(3, 1)).toBe(2)
    expect(votesRemaining(2, 5)).toBe(0)
  })

  it('has a participation rate of 0 with no eligible voters', () => {
    expect(participationRate(0, 0)).toBe(0)
    expect(participationRate(3, 4)).toBe(0.75)
  })
})
