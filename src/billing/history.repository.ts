import { sql } from 'kysely'
import type { Db } from '../db/connect.js'
import type { Churn, MemberStatus } from '../db/schema.js'
import { isPaying } from './statuses.js'

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
  const wasPaying = isPaying(t.from.status)
  const nowPaying = isPaying(t.to.status)
  const newPatron = !wasPaying && nowPaying
  const churn =
    wasPaying && (t.to.status === 'canceled' || t.to.status === 'unpaid') ? (t.churn ?? 'voluntary') : null
  const firstPaidAt = wasPaying !== nowPaying ? await firstPaidStart(db, t.memberId) : null

  const history = db.insertInto('membership_history').values({
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
    to_mrr: nowPaying ? t.to.mrr : 0,
    new_patron: newPatron,
    churn,
    stripe_event_id: t.stripeEventId ?? null,
  })

  const day = t.at.toISOString().slice(0, 10)
  const buckets: DayBucket[] = []
  if (wasPaying && t.from.currency) {
    buckets.push({
      currency: t.from.currency,
      tierId: t.from.tierId,
      mrr_delta: -t.from.mrr,
      active_delta: -1,
      past_due_delta: t.from.status === 'past_due' ? -1 : 0,
      churned_voluntary: churn === 'voluntary' ? 1 : 0,
      churned_involuntary: churn === 'involuntary' ? 1 : 0,
    })
  }
  if (nowPaying && t.to.currency) {
    buckets.push({
      currency: t.to.currency,
      tierId: t.to.tierId,
      mrr_delta: t.to.mrr,
      active_delta: 1,
      past_due_delta: t.to.status === 'past_due' ? 1 : 0,
      new_patrons: newPatron ? 1 : 0,
    })
  }
  // The member's cohort (month of its first paid start) gains or loses a paying member.
  const cohortStart = firstPaidAt ?? (newPatron ? t.at : null)
  const cohort =
    wasPaying !== nowPaying && cohortStart
      ? addToCohort(db, cohortStart, day, {
          joined: newPatron && !firstPaidAt ? 1 : 0,
          paying_delta: nowPaying ? 1 : -1,
        })
      : null
  const days = buckets.length > 0 ? addToDays(db, day, buckets) : null

  // One round trip: the history row and the rollups as data-modifying CTEs of one statement.
  const rest = [days, cohort].filter((q) => q !== null)
  const last = rest.pop()
  if (!last) return void (await history.execute())
  const ctes = [history, ...rest].map((q, i) => sql`${sql.raw(`w${i}`)} as (${q})`)
  await sql`with ${sql.join(ctes)} ${last}`.execute(db)
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
}

interface DayBucket {
  currency: string
  tierId: string | null
  mrr_delta?: number
  active_delta?: number
  past_due_delta?: number
  new_patrons?: number
  churned_voluntary?: number
  churned_involuntary?: number
}

const dayCounters = [
  'mrr_delta',
  'active_delta',
  'past_due_delta',
  'new_patrons',
  'churned_voluntary',
  'churned_involuntary',
] as const

/** One upsert for the day's buckets; a bucket left and joined (same currency and tier) is one row. */
function addToDays(db: Db, day: string, buckets: DayBucket[]) {
  const rows = new Map<
    string,
    Record<(typeof dayCounters)[number], number> & { currency: string; tier_id: string | null }
  >()
  for (const b of buckets) {
    const key = `${b.currency}/${b.tierId}`
    const row =
      rows.get(key) ??
      ({
        currency: b.currency,
        tier_id: b.tierId,
        ...Object.fromEntries(dayCounters.map((c) => [c, 0])),
      } as Record<(typeof dayCounters)[number], number> & { currency: string; tier_id: string | null })
    for (const c of dayCounters) row[c] += b[c] ?? 0
    rows.set(key, row)
  }
  return db
    .insertInto('membership_daily')
    .values([...rows.values()].map((r) => ({ day, ...r })))
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
}
