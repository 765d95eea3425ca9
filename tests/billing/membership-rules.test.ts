import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { monthlyAmount, mrrOf } from '../../src/billing/membership.js'
import { createTestDatabase, type TestDatabase } from '../helpers/db.js'
import { createMember } from '../helpers/factories.js'

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
})

/** The status rules live in the database (apply_subscription's helpers): asked there, on both databases. */
describe('membership rules (in the database)', () => {
  let t: TestDatabase
  beforeAll(async () => {
    t = await createTestDatabase()
  })
  afterAll(() => t.drop())

  const churn = async (from: string, to: string, reason: string | null) =>
    (
      await sql<{ kind: string }>`select membership_churn_kind(${from}, ${to}, ${reason}) as kind`.execute(
        t.db,
      )
    ).rows[0]!.kind
  const grace = async (status: string, failed: Date | null, start: Date | null) =>
    (
      await sql<{ until: Date | null }>`
        select membership_grace_until(${status}, ${failed}::timestamptz, ${start}::timestamptz, 7) as until`.execute(
        t.db,
      )
    ).rows[0]!.until

  it('classifies churn: payment failure is involuntary, the rest voluntary', async () => {
    expect(await churn('past_due', 'unpaid', null)).toBe('involuntary')
    expect(await churn('past_due', 'canceled', 'cancellation_requested')).toBe('involuntary')
    expect(await churn('active', 'canceled', 'payment_failed')).toBe('involuntary')
    expect(await churn('active', 'canceled', 'cancellation_requested')).toBe('voluntary')
    expect(await churn('active', 'canceled', null)).toBe('voluntary')
  })

  it('gives grace only while past_due, from the first failure (or the period start without one)', async () => {
    const failed = new Date('2026-11-01T10:00:00Z')
    const start = new Date('2026-11-01T09:00:00Z')
    expect((await grace('past_due', failed, start))?.toISOString()).toBe('2026-11-08T10:00:00.000Z')
    expect((await grace('past_due', null, start))?.toISOString()).toBe('2026-11-08T09:00:00.000Z')
    expect(await grace('active', failed, start)).toBeNull()
    expect(await grace('unpaid', failed, start)).toBeNull()
  })

  it('follows a live subscription over a newer ended one, else the newest', async () => {
    const member = await createMember(t.db)
    const sub = (id: string, status: string, start: string) => ({
      id,
      status,
      stripe_customer_id: `cus_${member.id}`,
      start_date: new Date(start),
      stripe_synced_at: new Date(),
      ...{ interval_count: 1, amount: 0, quantity: 1, mrr: 0, cancel_at_period_end: false },
    })
    const apply = async (subscription: ReturnType<typeof sub>) => {
      const p = { subscription, customer_email: member.email, grace_days: 7, paying_mrr: 0 }
      await sql`select apply_subscription(${JSON.stringify(p)}::jsonb)`.execute(t.db)
      return (
        await t.db.selectFrom('members').selectAll().where('id', '=', member.id).executeTakeFirstOrThrow()
      ).current_subscription_id
    }
    expect(await apply(sub('sub_a', 'active', '2026-01-01'))).toBe('sub_a')
    expect(await apply(sub('sub_b', 'canceled', '2026-06-01'))).toBe('sub_a')
    expect(await apply(sub('sub_c', 'canceled', '2025-06-01'))).toBe('sub_a')
    expect(await apply(sub('sub_a', 'canceled', '2026-01-01'))).toBe('sub_b')
  })
})
