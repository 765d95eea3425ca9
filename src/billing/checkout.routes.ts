import { z } from 'zod'
import type { Deps } from '../deps.js'
import type { apiRouter } from '../http/router.js'
import { email, id } from '../http/schemas.js'
import { startCheckout } from './checkout.service.js'

type Route = ReturnType<typeof apiRouter>['route']

export const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2000)

export const checkoutBody = z.object({
  email,
  priceId: id,
  successUrl: httpUrl.optional(),
  cancelUrl: httpUrl.optional(),
})
export type CheckoutReq = z.infer<typeof checkoutBody>

export function registerCheckoutRoutes(route: Route, deps: Deps): void {
  route({
    method: 'post',
    path: '/v1/checkout',
    summary: 'Start a Stripe Checkout Session (subscription mode) for a member, created on first use',
    tag: 'billing',
    body: checkoutBody,
    responses: {
      201: {
        description: 'The session; send the patron to `url`',
        schema: z.object({ sessionId: z.string(), url: z.string().nullable() }),
      },
      404: { description: 'Unknown or archived price' },
      409: { description: 'The member already has a live subscription (use the billing portal)' },
      503: { description: 'Stripe is not configured or not reachable' },
    },
    handler: async ({ body, res }) => res.status(201).json(await startCheckout(deps, body)),
  })
}
