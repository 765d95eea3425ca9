import { sql } from 'kysely'
import type { Db } from '../db/connect.js'

/**
 * One-time money (contributions and gifts) is never MRR. A payment counts when Stripe charged it; a
 * refund is deducted when Stripe made it, so a payment refunded in a later month is deducted there,
 * as Stripe's balance shows it.
 */
const ledger = (from: string, until: string) => sql`
  select currency, amount, 1 as count, paid_at as at from one_time_payments
  where paid_at > ${from}::timestamptz and paid_at <= ${until}::timestamptz
  union all
  select currency, -amount, 0, refunded_at from one_time_refunds
  where refunded_at > ${from}::timestamptz and refunded_at <= ${until}::timestamptz
`

export interface OneTimeSum {
  currency: string
  amount: number
  count: number
}

/** Per currency: paid minus refunded in (from, until], and how many payments were made. */
export async function oneTimeBetween(db: Db, from: Date, until: Date): Promise<OneTimeSum[]> {
  const { rows } = await sql<OneTimeSum>`
    select currency, sum(amount)::bigint as amount, sum(count)::bigint as count
    from (${ledger(from.toISOString(), until.toISOString())}) l
    group by currency order by currency
  `.execute(db)
  return rows.map((r) => ({ currency: r.currency, amount: Number(r.amount), count: Number(r.count) }))
}

/** The same per UTC month ('YYYY-MM') and currency. */
export async function oneTimeByMonth(
  db: Db,
  from: Date,
  until: Date,
): Promise<Array<OneTimeSum & { month: string }>> {
  const { rows } = await sql<OneTimeSum & { month: string }>`
    select to_char(at at time zone 'UTC', 'YYYY-MM') as month, currency,
      sum(amount)::bigint as amount, sum(count)::bigint as count
    from (${ledger(from.toISOString(), until.toISOString())}) l
    group by 1, 2 order by 1, 2
  `.execute(db)
  return rows.map((r) => ({ ...r, amount: Number(r.amount), count: Number(r.count) }))
}

/**
 * Members whose only entitlement at `at` is a started gift: no comp running then and no paying or
 * trialing subscription (the member's status as it is now; a gift and a subscription rarely overlap).
 */
export async function countGiftedAt(db: Db, at: Date): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(distinct g.recipient_member_id)::int as n
    from gifts g join members m on m.id = g.recipient_member_id
    where g.status in ('started', 'ended') and g.starts_at <= ${at} and g.ends_at > ${at}
      and m.status not in ('active', 'trialing', 'past_due')
      and not exists (select 1 from comps c where c.member_id = m.id and c.starts_at <= ${at} and c.until > ${at})
  `.execute(db)
  return rows[0]?.n ?? 0
}
