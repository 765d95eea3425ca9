import { randomUUID } from 'node:crypto'
import type { Db } from '../db/connect.js'
import type { Interval } from '../db/schema.js'
import { notFound } from '../http/problems.js'
import { requireStripe, type Stripe, stripeCall } from './stripe-client.js'
import {
  findTier,
  findTierByProduct,
  insertTier,
  listTiers,
  pricesOf,
  updateTier,
} from './tiers.repository.js'

export interface TierInput {
  name: string
  description?: string | undefined
  currency: string
  monthlyAmount?: number | undefined
  yearlyAmount?: number | undefined
}

export interface TierPatch {
  name?: string | undefined
  description?: string | null | undefined
  active?: boolean | undefined
}

interface Ctx {
  db: Db
  stripe: Stripe | undefined
}

/** Public view: active prices, the service's own ids. Staff view adds `active` and Stripe's ids. */
export async function tiersView(db: Db, ids: string[] | 'active' | 'all', staff: boolean) {
  const tiers =
    typeof ids === 'string'
      ? await listTiers(db, { activeOnly: ids === 'active' })
      : (await Promise.all(ids.map((id) => findTier(db, id)))).filter((t) => t !== undefined)
  const prices = await pricesOf(
    db,
    tiers.map((t) => t.id),
    { activeOnly: !staff },
  )
  return tiers.map((t) => ({
    id: t.id,
    name: t.name,
    description: t.description,
    prices: prices
      .filter((p) => p.tier_id === t.id)
      .map((p) => ({
        id: p.id,
        interval: p.interval,
        amount: p.amount,
        currency: p.currency,
        ...(staff ? { active: p.active, stripePriceId: p.stripe_price_id } : {}),
      })),
    ...(staff ? { active: t.active, stripeProductId: t.stripe_product_id } : {}),
  }))
}

async function staffTier(db: Db, id: string) {
  const [tier] = await tiersView(db, [id], true)
  if (!tier) throw notFound('No such tier.')
  return tier
}

/**
 * Creates the Stripe Product and Prices, then the tier. Every Stripe call carries an idempotency key
 * derived from the request's Idempotency-Key (or a fresh id), so a retried request reuses the same
 * Stripe objects and the same tier.
 */
export async function createTier(ctx: Ctx, input: TierInput, idempotencyKey: string | undefined) {
  const stripe = requireStripe(ctx.stripe)
  const base = `patronage-tier:${idempotencyKey ?? randomUUID()}`
  const product = await stripeCall(() =>
    stripe.products.create(
      { name: input.name, ...(input.description ? { description: input.description } : {}) },
      { idempotencyKey: `${base}:product` },
    ),
  )
  const existing = await findTierByProduct(ctx.db, product.id)
  if (existing) return { tier: await staffTier(ctx.db, existing.id), created: false }

  const wanted: [Interval, number | undefined][] = [
    ['month', input.monthlyAmount],
    ['year', input.yearlyAmount],
  ]
  const prices: { interval: Interval; amount: number; stripePriceId: string }[] = []
  for (const [interval, amount] of wanted) {
    if (amount === undefined) continue
    const price = await stripeCall(() =>
      stripe.prices.create(
        { product: product.id, currency: input.currency, unit_amount: amount, recurring: { interval } },
        { idempotencyKey: `${base}:price:${interval}` },
      ),
    )
    prices.push({ interval, amount, stripePriceId: price.id })
  }
  try {
    const id = await ctx.db.transaction().execute((trx) =>
      insertTier(
        trx,
        {
          name: input.name,
          description: input.description ?? null,
          currency: input.currency,
          stripeProductId: product.id,
        },
        prices,
      ),
    )
    return { tier: await staffTier(ctx.db, id), created: true }
  } catch (err) {
    // A concurrent retry with the same key stored it first.
    const raced = await findTierByProduct(ctx.db, product.id)
    if (raced) return { tier: await staffTier(ctx.db, raced.id), created: false }
    throw err
  }
}

/** Renames or archives a tier; Stripe's Product (and, for archiving, Prices) follow. */
export async function editTier(ctx: Ctx, id: string, patch: TierPatch) {
  const tier = await findTier(ctx.db, id)
  if (!tier) throw notFound('No such tier.')
  const stripe = requireStripe(ctx.stripe)
  if (tier.stripe_product_id) {
    const productId = tier.stripe_product_id
    const productFields: Stripe.ProductUpdateParams = {}
    if (patch.name !== undefined) productFields.name = patch.name
    if (patch.description !== undefined) productFields.description = patch.description ?? ''
    if (patch.active !== undefined) productFields.active = patch.active
    if (Object.keys(productFields).length > 0)
      await stripeCall(() => stripe.products.update(productId, productFields))
    if (patch.active !== undefined && patch.active !== tier.active) {
      for (const price of await pricesOf(ctx.db, [id], { activeOnly: false })) {
        if (price.stripe_price_id) {
          const priceId = price.stripe_price_id
          await stripeCall(() => stripe.prices.update(priceId, { active: patch.active! }))
        }
      }
    }
  }
  const fields = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined))
  if (Object.keys(fields).length > 0) await updateTier(ctx.db, id, fields)
  return staffTier(ctx.db, id)
}
