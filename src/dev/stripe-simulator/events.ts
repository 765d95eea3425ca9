import { randomBytes } from 'node:crypto'
import Stripe from 'stripe'
import { type Obj, TEST_WEBHOOK_SECRET } from './core.js'

export interface SignedEvent {
  id: string
  type: string
  created: number
  /** The exact bytes to send. */
  payload: string
  event: Obj
}

const signer = new Stripe('sk_test_signer_only')

/** An event as Stripe sends it, carrying a snapshot (copy) of its object at the time. */
export function stripeEvent(
  type: string,
  object: Obj,
  created: number,
  id = `evt_${randomBytes(12).toString('hex')}`,
) {
  const event = {
    id,
    object: 'event',
    api_version: '2026-10-28.endive',
    created,
    type,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object: structuredClone(object) },
  }
  return { id, type, created, payload: JSON.stringify(event), event } satisfies SignedEvent
}

/** A Stripe-Signature header made with the SDK's generateTestHeaderString. */
export function signatureFor(
  payload: string,
  { secret = TEST_WEBHOOK_SECRET, timestamp }: { secret?: string; timestamp?: number } = {},
) {
  return signer.webhooks.generateTestHeaderString({
    payload,
    secret,
    ...(timestamp === undefined ? {} : { timestamp }),
  })
}
