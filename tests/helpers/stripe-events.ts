import { type SignedEvent, signatureFor } from '../../src/dev/stripe-simulator/billing.js'
import { type ApiResponse, request } from './app.js'

/** POSTs an event to the webhook as Stripe would: raw JSON bytes plus a fresh signature. */
export function deliver(
  baseUrl: string,
  e: SignedEvent,
  options: { secret?: string; timestamp?: number; signature?: string | null } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' }
  const signature = options.signature === undefined ? signatureFor(e.payload, options) : options.signature
  if (signature !== null) headers['stripe-signature'] = signature
  return request(baseUrl, 'POST', '/v1/stripe/webhook', { body: e.payload, headers })
}
