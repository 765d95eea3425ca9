import { createHash, randomUUID } from 'node:crypto'
import type { Db } from '../db/connect.js'
import type { Interval } from '../db/schema.js'
import { inTransaction } from '../db/transaction.js'
import { conflict, notFound, unavailable } from '../http/problems.js'
import { storedTranslations } from '../http/schemas.js'
import { requireStripe, type Stripe, stripeCall } from './stripe-client.js'
import {
  findTier,
  findTierByProduct,
  insertTier,
  listTiers,
  pricesOf,
  tierNameTaken,
  updateTier,
} from './tiers.repository.js'

type TierTranslations = Partial<
  Record<string, { name?: string | undefined; description?: string | undefined }>
>

export interface TierInput {
  name: string
  description?: string | undefined
  currency: string
  monthlyAmount?: number | undefined
  yearlyAmount?: number | undefined
  translations?: TierTranslations | undefined
}

export interface TierPatch {
  name?: string | undefined
  description?: string | null | undefined
  active?: boolean | undefined
  translations?: TierTranslations | undefined
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
    translations: t.translations,
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
  if (!tier) throw notFound('No such tier.', 'tier-not-found')
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
  // The whole request goes into the Product's parameters, so Stripe refuses (422 idempotency-mismatch)
  // a key reused with another body, even one that differs only in its prices.
  const request = createHash('sha256').update(JSON.stringify(input)).digest('hex').slice(0, 40)
  const product = await stripeCall(() =>
    stripe.products.create(
      {
        name: input.name,
        ...(input.description ? { description: input.description } : {}),
        metadata: { patronage_request: request },
      },
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
    const id = await inTransaction(ctx.db, async (trx) => {
      // After Stripe's idempotent Product, so a retry of a created tier still answers with it.
      if (await tierNameTaken(trx, input.name)) throw nameTaken()
      return insertTier(
        trx,
        {
          name: input.name,
          description: input.description ?? null,
          currency: input.currency,
          stripeProductId: product.id,
          translations: storedTranslations(input.translations ?? {}),
        },
        prices,
      )
    })
    return { tier: await staffTier(ctx.db, id), created: true }
  } catch (err) {
    // A concurrent retry with the same key stored it first.
    const raced = await findTierByProduct(ctx.db, product.id)
    if (raced) return { tier: await staffTier(ctx.db, raced.id), created: false }
    throw err
  }
}

/**
 * Renames, archives or restores a tier. The database holds the wanted state and is written first;
 * then that state is pushed to Stripe (the Product and each Price) until the database, read again
 * after the push, still holds what was pushed. So concurrent edits (an archive racing a restore)
 * converge: whichever wrote the database last also pushes last, and any other that pushed a stale
 * state reads the newer one and pushes again. Every PATCH pushes the whole state, so repeating one
 * repairs Stripe after a failed or raced call. No lock is held across a Stripe call.
 */
export async function editTier(ctx: Ctx, id: string, patch: TierPatch) {
  const stripe = requireStripe(ctx.stripe)
  const tier = await findTier(ctx.db, id)
  if (!tier) throw notFound('No such tier.', 'tier-not-found')
  const { translations, ...rest } = patch
  const fields = Object.fromEntries(
    Object.entries({ ...rest, translations: translations && storedTranslations(translations) }).filter(
      ([, v]) => v !== undefined,
    ),
  )
  // One transaction: the tier's row lock keeps the tier and its prices in step under concurrent edits.
  if (Object.keys(fields).length > 0) {
    await inTransaction(ctx.db, async (trx) => {
      if (patch.name !== undefined && (await tierNameTaken(trx, patch.name, id))) throw nameTaken()
      await updateTier(trx, id, fields)
    })
  }
  if (tier.stripe_product_id) await pushTierToStripe(ctx.db, stripe, id)
  return staffTier(ctx.db, id)
}

/** What Stripe should hold for a tier, as the database has it. */
async function storedTierState(db: Db, id: string) {
  const tier = await findTier(db, id)
  if (!tier?.stripe_product_id) throw notFound('No such tier.', 'tier-not-found')
  const prices = await pricesOf(db, [id], { activeOnly: false })
  return {
    productId: tier.stripe_product_id,
    product: { name: tier.name, description: tier.description ?? '', active: tier.active },
    prices: prices.flatMap((p) => (p.stripe_price_id ? [{ id: p.stripe_price_id, active: p.active }] : [])),
  }
}

const MAX_PUSHES = 5

async function pushTierToStripe(db: Db, stripe: Stripe, id: string): Promise<void> {
  let pushed: string | undefined
  for (let i = 0; i < MAX_PUSHES; i++) {
    const state = await storedTierState(db, id)
    const key = JSON.stringify(state)
    if (key === pushed) return
    await stripeCall(() => stripe.products.update(state.productId, state.product))
    for (const price of state.prices) {
      await stripeCall(() => stripe.prices.update(price.id, { active: price.active }))
    }
    pushed = key
  }
  throw unavailable(
    'The tier kept changing while it was sent to Stripe; repeat the request.',
    undefined,
    'tier-changing',
  )
}

const nameTaken = () => conflict('tier-name-taken', 'Another tier has this name: choose another one.')
