import { createRequire } from 'node:module'
import type Stripe from 'stripe'
import type { Config } from '../config.js'
import type { Metrics } from '../http/metrics.js'
import {
  idempotencyMismatch,
  invalidSignature,
  type Problem,
  stripeNotConfigured,
  stripeUnavailable,
} from '../http/problems.js'

let sdk: typeof Stripe | undefined

/**
 * The SDK, loaded on first use: a service without STRIPE_SECRET_KEY starts without it (a noticeable
 * part of start-up), and without a client no Stripe error can exist.
 */
export const stripeSdk = (): typeof Stripe => {
  sdk ??= createRequire(import.meta.url)('stripe') as typeof Stripe
  return sdk
}

/** The official SDK at its pinned API version, pointed at STRIPE_API_BASE; undefined without a key. */
export function createStripe(config: Pick<Config, 'stripe'>): Stripe | undefined {
  const { secretKey, apiBase } = config.stripe
  if (!secretKey) return undefined
  const base = new URL(apiBase)
  return new (stripeSdk())(secretKey, {
    host: base.hostname,
    port: Number(base.port || (base.protocol === 'https:' ? 443 : 80)),
    protocol: base.protocol === 'http:' ? 'http' : 'https',
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: 'patronage' },
    // No latency report of the previous call on every request (a header built per call).
    telemetry: false,
  })
}

export type { Stripe }

/**
 * The one mapping of Stripe SDK errors to problems (the error handler uses it for every Stripe call,
 * wrapped or not): a reused Idempotency-Key with other parameters is 422; anything else Stripe refused
 * or could not answer (network, API, rate limit, authentication, invalid request, missing portal
 * configuration) is 503 `stripe-unavailable`. Stripe's own message is never echoed.
 */
export function stripeProblem(err: unknown): Problem | undefined {
  if (!sdk || !(err instanceof sdk.errors.StripeError)) return undefined
  if (err instanceof sdk.errors.StripeIdempotencyError) return idempotencyMismatch()
  if (err instanceof sdk.errors.StripeSignatureVerificationError) return invalidSignature()
  return stripeUnavailable()
}

/** A Stripe call whose failure becomes its problem at once (the original error kept as `cause`). */
export async function stripeCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (err) {
    const problem = stripeProblem(err)
    throw problem ? Object.assign(problem, { cause: err }) : err
  }
}

/** The configured client, or 503 stripe-not-configured. */
export function requireStripe(stripe: Stripe | undefined): Stripe {
  if (!stripe) throw stripeNotConfigured()
  return stripe
}

/** The Stripe SDK emits a 'response' event with the elapsed milliseconds of every call. */
export function observeStripeCalls(stripe: Stripe | undefined, metrics: Metrics | undefined): void {
  if (!metrics) return
  stripe?.on('response', (event: Stripe.ResponseEvent) => {
    // /v1/subscriptions/sub_123 -> subscriptions: the resource, not the id.
    const resource = event.path.split('/')[2] ?? 'unknown'
    metrics.stripeCall({
      method: event.method,
      resource,
      status: event.status,
      seconds: event.elapsed / 1000,
    })
  })
}
