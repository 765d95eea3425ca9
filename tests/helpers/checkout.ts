import type { StripeSimulator } from '../../src/dev/stripe-simulator/api.js'
import { BillingSimulator } from '../../src/dev/stripe-simulator/billing.js'
import type { ApiResponse, TestApp } from './app.js'

export interface Started {
  sessionId: string
  url: string
  claimToken: string
}

/** POST /v1/checkout; throws unless it answered 201. */
export async function startCheckout(
  app: TestApp,
  body: Record<string, unknown>,
  options: { token?: string; headers?: Record<string, string> } = {},
): Promise<Started> {
  const res = await app.api('POST', '/v1/checkout', { body, ...options })
  if (res.status !== 201) throw new Error(`checkout answered ${res.status}: ${res.text}`)
  return res.body
}

/**
 * The reader pays in Stripe's Checkout page: the fake's session (as POST /v1/checkout created it)
 * becomes complete with a new active subscription, as Stripe Billing would leave it.
 */
export function payCheckout(fake: StripeSimulator, sessionId: string) {
  const session = fake.get(sessionId, 'checkout.session')
  const sim = new BillingSimulator(fake)
  const price = fake.get(session.line_items[0].price, 'price')
  const paid = sim.checkout(session.client_reference_id, fake.get(session.customer, 'customer'), price)
  fake.objects.delete(paid.session.id)
  Object.assign(session, { status: 'complete', payment_status: 'paid', subscription: paid.sub.id })
  return paid
}

export function redeemCheckout(
  app: TestApp,
  body: { checkoutSessionId: string; claimToken?: string },
): Promise<ApiResponse> {
  return app.api('POST', '/v1/auth/token', { body })
}

/** Requests the fake Stripe received for this Checkout Session (retrievals). */
export const sessionLookups = (fake: StripeSimulator, sessionId: string) =>
  fake.requests.filter((r) => r.method === 'GET' && r.path === `/v1/checkout/sessions/${sessionId}`)
