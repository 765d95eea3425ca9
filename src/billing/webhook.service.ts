import type { Config } from '../config.js'
import { inTransaction } from '../db/transaction.js'
import { invalidSignature, Problem, stripeNotConfigured } from '../http/problems.js'
import { deliverMails, type SenderDeps } from '../mail/sender.js'
import { fromUnix } from './membership.js'
import type { Stripe } from './stripe-client.js'
import { claimEvent, isEventProcessed } from './subscriptions.repository.js'
import type { WebhookHandler } from './webhook-handler.js'
import { webhookHandlers } from './webhook-handlers.js'

/** Stripe's default tolerance: a signature older than this is stale. */
const SIGNATURE_TOLERANCE_SECONDS = 300

export interface WebhookDeps extends SenderDeps {
  stripe: Stripe | undefined
  config: Config
}

export type WebhookOutcome = 'applied' | 'duplicate' | 'ignored'

export function verifyEvent(
  deps: WebhookDeps,
  rawBody: unknown,
  signature: string | undefined,
): Stripe.Event {
  const secret = deps.config.stripe.webhookSecret
  if (!deps.stripe) throw stripeNotConfigured()
  if (!secret)
    throw stripeNotConfigured('Set STRIPE_WEBHOOK_SECRET (the whsec_... signing secret) to accept webhooks.')
  if (!signature) throw invalidSignature('The Stripe-Signature header is missing.')
  if (!Buffer.isBuffer(rawBody) || rawBody.length === 0) throw invalidSignature('The body is empty.')
  // The SDK only rejects old signatures; one from the future is as suspect as a stale one.
  const signedAt = Number(/(?:^|,)\s*t=(\d+)/.exec(signature)?.[1])
  if (signedAt > Date.now() / 1000 + SIGNATURE_TOLERANCE_SECONDS) throw invalidSignature()
  try {
    return deps.stripe.webhooks.constructEvent(rawBody, signature, secret, SIGNATURE_TOLERANCE_SECONDS)
  } catch {
    throw invalidSignature()
  }
}

/**
 * Applies one verified event exactly once, by the handlers its type has in the registry
 * (webhook-handlers.ts). The processed-event row and every effect commit together, so a failure
 * leaves nothing behind and Stripe's retry starts clean.
 */
export async function handleEvent(deps: WebhookDeps, event: Stripe.Event): Promise<WebhookOutcome> {
  const { db } = deps
  if (await isEventProcessed(db, event.id)) return 'duplicate'
  const handlerDeps = { ...deps, stripe: deps.stripe! }
  let handler: WebhookHandler | undefined
  let prepared: unknown = null
  for (const candidate of webhookHandlers[event.type] ?? []) {
    prepared = await candidate.prepare(handlerDeps, event)
    if (prepared !== null) {
      handler = candidate
      break
    }
  }
  const created = fromUnix(event.created) ?? new Date(0)
  const result = handler?.claimAndApply
    ? await handler.claimAndApply(db, handlerDeps, event, prepared)
    : await inTransaction(db, async (trx) => {
        if (!(await claimEvent(trx, { id: event.id, type: event.type, created }))) return 'duplicate' as const
        return handler ? handler.apply(trx, handlerDeps, event, prepared) : null
      })
  if (result === 'duplicate') return 'duplicate'
  if (result === null) return 'ignored'
  // Side effects run only once the change is committed (a failed commit must not notify anyone).
  if (result.log) deps.logger.info({ eventId: event.id, ...result.log.fields }, result.log.msg)
  if (result.mailIds?.some((id) => id !== undefined)) await deliverMails(deps, result.mailIds)
  return 'applied'
}

/** Anything but a Problem we raised becomes a 500, never a 4xx, so Stripe retries the delivery. */
export function asRetryable(err: unknown): unknown {
  if (err instanceof Problem) return err
  return new Problem(500, 'internal', 'Internal server error', 'The event could not be applied; retry later.')
}
