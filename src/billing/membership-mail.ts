import type { Db } from '../db/connect.js'

// What billing offers its mails (mail/kinds/membership.ts), read when each is sent.

/** What the welcome mail says of a subscription: its tier, price and next renewal. */
export async function subscriptionForMail(db: Db, subscriptionId: string) {
  const row = await db
    .selectFrom('subscriptions as s')
    .leftJoin('tiers as t', 't.id', 's.tier_id')
    .select([
      't.name as tier',
      't.translations as tier_translations',
      's.amount',
      's.quantity',
      's.currency',
      's.interval',
      's.current_period_end',
    ])
    .where('s.id', '=', subscriptionId)
    .executeTakeFirst()
  return (
    row && {
      tier: row.tier,
      tierTranslations: row.tier_translations,
      amount: row.amount * row.quantity,
      currency: row.currency,
      interval: row.interval,
      renewsAt: row.current_period_end,
    }
  )
}
