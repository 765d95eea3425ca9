import type { Db } from '../../src/db/connect.js'
import { StripeSimulator, TEST_STRIPE_KEY, TEST_WEBHOOK_SECRET } from '../../src/dev/stripe-simulator/api.js'
import { BillingSimulator } from '../../src/dev/stripe-simulator/billing.js'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { createMember } from '../helpers/factories.js'

export interface BillingFixture {
  app: TestApp
  fake: StripeSimulator
  sim: BillingSimulator
  close(): Promise<void>
}

/** The app wired to a fresh fake Stripe. */
export async function startBilling(env: Record<string, string | undefined> = {}): Promise<BillingFixture> {
  const fake = await new StripeSimulator().start()
  const app = await startTestApp({
    STRIPE_SECRET_KEY: TEST_STRIPE_KEY,
    STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    STRIPE_API_BASE: fake.url,
    ...env,
  })
  return {
    app,
    fake,
    sim: new BillingSimulator(fake),
    async close() {
      await app.close()
      await fake.stop()
    },
  }
}

/** A tier with a monthly and a yearly price, both in Stripe (the fake) and in the database. */
export async function seedTier(
  db: Db,
  sim: BillingSimulator,
  monthly = 500,
  yearly = 5000,
  currency = 'eur',
) {
  const product = sim.product()
  const month = sim.price(monthly, 'month', currency, product.id)
  const year = sim.price(yearly, 'year', currency, product.id)
  const tier = await db
    .insertInto('tiers')
    .values({ name: 'Supporter', currency, stripe_product_id: product.id })
    .returning('id')
    .executeTakeFirstOrThrow()
  const rows = await db
    .insertInto('prices')
    .values([
      { tier_id: tier.id, interval: 'month', amount: monthly, currency, stripe_price_id: month.id },
      { tier_id: tier.id, interval: 'year', amount: yearly, currency, stripe_price_id: year.id },
    ])
    .returning(['id', 'interval'])
    .execute()
  return {
    tierId: tier.id,
    month,
    year,
    monthPriceId: rows.find((r) => r.interval === 'month')!.id,
    yearPriceId: rows.find((r) => r.interval === 'year')!.id,
  }
}

/** A member with a Stripe customer of its own. */
export async function seedMember(db: Db, sim: BillingSimulator) {
  const member = await createMember(db)
  const customer = sim.customer(member.email, { member_id: member.id })
  await db
    .updateTable('members')
    .set({ stripe_customer_id: customer.id })
    .where('id', '=', member.id)
    .execute()
  return { member, customer }
}

export function memberRow(db: Db, id: string) {
  return db
    .selectFrom('members')
    .select(['status', 'tier_id', 'currency', 'mrr', 'grace_until', 'current_subscription_id'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
}

export function historyOf(db: Db, memberId: string) {
  return db
    .selectFrom('membership_history')
    .select([
      'at',
      'from_status',
      'to_status',
      'from_mrr',
      'to_mrr',
      'new_patron',
      'churn',
      'subscription_id',
    ])
    .where('member_id', '=', memberId)
    .orderBy('at')
    .orderBy('id')
    .execute()
}

export const unix = (d: Date | null) => (d ? d.getTime() / 1000 : null)
