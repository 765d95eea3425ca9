import { z } from 'zod'
import { currentStaffRole } from '../accounts/index.js'
import type { Deps } from '../deps.js'
import { authorize } from '../http/auth.js'
import type { apiRouter } from '../http/router.js'
import { email, id, redirectUrl } from '../http/schemas.js'
import { LOCALES } from '../locales.js'
import { startCheckout } from './checkout.service.js'

type Route = ReturnType<typeof apiRouter>['route']

/** The body of POST /v1/checkout; return URLs must be on one of the allowed origins. */
export const checkoutBody = (allowedOrigins: readonly string[]) =>
  z.object({
    email: email.optional().meta({ description: 'Required unless a patron’s Bearer token is sent' }),
    priceId: id,
    amount: z.number().int().positive().optional().meta({
      description:
        'Pay what you want: a monthly or yearly amount (minor units) of at least the price’s own and at most CONTRIBUTION_MAX_AMOUNT; the subscription is made at that amount',
    }),
    successUrl: redirectUrl(allowedOrigins).optional(),
    cancelUrl: redirectUrl(allowedOrigins).optional(),
    locale: z.enum(LOCALES).optional().meta({ description: 'Language of the Checkout page' }),
  })
export type CheckoutReq = z.infer<ReturnType<typeof checkoutBody>>

const started = z.object({
  sessionId: z.string(),
  url: z.string().nullable(),
  claimToken: z.string().meta({
    description:
      'One-time secret for this browser: with sessionId, POST /v1/auth/token signs a new reader in after paying',
  }),
})

export function registerCheckoutRoutes(route: Route, deps: Deps): void {
  route({
    method: 'post',
    path: '/v1/checkout',
    refusals: [
      'price-not-found',
      'membership-live',
      'checkout-rate-limited',
      'email-required',
      'email-with-session',
      'account-removed',
      'amount-out-of-range',
    ],
    summary:
      'Start a Stripe Checkout Session (subscription mode) for the member of an email (created on first use), or for the patron of the Bearer token',
    tag: 'billing',
    body: checkoutBody(deps.config.allowedOrigins),
    responses: {
      201: { description: 'The session; send the patron to `url` and keep `claimToken`', schema: started },
      401: { description: 'A Bearer token was sent but is missing, invalid or expired' },
      403: { description: 'The Bearer token is not a patron’s' },
      404: { description: 'Unknown or archived price' },
      409: { description: 'The member already has a live subscription (use the billing portal)' },
      429: { description: 'Too many checkouts from this IP (CHECKOUT_LIMIT_PER_IP per 15 minutes)' },
      503: { description: 'Stripe is not configured or not reachable' },
    },
    handler: async ({ body, req, res }) => {
      const auth = req.headers.authorization
        ? await authorize(req, deps.tokens, ['patron'], (id) => currentStaffRole(deps.db, id))
        : undefined
      const session = await startCheckout(deps, { ...body, memberId: auth?.sub, ip: req.ip ?? null })
      res.set('Cache-Control', 'no-store').status(201).json(session)
    },
  })
}
