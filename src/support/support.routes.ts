import { z } from 'zod'
import { currentStaffRole } from '../accounts/index.js'
import type { Deps } from '../deps.js'
import { authorize } from '../http/auth.js'
import type { apiRouter } from '../http/router.js'
import { currency, email, id, isoDateTime, redirectUrl } from '../http/schemas.js'
import { startContribution, startGift } from './checkout.service.js'
import { GIFT_MONTHS } from './offer.js'
import { supportOffer, updateSupport } from './support.service.js'

type Route = ReturnType<typeof apiRouter>['route']

/** Minor units: whole, positive (bounds are CONTRIBUTION_MIN_AMOUNT and CONTRIBUTION_MAX_AMOUNT). */
const amount = z.number().int().min(1).max(99_999_999)
const months = z.union(
  GIFT_MONTHS.map((m) => z.literal(m)) as [
    z.ZodLiteral<1>,
    z.ZodLiteral<3>,
    z.ZodLiteral<6>,
    z.ZodLiteral<12>,
  ],
)
const locale = z.enum(['en', 'uk']).optional().meta({ description: 'Language of the mails' })
export const giftMessage = z.string().max(1000)

const returnUrls = (origins: readonly string[]) => ({
  successUrl: redirectUrl(origins).optional(),
  cancelUrl: redirectUrl(origins).optional(),
})

export const contributionBody = (origins: readonly string[]) =>
  z.object({
    email: email.optional().meta({ description: 'Required unless a patron’s Bearer token is sent' }),
    amount,
    currency,
    message: z.string().max(1000).optional(),
    locale,
    ...returnUrls(origins),
  })

export const giftBody = (origins: readonly string[]) =>
  z.object({
    purchaserEmail: email.optional().meta({ description: 'Required unless a patron’s Bearer token is sent' }),
    recipientEmail: email,
    tierId: id,
    months,
    message: giftMessage.optional(),
    sendAt: isoDateTime
      .optional()
      .meta({ description: 'When the recipient is mailed (default: at once); within a year' }),
    locale,
    ...returnUrls(origins),
  })

export const supportUpdateBody = z.object({
  contributions: z
    .object({
      currencies: z.array(currency).max(20),
      presets: z.array(z.object({ currency, amounts: z.array(amount).max(8) })).max(20),
    })
    .optional(),
  gifts: z
    .array(z.object({ tierId: id, months: z.array(months).min(1).max(4) }))
    .max(50)
    .optional(),
})

const offer = z.object({
  contributions: z.object({
    currencies: z.array(z.string()),
    presets: z.array(z.object({ currency: z.string(), amounts: z.array(z.number().int()) })),
    minAmount: z.number().int(),
    maxAmount: z.number().int(),
  }),
  gifts: z.array(
    z.object({
      tierId: z.string(),
      name: z.string(),
      options: z.array(
        z.object({ months: z.number().int(), amount: z.number().int(), currency: z.string() }),
      ),
    }),
  ),
})
const started = z.object({ sessionId: z.string(), url: z.string().nullable() })

const paymentResponses = {
  201: { description: 'The session; send the reader to `url`', schema: started },
  400: {
    description:
      'An amount, currency, tier, months, email, date or URL that is not allowed (the field is named)',
  },
  401: { description: 'A Bearer token was sent but is missing, invalid or expired' },
  429: { description: 'Too many checkouts from this IP (CHECKOUT_LIMIT_PER_IP per 15 minutes)' },
  503: { description: 'Stripe is not configured or not reachable' },
}

export function registerSupportRoutes(route: Route, deps: Deps): void {
  const signedIn = async (req: Parameters<typeof authorize>[0]) =>
    req.headers.authorization
      ? (await authorize(req, deps.tokens, ['patron'], (sub) => currentStaffRole(deps.db, sub))).sub
      : undefined

  route({
    method: 'get',
    path: '/v1/support',
    summary: 'The other ways to support that staff have switched on: contributions and gift memberships',
    tag: 'support',
    responses: { 200: { description: 'What is offered', schema: offer } },
    handler: async ({ res }) => res.json(await supportOffer(deps.db, deps.config)),
  })

  route({
    method: 'post',
    path: '/v1/contributions',
    refusals: [
      'amount-out-of-range',
      'currency-not-offered',
      'checkout-rate-limited',
      'email-required',
      'email-with-session',
    ],
    summary: 'Start a Stripe Checkout Session (payment mode) for a one-time contribution',
    tag: 'support',
    body: contributionBody(deps.config.allowedOrigins),
    responses: paymentResponses,
    handler: async ({ body, req, res }) => {
      const memberId = await signedIn(req)
      const session = await startContribution(deps, { ...body, memberId, ip: req.ip ?? null })
      res.set('Cache-Control', 'no-store').status(201).json(session)
    },
  })

  route({
    method: 'post',
    path: '/v1/gifts',
    refusals: [
      'gift-not-offered',
      'gift-to-self',
      'send-at-past',
      'send-at-too-far',
      'gift-recipient-live',
      'checkout-rate-limited',
      'email-required',
      'email-with-session',
    ],
    summary:
      'Start a Stripe Checkout Session (payment mode) for a gift membership of a tier for 1, 3, 6 or 12 months',
    tag: 'support',
    body: giftBody(deps.config.allowedOrigins),
    responses: {
      ...paymentResponses,
      409: { description: '`gift-recipient-live`: the recipient already has a live subscription' },
    },
    handler: async ({ body, req, res }) => {
      const memberId = await signedIn(req)
      const session = await startGift(deps, { ...body, memberId, ip: req.ip ?? null })
      res.set('Cache-Control', 'no-store').status(201).json(session)
    },
  })

  route({
    method: 'put',
    path: '/v1/admin/support',
    refusals: ['amount-out-of-range', 'preset-currency-not-offered', 'gift-tier-not-active'],
    summary:
      'Switch contributions and gifts on or off; set presets, currencies and giftable tiers (empty = off)',
    tag: 'support',
    roles: ['admin'],
    body: supportUpdateBody,
    responses: { 200: { description: 'What is offered now', schema: offer } },
    handler: async ({ body, res }) => res.json(await updateSupport(deps.db, deps.config, body)),
  })
}
