import { describe, expect, it } from 'vitest'
import {
  churnKind,
  currentSubscription,
  graceUntil,
  monthlyAmount,
  mrrOf,
} from '../../src/billing/membership.js'

describe('membership rules (pure)', () => {
  it('normalises prices to a month, rounding half up', () => {
    expect(monthlyAmount(500, 'month')).toBe(500)
    expect(monthlyAmount(5000, 'year')).toBe(417) // 416.67
    expect(monthlyAmount(6006, 'year')).toBe(501) // 500.5 rounds up
    expect(monthlyAmount(1500, 'month', 3)).toBe(500)
    expect(monthlyAmount(100, null)).toBe(0)
  })

  it('counts MRR only for active and past_due, times quantity', () => {
    expect(mrrOf('active', 500, 'month', 1, 2)).toBe(1000)
    expect(mrrOf('past_due', 5000, 'year', 1, 1)).toBe(417)
    for (const status of ['trialing', 'unpaid', 'canceled', 'paused', 'incomplete'] as const)
      expect(mrrOf(status, 500, 'month', 1, 1)).toBe(0)
  })

  it('classifies churn: payment failure is involuntary, the rest voluntary', () => {
    expect(churnKind('past_due', 'unpaid', null)).toBe('involuntary')
    expect(churnKind('past_due', 'canceled', 'cancellation_requested')).toBe('involuntary')
    expect(churnKind('active', 'canceled', 'payment_failed')).toBe('involuntary')
    expect(churnKind('active', 'canceled', 'cancellation_requested')).toBe('voluntary')
    expect(churnKind('active', 'canceled', null)).toBe('voluntary')
  })

  it('gives grace only while past_due, from the first failure (or the period start without one)', () => {
    const failed = new Date('2026-11-01T10:00:00Z')
    const start = new Date('2026-11-01T09:00:00Z')
    expect(graceUntil('past_due', failed, start, 7)?.toISOString()).toBe('2026-11-08T10:00:00.000Z')
    expect(graceUntil('past_due', null, start, 7)?.toISOString()).toBe('2026-11-08T09:00:00.000Z')
    expect(graceUntil('active', failed, start, 7)).toBeNull()
    expect(graceUntil('unpaid', failed, start, 7)).toBeNull()
  })

  it('follows a live subscription over a newer ended one, else the newest', () => {
    const at = (s: string) => new Date(s)
    const live = { id: 'sub_a', status: 'active' as const, startDate: at('2026-01-01') }
    const ended = { id: 'sub_b', status: 'canceled' as const, startDate: at('2026-06-01') }
    const older = { id: 'sub_c', status: 'canceled' as const, startDate: at('2025-06-01') }
    expect(currentSubscription([ended, live])?.id).toBe('sub_a')
    expect(currentSubscription([older, ended])?.id).toBe('sub_b')
    expect(currentSubscription([])).toBeUndefined()
  })
})
