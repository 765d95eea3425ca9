import { oneTimePaymentEvent } from '../support/payment-events.js'
import {
  subscriptionChanged,
  subscriptionCheckoutCompleted,
  subscriptionInvoice,
} from './subscription-events.js'
import type { WebhookHandler } from './webhook-handler.js'

/**
 * Stripe event type -> its handlers, tried in order: the first whose `prepare` answers something
 * handles the event (a Checkout session in subscription mode and one in payment mode share a type).
 * A type not listed is stored as processed and ignored. A new event is one file exporting a
 * `WebhookHandler` (see webhook-handler.ts) and one line here.
 */
export const webhookHandlers: Readonly<Record<string, readonly WebhookHandler[]>> = {
  'customer.subscription.created': [subscriptionChanged],
  'customer.subscription.updated': [subscriptionChanged],
  'customer.subscription.deleted': [subscriptionChanged],
  'customer.subscription.paused': [subscriptionChanged],
  'customer.subscription.resumed': [subscriptionChanged],
  'customer.subscription.pending_update_applied': [subscriptionChanged],
  'customer.subscription.pending_update_expired': [subscriptionChanged],
  'customer.subscription.trial_will_end': [subscriptionChanged],
  'checkout.session.completed': [subscriptionCheckoutCompleted, oneTimePaymentEvent],
  'invoice.paid': [subscriptionInvoice],
  'invoice.payment_failed': [subscriptionInvoice],
  // Other ways to support (issue 20): one-time payments settled later, and refunds
  'checkout.session.async_payment_succeeded': [oneTimePaymentEvent],
  'checkout.session.async_payment_failed': [oneTimePaymentEvent],
  'charge.refunded': [oneTimePaymentEvent],
}
