import { z } from 'zod'
import type { Deps } from '../deps.js'
import { validation } from '../http/problems.js'
import type { apiRouter } from '../http/router.js'
import { currency, description, idParams, title, translationsOf, translationsOut } from '../http/schemas.js'
import { createTier, editTier, tiersView } from './tiers.service.js'

type Route = ReturnType<typeof apiRouter>['route']

const amount = z.number().int().min(1).max(99_999_999)
/** A tier's name and description in other languages (`{ uk: { name, description } }`). */
export const tierTranslations = translationsOf({ name: 200, description: 5000 })

export const tierCreateBody = z
  .object({
    name: title,
    description: description.optional(),
    currency,
    monthlyAmount: amount.optional(),
    yearlyAmount: amount.optional(),
    translations: tierTranslations.optional(),
  })
  .refine((t) => t.monthlyAmount !== undefined || t.yearlyAmount !== undefined, {
    message: 'give a monthlyAmount, a yearlyAmount or both',
    path: ['monthlyAmount'],
  })
export type TierCreateReq = z.infer<typeof tierCreateBody>

export const tierPatchBody = z.object({
  name: title.optional(),
  description: description.nullable().optional(),
  active: z.boolean().optional(),
  /** Replaces the stored translations as a whole. */
  translations: tierTranslations.optional(),
})

const price = z.object({
  id: z.string(),
  interval: z.enum(['month', 'year']),
  amount: z.number().int(),
  currency: z.string(),
})
const tier = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  prices: z.array(price),
  translations: translationsOut,
})
const staffTier = tier.extend({
  active: z.boolean(),
  stripeProductId: z.string().nullable(),
  prices: z.array(price.extend({ active: z.boolean(), stripePriceId: z.string().nullable() })),
})

const idempotencyKey = z
  .string()
  .regex(/^[\w.:-]{1,200}$/, 'must be 1–200 letters, digits or ._:-')
  .optional()

export function registerTierRoutes(route: Route, deps: Deps): void {
  route({
    method: 'get',
    path: '/v1/tiers',
    summary: 'Active tiers and their prices',
    tag: 'billing',
    responses: { 200: { description: 'Active tiers', schema: z.object({ data: z.array(tier) }) } },
    handler: async ({ res }) => res.json({ data: await tiersView(deps.db, 'active', false) }),
  })

  route({
    method: 'post',
    path: '/v1/admin/tiers',
    refusals: ['invalid-idempotency-key', 'tier-changing', 'tier-name-taken'],
    summary: 'Create a tier and its Stripe Product and Prices (send Idempotency-Key to retry safely)',
    tag: 'billing',
    roles: ['editor'],
    body: tierCreateBody,
    responses: {
      201: { description: 'The tier', schema: staffTier },
      200: { description: 'The tier of an earlier request with the same Idempotency-Key', schema: staffTier },
      422: { description: 'The Idempotency-Key was used with another body (idempotency-mismatch)' },
      503: { description: 'Stripe is not configured, not reachable or refused the call' },
    },
    handler: async ({ body, req, res }) => {
      const key = idempotencyKey.safeParse(req.get('idempotency-key'))
      if (!key.success)
        throw validation(
          'The Idempotency-Key header is invalid.',
          [{ path: 'headers.idempotency-key', message: key.error.issues[0]!.message }],
          'invalid-idempotency-key',
        )
      const result = await createTier(deps, body, key.data)
      res.status(result.created ? 201 : 200).json(result.tier)
    },
  })

  route({
    method: 'patch',
    path: '/v1/admin/tiers/:id',
    refusals: ['tier-not-found', 'tier-changing', 'tier-name-taken'],
    summary:
      'Rename, describe, archive (active: false) or restore a tier. Each PATCH sends the whole stored ' +
      'state to Stripe again, so repeating one repairs Stripe after a failed or concurrent change',
    tag: 'billing',
    roles: ['editor'],
    params: idParams,
    body: tierPatchBody,
    responses: {
      200: { description: 'The tier', schema: staffTier },
      503: { description: 'Stripe is not configured, not reachable or refused; repeat the request' },
    },
    handler: async ({ params, body, res }) => res.json(await editTier(deps, params.id, body)),
  })
}
