import Stripe from 'stripe'
import type { Config } from '../config.js'
import { stripeNotConfigured, stripeUnavailable, unavailable } from '../http/problems.js'

/** The official SDK at its pinned API version, pointed at STRIPE_API_BASE; undefined without a key. */
export function createStripe(config: Pick<Config, 'stripe'>): Stripe | undefined {
  const { secretKey, apiBase } = config.stripe
  if (!secretKey) return undefined
  const base = new URL(apiBase)
  return new Stripe(secretKey, {
    host: base.hostname,
    port: Number(base.port || (base.protocol === 'https:' ? 443 : 80)),
    protocol: base.protocol === 'http:' ? 'http' : 'https',
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: 'patronage' },
  })
}

export type { Stripe }

/**
 * A Stripe call whose network or server failure becomes a 503 (the caller may retry), and whose
 * refusal (an invalid request, e.g. an archived price) a 503 `stripe-unavailable`, never a 500.
 */
export async function stripeCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (err) {
    const type = (err as { type?: string }).type
    if (type === 'StripeConnectionError' || type === 'StripeAPIError' || type === 'StripeRateLimitError') {
      throw Object.assign(unavailable('Stripe could not be reached; try again.'), { cause: err })
    }
    if (typeof type === 'string' && type.startsWith('Stripe')) {
      throw Object.assign(stripeUnavailable('Stripe refused the call; try again later.'), { cause: err })
    }
    throw err
  }
}

/** The configured client, or 503 stripe-not-configured. */
export function requireStripe(stripe: Stripe | undefined): Stripe {
  if (!stripe) throw stripeNotConfigured()
  return stripe
}
