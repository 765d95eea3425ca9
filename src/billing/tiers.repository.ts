import { sql } from 'kysely'
import type { Db } from '../db/connect.js'
import type { Interval } from '../db/schema.js'

const tierColumns = [
  'id',
  'name',
  'description',
  'currency',
  'active',
  'stripe_product_id',
  'translations',
  'created_at',
] as const
const priceColumns = ['id', 'tier_id', 'interval', 'amount', 'currency', 'active', 'stripe_price_id'] as const

export async function listTiers(db: Db, { activeOnly }: { activeOnly: boolean }) {
  let query = db.selectFrom('tiers').select(tierColumns).orderBy('created_at').orderBy('id')
  if (activeOnly) query = query.where('active', '=', true)
  return query.execute()
}

/** Active patrons (an active or past-due subscription) per tier, as the reports count them. */
export async function patronCountsByTier(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('members')
    .select(['tier_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', 'in', ['active', 'past_due'])
    .where('tier_id', 'is not', null)
    .groupBy('tier_id')
    .execute()
  return new Map(rows.map((r) => [r.tier_id!, Number(r.n)]))
}

export function findTier(db: Db, id: string) {
  return db.selectFrom('tiers').select(tierColumns).where('id', '=', id).executeTakeFirst()
}

/**
 * Whether another tier has this name, whatever its case, archived or not. Inside a transaction it
 * first takes the one lock that every tier-name write takes, so two concurrent writes of one name
 * cannot both see it free.
 */
export async function tierNameTaken(db: Db, name: string, exceptId?: string): Promise<boolean> {
  await sql`select pg_advisory_xact_lock(hashtext('patronage.tiers.name'))`.execute(db)
  let query = db.selectFrom('tiers').select('id').where(sql<boolean>`lower(name) = lower(${name})`)
  if (exceptId) query = query.where('id', '<>', exceptId)
  return (await query.executeTakeFirst()) !== undefined
}

export function findTierByProduct(db: Db, productId: string) {
  return db
    .selectFrom('tiers')
    .select(tierColumns)
    .where('stripe_product_id', '=', productId)
    .executeTakeFirst()
}

export function pricesOf(db: Db, tierIds: string[], { activeOnly }: { activeOnly: boolean }) {
  if (tierIds.length === 0) return Promise.resolve([])
  let query = db
    .selectFrom('prices')
    .select(priceColumns)
    .where('tier_id', 'in', tierIds)
    .where('base_price_id', 'is', null)
    .orderBy('interval')
    .orderBy('created_at')
  if (activeOnly) query = query.where('active', '=', true)
  return query.execute()
}

export async function insertTier(
  db: Db,
  tier: {
    name: string
    description: string | null
    currency: string
    stripeProductId: string
    translations: string
  },
  prices: { interval: Interval; amount: number; stripePriceId: string }[],
) {
  const row = await db
    .insertInto('tiers')
    .values({
      name: tier.name,
      description: tier.description,
      currency: tier.currency,
      stripe_product_id: tier.stripeProductId,
      translations: tier.translations,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  if (prices.length > 0) {
    await db
      .insertInto('prices')
      .values(
        prices.map((p) => ({
          tier_id: row.id,
          interval: p.interval,
          amount: p.amount,
          currency: tier.currency,
          stripe_price_id: p.stripePriceId,
        })),
      )
      .execute()
  }
  return row.id
}

export async function updateTier(
  db: Db,
  id: string,
  fields: { name?: string; description?: string | null; active?: boolean; translations?: string },
) {
  await db
    .updateTable('tiers')
    .set({ ...fields, updated_at: new Date() })
    .where('id', '=', id)
    .execute()
  if (fields.active !== undefined) {
    await db
      .updateTable('prices')
      .set({ active: fields.active })
      .where('tier_id', '=', id)
      .where('base_price_id', 'is', null)
      .execute()
  }
}

/** An active price of an active tier: what Checkout may sell. */
export function sellablePrice(db: Db, priceId: string) {
  return db
    .selectFrom('prices as p')
    .innerJoin('tiers as t', 't.id', 'p.tier_id')
    .select([
      'p.id',
      'p.tier_id',
      'p.stripe_price_id',
      'p.currency',
      'p.amount',
      'p.interval',
      't.stripe_product_id',
    ])
    .where('p.id', '=', priceId)
    .where('p.base_price_id', 'is', null)
    .where('p.active', '=', true)
    .where('t.active', '=', true)
    .executeTakeFirst()
}

/** The raised price of a pay-what-you-want amount, if one was made before. */
export function raisedPrice(db: Db, basePriceId: string, amount: number) {
  return db
    .selectFrom('prices')
    .select('stripe_price_id')
    .where('base_price_id', '=', basePriceId)
    .where('amount', '=', amount)
    .executeTakeFirst()
}

/** Records a raised price (inactive: never listed or sold itself); a concurrent twin is kept instead. */
export async function insertRaisedPrice(
  db: Db,
  base: { id: string; tier_id: string; interval: Interval; currency: string },
  amount: number,
  stripePriceId: string,
) {
  await db
    .insertInto('prices')
    .values({
      tier_id: base.tier_id,
      interval: base.interval,
      amount,
      currency: base.currency,
      stripe_price_id: stripePriceId,
      active: false,
      base_price_id: base.id,
    })
    .onConflict((oc) =>
      oc.columns(['base_price_id', 'amount']).where('base_price_id', 'is not', null).doNothing(),
    )
    .execute()
  return (await raisedPrice(db, base.id, amount))?.stripe_price_id ?? stripePriceId
}
