import Stripe from 'stripe'
import type { Config } from '../config.js'

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
