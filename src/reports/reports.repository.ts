import { sql } from 'kysely'
import { PAYING_STATUSES } from '../billing/index.js'
import type { Db } from '../db/connect.js'
import { dayStart, utcDay } from './period.js'

/** Running totals of one (currency, tier) bucket from the beginning of history up to an instant. */
export interface BucketTotals {
  currency: string
  tierId: string | null
  mrr: number
  active: number
  pastDue: number
  newPatrons: number
  churnedVoluntary: number
  churnedInvoluntary: number
}

/**
 * Totals at an instant `at` (transitions at or before it): the per-day rollups of every day before
 * `at`'s UTC day, plus that day's history rows up to `at`, counted by the same rules as
 * recordTransition (the leaving state's bucket loses, the joining state's bucket gains). Reads
 * neither members nor more than one day of history, so it costs the same at any membership size.
 */
export async function totalsAt(db: Db, at: Date): Promise<BucketTotals[]> {
  const day = utcDay(at)
  const from = dayStart(at).toISOString()
  const until = at.toISOString()
  const { rows } = await sql<BucketTotals>`
    select currency, tier_id as "tierId",
      sum(mrr)::bigint as mrr, sum(active)::bigint as active, sum(past_due)::bigint as "pastDue",
      sum(new_patrons)::bigint as "newPatrons", sum(churned_voluntary)::bigint as "churnedVoluntary",
      sum(churned_involuntary)::bigint as "churnedInvoluntary"
    from (
      select currency, tier_id, mrr_delta as mrr, active_delta as active, past_due_delta as past_due,
        new_patrons, churned_voluntary, churned_involuntary
      from membership_daily where day < ${day}::date
      union all
      select from_currency, from_tier_id, -from_mrr, -1, case when from_status = 'past_due' then -1 else 0 end,
        0, case when churn = 'voluntary' then 1 else 0 end, case when churn = 'involuntary' then 1 else 0 end
      from membership_history
      where at >= ${from}::timestamptz and at <= ${until}::timestamptz
        and from_status in (${sql.join(PAYING_STATUSES)}) and from_currency is not null
      union all
      select to_currency, to_tier_id, to_mrr, 1, case when to_status = 'past_due' then 1 else 0 end,
        case when new_patron then 1 else 0 end, 0, 0
      from membership_history
      where at >= ${from}::timestamptz and at <= ${until}::timestamptz
        and to_status in (${sql.join(PAYING_STATUSES)}) and to_currency is not null
    ) b
    group by currency, tier_id
  `.execute(db)
  return rows.map((r) => ({
    ...r,
    mrr: Number(r.mrr),
    active: Number(r.active),
    pastDue: Number(r.pastDue),
    newPatrons: Number(r.newPatrons),
    churnedVoluntary: Number(r.churnedVoluntary),
    churnedInvoluntary: Number(r.churnedInvoluntary),
  }))
}

/** Members with a complimentary membership running at `at`. */
export async function countCompedAt(db: Db, at: Date): Promise<number> {
  const row = await db
    .selectFrom('comps')
    .select((eb) => eb.fn.count<number>('member_id').distinct().as('n'))
    .where('starts_at', '<=', at)
    .where('until', '>', at)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function tierNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const rows = await db.selectFrom('tiers').select(['id', 'name']).where('id', 'in', ids).execute()
  return new Map(rows.map((r) => [r.id, r.name]))
}

export interface CurrencyLevel {
  currency: string
  mrr: number
  active: number
}

/** MRR and active patrons per currency from the rollups of every day before `day` ('YYYY-MM-DD'). */
export async function levelsBefore(db: Db, day: string): Promise<CurrencyLevel[]> {
  const rows = await db
    .selectFrom('membership_daily')
    .select((eb) => [
      'currency',
      eb.fn.sum<number>('mrr_delta').as('mrr'),
      eb.fn.sum<number>('active_delta').as('active'),
    ])
    .where('day', '<', day)
    .groupBy('currency')
    .execute()
  return rows.map((r) => ({ currency: r.currency, mrr: Number(r.mrr), active: Number(r.active) }))
}

export interface MonthChange {
  month: string
  currency: string
  mrr: number
  active: number
  newPatrons: number
  churnedVoluntary: number
  churnedInvoluntary: number
}

/** Per month ('YYYY-MM') and currency, the sums of the rollups of days in [fromDay, toDay). */
export async function changesByMonth(db: Db, fromDay: string, toDay: string): Promise<MonthChange[]> {
  const { rows } = await sql<MonthChange>`
    select to_char(day, 'YYYY-MM') as month, currency,
      sum(mrr_delta)::bigint as mrr, sum(active_delta)::bigint as active,
      sum(new_patrons)::bigint as "newPatrons",
      sum(churned_voluntary)::bigint as "churnedVoluntary",
      sum(churned_involuntary)::bigint as "churnedInvoluntary"
    from membership_daily
    where day >= ${fromDay}::date and day < ${toDay}::date
    group by 1, 2
    order by 1, 2
  `.execute(db)
  return rows.map((r) => ({
    month: r.month,
    currency: r.currency,
    mrr: Number(r.mrr),
    active: Number(r.active),
    newPatrons: Number(r.newPatrons),
    churnedVoluntary: Number(r.churnedVoluntary),
    churnedInvoluntary: Number(r.churnedInvoluntary),
  }))
}

export interface CohortChange {
  cohort: string
  month: string
  joined: number
  paying: number
}

/**
 * Per cohort ('YYYY-MM' of its members' first paid start, within [fromCohort, toCohort]) and month,
 * the members who joined it and the net change of its paying members, from the cohort rollups of
 * days before `untilDay`. Costs the same at any membership size.
 */
export async function cohortChanges(
  db: Db,
  fromCohort: string,
  toCohort: string,
  untilDay: string,
): Promise<CohortChange[]> {
  const { rows } = await sql<CohortChange>`
    select to_char(cohort, 'YYYY-MM') as cohort, to_char(day, 'YYYY-MM') as month,
      sum(joined)::bigint as joined, sum(paying_delta)::bigint as paying
    from membership_cohort_daily
    where cohort >= ${fromCohort}::date and cohort <= ${toCohort}::date and day < ${untilDay}::date
    group by 1, 2
    order by 1, 2
  `.execute(db)
  return rows.map((r) => ({ ...r, joined: Number(r.joined), paying: Number(r.paying) }))
}
