/**
 * Paying members for the webhook bench: each has a customer and an active monthly subscription in the
 * fake Stripe and the same subscription stored here one period behind, so that the renewal event
 * (`customer.subscription.updated`) the bench sends is a real update of the stored row.
 */
import { sql } from 'kysely'
import type { Db } from '../src/db/connect.js'
import type { StripeSimulator } from '../src/dev/stripe-simulator/api.js'
import { BillingSimulator, type SignedEvent, stripeEvent } from '../src/dev/stripe-simulator/billing.js'

const DAY = 86_400
const MONTHLY_AMOUNT = 500

export async function seedTier(db: Db, fake: StripeSimulator) {
  const sim = new BillingSimulator(fake)
  const product = sim.product('Bench supporter')
  const price = sim.price(MONTHLY_AMOUNT, 'month', 'eur', product.id)
  const tier = await db
    .insertInto('tiers')
    .values({ name: 'Bench supporter', currency: 'eur', stripe_product_id: product.id })
    .returning('id')
    .executeTakeFirstOrThrow()
  const priceRow = await db
    .insertInto('prices')
    .values({
      tier_id: tier.id,
      interval: 'month',
      amount: MONTHLY_AMOUNT,
      currency: 'eur',
      stripe_price_id: price.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { sim, price, tierId: tier.id, priceId: priceRow.id }
}

/** `count` renewal events, one per new paying member, ready to sign and send. */
export async function seedRenewals(
  db: Db,
  tier: Awaited<ReturnType<typeof seedTier>>,
  count: number,
  batch: string,
): Promise<SignedEvent[]> {
  const { sim, price } = tier
  const now = Math.floor(Date.now() / 1000)
  const members = await sql<{ id: string; email: string }>`
    insert into members (email, status, tier_id, currency, mrr)
    select 'payer-' || ${batch} || '-' || g || '@bench.test', 'active', ${tier.tierId}, 'eur', ${MONTHLY_AMOUNT}
    from generate_series(1, ${count}) g
    returning id, email`.execute(db)
  const subs = members.rows.map((m) => {
    const customer = sim.customer(m.email, { member_id: m.id })
    const { sub } = sim.checkout(m.id, customer, price)
    // Stripe's copy has just renewed; ours still holds the previous period.
    const item = sub.items.data[0]
    item.current_period_start = now
    item.current_period_end = now + 30 * DAY
    return { member: m, sub }
  })
  for (let i = 0; i < subs.length; i += 1_000) {
    const chunk = subs.slice(i, i + 1_000)
    await db
      .insertInto('subscriptions')
      .values(
        chunk.map(({ member, sub }) => ({
          id: sub.id,
          member_id: member.id,
          stripe_customer_id: sub.customer,
          status: 'active' as const,
          price_id: tier.priceId,
          tier_id: tier.tierId,
          stripe_price_id: price.id,
          interval: 'month' as const,
          amount: MONTHLY_AMOUNT,
          currency: 'eur',
          mrr: MONTHLY_AMOUNT,
          start_date: new Date((now - 30 * DAY) * 1000),
          current_period_start: new Date((now - 30 * DAY) * 1000),
          current_period_end: new Date(now * 1000),
          stripe_synced_at: new Date((now - 30 * DAY) * 1000),
        })),
      )
      .execute()
    await sql`
      update members m set stripe_customer_id = s.stripe_customer_id, current_subscription_id = s.id
      from subscriptions s
      where s.member_id = m.id and s.id in (${sql.join(chunk.map(({ sub }) => sub.id))})`.execute(db)
  }
  return subs.map(({ sub }) => stripeEvent('customer.subscription.updated', sub, now))
}

/** How many of these subscriptions hold the renewed period, and how many events were recorded. */
export async function renewalCheck(db: Db, since: Date) {
  const renewed = await sql<{ n: number }>`
    select count(*)::int as n from subscriptions where current_period_end > ${since}`.execute(db)
  const events = await sql<{ n: number }>`select count(*)::int as n from stripe_events`.execute(db)
  return { renewed: renewed.rows[0]!.n, events: events.rows[0]!.n }
}
