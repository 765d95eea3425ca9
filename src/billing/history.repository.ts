import { sql } from 'kysely'
import type { Db } from '../db/connect.js'
import type { Churn, MemberStatus } from '../db/schema.js'

/** Statuses that make a member a paying patron (counted in MRR and active patrons). */
export const PAYING: readonly MemberStatus[] = ['active', 'past_due']

export interface MembershipState {
  status: MemberStatus
  tierId: string | null
  currency: string | null
  /** Monthly-normalised amount in minor units; 0 unless paying. */
  mrr: number
}

export interface Transition {
  memberId: string
  subscriptionId: string | null
  /** Stripe's time of the change (start_date, canceled_at, ended_at or the event's created). */
  at: Date
  from: MembershipState
  to: MembershipState
  churn?: Churn | null
  stripeEventId?: string | null
}

/**
 * Appends one real transition to membership_history and adds it to the per-day rollups (and, when the
 * member enters or leaves the paying set, to its cohort's) in the same transaction (call it inside
 * one), so reports never scan members or history. Transitions are expected in Stripe-time order per
 * member: a member's cohort is the month of its earliest new_patron transition recorded so far. The old state leaves
 * its (currency, tier) bucket and the new state joins its own, which is how a tier change moves MRR.
 */
export async function recordTransition(db: Db, t: Transition): Promise<void> {
  const wasPaying = PAYING.includes(t.from.status)
  const isPaying = PAYING.includes(t.to.status)
  const newPatron = !wasPaying && isPaying
  const churn =
    wasPaying && (t.to.status === 'canceled' || t.to.status === 'unpaid') ? (t.churn ?? 'voluntary') : null
  const firstPaidAt = wasPaying !== isPaying ? await firstPaidStart(db, t.memberId) : null

  await db
    .insertInto('membership_history')
    .values({
      member_id: t.memberId,
      subscription_id: t.subscriptionId,
      at: t.at,
      from_status: t.from.status,
      to_status: t.to.status,
      from_tier_id: t.from.tierId,
      to_tier_id: t.to.tierId,
      from_currency: t.from.currency,
      to_currency: t.to.currency,
      from_mrr: wasPaying ? t.from.mrr : 0,
      to_mrr: isPaying ? t.to.mrr : 0,
      new_patron: newPatron,
      churn,
      stripe_event_id: t.stripeEventId ?? null,
    })
    .execute()

  const day = t.at.toISOString().slice(0, 10)
  if (wasPaying && t.from.currency) {
    await addToDay(db, day, t.from.currency, t.from.tierId, {
      mrr_delta: -t.from.mrr,
      active_delta: -1,
      past_due_delta: t.from.status === 'past_due' ? -1 : 0,
      churned_voluntary: churn === 'voluntary' ? 1 : 0,
      churned_involuntary: churn === 'involuntary' ? 1 : 0,
    })
  }
  if (isPaying && t.to.currency) {
    await addToDay(db, day, t.to.currency, t.to.tierId, {
      mrr_delta: t.to.mrr,
      active_delta: 1,
      past_due_delta: t.to.status === 'past_due' ? 1 : 0,
      new_patrons: newPatron ? 1 : 0,
    })
  }
  // The member's cohort (month of its first paid start) gains or loses a paying member.
  const cohortStart = firstPaidAt ?? (newPatron ? t.at : null)
  if (wasPaying !== isPaying && cohortStart) {
    await addToCohort(db, cohortStart, day, {
      joined: newPatron && !firstPaidAt ? 1 : 0,
      paying_delta: isPaying ? 1 : -1,
    })
  }
}

/** When the member first became a paying patron, if ever (before this transition). */
async function firstPaidStart(db: Db, memberId: string): Promise<Date | null> {
  const row = await db
    .selectFrom('membership_history')
    .select('at')
    .where('member_id', '=', memberId)
    .where('new_patron', '=', true)
    .orderBy('at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst()
  return row?.at ?? null
}

function addToCohort(db: Db, firstPaidAt: Date, day: string, c: { joined: number; paying_delta: number }) {
  const cohort = `${firstPaidAt.toISOString().slice(0, 7)}-01`
  return db
    .insertInto('membership_cohort_daily')
    .values({ cohort, day, ...c })
    .onConflict((oc) =>
      oc.columns(['cohort', 'day']).doUpdateSet({
        joined: sql`membership_cohort_daily.joined + excluded.joined`,
        paying_delta: sql`membership_cohort_daily.paying_delta + excluded.paying_delta`,
      }),
    )
    .execute()
}

type Counters = Partial<
  Record<
    | 'mrr_delta'
    | 'active_delta'
    | 'past_due_delta'
    | 'new_patrons'
    | 'churned_voluntary'
    | 'churned_involuntary',
    number
  >
>

function addToDay(db: Db, day: string, currency: string, tierId: string | null, c: Counters) {
  const values = {
    mrr_delta: c.mrr_delta ?? 0,
    active_delta: c.active_delta ?? 0,
    past_due_delta: c.past_due_delta ?? 0,
    new_patrons: c.new_patrons ?? 0,
    churned_voluntary: c.churned_voluntary ?? 0,
    churned_involuntary: c.churned_involuntary ?? 0,
  }
  return db
    .insertInto('membership_daily')
    .values({ day, currency, tier_id: tierId, ...values })
    .onConflict((oc) =>
      oc.constraint('membership_daily_key').doUpdateSet({
        mrr_delta: sql`membership_daily.mrr_delta + excluded.mrr_delta`,
        active_delta: sql`membership_daily.active_delta + excluded.active_delta`,
        past_due_delta: sql`membership_daily.past_due_delta + excluded.past_due_delta`,
        new_patrons: sql`membership_daily.new_patrons + excluded.new_patrons`,
        churned_voluntary: sql`membership_daily.churned_voluntary + excluded.churned_voluntary`,
        churned_involuntary: sql`membership_daily.churned_involuntary + excluded.churned_involuntary`,
      }),
    )
    .execute()
}
