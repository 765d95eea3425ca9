import type { StripeSimulator } from './api.js'
import { stripeEvent } from './events.js'

export { type SignedEvent, signatureFor, stripeEvent } from './events.js'

type Obj = Record<string, any>

export interface CheckoutOptions {
  trialDays?: number
  /** Complete this open session (a hosted Checkout page) instead of making a new one. */
  session?: Obj
  /** A payment that settles later (a bank debit): the subscription starts incomplete, its invoice open. */
  paymentLater?: boolean
}
const DAY = 86_400

/**
 * Drives subscriptions in the fake as Stripe Billing would and returns the events Stripe would send.
 * Every method moves the fake's clock forward, so events carry increasing `created` times unless a
 * test pins the clock.
 */
export class BillingSimulator {
  constructor(readonly fake: StripeSimulator) {}

  private tick(seconds = 1): number {
    this.fake.now += seconds
    return this.fake.now
  }

  product(name = 'Supporter') {
    return this.fake.create('prod', 'product', { name, active: true, metadata: {} })
  }

  price(amount: number, interval: 'month' | 'year' = 'month', currency = 'eur', product = this.product().id) {
    return this.fake.create('price', 'price', {
      product,
      currency,
      unit_amount: amount,
      recurring: { interval, interval_count: 1 },
      active: true,
      metadata: {},
    })
  }

  customer(email: string, metadata: Obj = {}) {
    return this.fake.create('cus', 'customer', { email, metadata })
  }

  private invoice(sub: Obj, status: 'paid' | 'open') {
    const invoice = this.fake.create('in', 'invoice', {
      customer: sub.customer,
      status,
      amount_due: sub.items.data[0].price.unit_amount * sub.items.data[0].quantity,
      currency: sub.currency,
      attempt_count: 1,
      parent: {
        type: 'subscription_details',
        quote_details: null,
        subscription_details: { subscription: sub.id, metadata: structuredClone(sub.metadata) },
      },
    })
    sub.latest_invoice = invoice.id
    return invoice
  }

  private periodLength(sub: Obj, price: Obj = sub.items.data[0].price) {
    return price.recurring.interval === 'year' ? 365 * DAY : 30 * DAY
  }

  /** A completed Checkout: the session, the new active subscription and its first paid invoice. */
  checkout(memberId: string, customer: Obj, price: Obj, options: CheckoutOptions = {}) {
    const t = this.tick()
    const sub = this.fake.create('sub', 'subscription', {
      customer: customer.id,
      status: options.trialDays ? 'trialing' : options.paymentLater ? 'incomplete' : 'active',
      currency: price.currency,
      start_date: t,
      billing_cycle_anchor: t,
      cancel_at_period_end: false,
      cancel_at: null,
      canceled_at: null,
      ended_at: null,
      cancellation_details: { comment: null, feedback: null, reason: null },
      trial_end: options.trialDays ? t + options.trialDays * DAY : null,
      latest_invoice: null,
      metadata: { member_id: memberId },
      items: { object: 'list', has_more: false, url: '/v1/subscription_items', data: [] as Obj[] },
    })
    sub.items.data.push({
      id: this.fake.id('si'),
      object: 'subscription_item',
      price: structuredClone(price),
      quantity: 1,
      subscription: sub.id,
      current_period_start: t,
      current_period_end: t + (options.trialDays ? options.trialDays * DAY : this.periodLength(sub, price)),
    })
    const invoice = this.invoice(sub, options.paymentLater ? 'open' : 'paid')
    const completed = {
      mode: 'subscription',
      status: 'complete',
      payment_status: options.paymentLater ? 'unpaid' : 'paid',
      customer: customer.id,
      client_reference_id: memberId,
      subscription: sub.id,
    }
    const session = options.session
      ? Object.assign(options.session, completed)
      : this.fake.create('cs_test', 'checkout.session', completed)
    return {
      sub,
      session,
      events: [
        stripeEvent('customer.subscription.created', sub, t),
        ...(options.paymentLater ? [] : [stripeEvent('invoice.paid', invoice, t)]),
        stripeEvent('checkout.session.completed', session, t),
      ],
    }
  }

  /** The payment of an incomplete subscription (a bank debit) settles: it becomes active. */
  settle(sub: Obj, afterSeconds = DAY) {
    return this.recover(sub, afterSeconds)
  }

  /** The payment of an incomplete subscription never arrives: Stripe expires it. */
  expire(sub: Obj, afterSeconds = DAY) {
    const t = this.tick(afterSeconds)
    sub.status = 'incomplete_expired'
    sub.ended_at = t
    this.fake.get(sub.latest_invoice).status = 'void'
    return [stripeEvent('customer.subscription.deleted', sub, t)]
  }

  /** The patron takes back a cancellation at period end before the period ends. */
  keep(sub: Obj, afterSeconds = DAY) {
    const t = this.tick(afterSeconds)
    sub.cancel_at_period_end = false
    sub.cancel_at = null
    sub.canceled_at = null
    sub.cancellation_details = { comment: null, feedback: null, reason: null }
    return [stripeEvent('customer.subscription.updated', sub, t)]
  }

  /** The next billing period starts and is paid. */
  renew(sub: Obj) {
    const item = sub.items.data[0]
    const t = this.tick(Math.max(1, item.current_period_end - this.fake.now))
    item.current_period_start = t
    item.current_period_end = t + this.periodLength(sub)
    sub.status = 'active'
    const invoice = this.invoice(sub, 'paid')
    return [stripeEvent('invoice.paid', invoice, t), stripeEvent('customer.subscription.updated', sub, t)]
  }

  /** The renewal payment fails: past_due. */
  failRenewal(sub: Obj) {
    const item = sub.items.data[0]
    const t = this.tick(Math.max(1, item.current_period_end - this.fake.now))
    item.current_period_start = t
    item.current_period_end = t + this.periodLength(sub)
    sub.status = 'past_due'
    const invoice = this.invoice(sub, 'open')
    return [
      stripeEvent('invoice.payment_failed', invoice, t),
      stripeEvent('customer.subscription.updated', sub, t),
    ]
  }

  /** A retry of the open invoice fails again (still past_due). */
  failRetry(sub: Obj, afterSeconds = 3 * DAY) {
    const t = this.tick(afterSeconds)
    const invoice = this.fake.get(sub.latest_invoice)
    invoice.attempt_count += 1
    return [stripeEvent('invoice.payment_failed', invoice, t)]
  }

  /** A retry of the open invoice succeeds. */
  recover(sub: Obj, afterSeconds = 2 * DAY) {
    const t = this.tick(afterSeconds)
    const invoice = this.fake.get(sub.latest_invoice)
    invoice.status = 'paid'
    sub.status = 'active'
    return [stripeEvent('invoice.paid', invoice, t), stripeEvent('customer.subscription.updated', sub, t)]
  }

  /** Every retry failed: Stripe marks it unpaid. */
  markUnpaid(sub: Obj, afterSeconds = 14 * DAY) {
    const t = this.tick(afterSeconds)
    sub.status = 'unpaid'
    return [stripeEvent('customer.subscription.updated', sub, t)]
  }

  cancelAtPeriodEnd(sub: Obj, afterSeconds = DAY) {
    const t = this.tick(afterSeconds)
    sub.cancel_at_period_end = true
    sub.cancel_at = sub.items.data[0].current_period_end
    sub.canceled_at = t
    sub.cancellation_details = { comment: null, feedback: null, reason: 'cancellation_requested' }
    return [stripeEvent('customer.subscription.updated', sub, t)]
  }

  /** The subscription ends: at its period end after cancel_at_period_end, or now. */
  end(sub: Obj, options: { reason?: string; atPeriodEnd?: boolean; afterSeconds?: number } = {}) {
    const t = options.atPeriodEnd
      ? this.tick(Math.max(1, sub.items.data[0].current_period_end - this.fake.now))
      : this.tick(options.afterSeconds ?? DAY)
    sub.status = 'canceled'
    sub.canceled_at ??= t
    sub.ended_at = t
    sub.cancellation_details = {
      comment: null,
      feedback: null,
      reason: options.reason ?? sub.cancellation_details?.reason ?? 'cancellation_requested',
    }
    return [stripeEvent('customer.subscription.deleted', sub, t)]
  }

  /** Collection paused (status paused, as with a trial that ends without a payment method). */
  pause(sub: Obj, afterSeconds = DAY) {
    const t = this.tick(afterSeconds)
    sub.status = 'paused'
    return [stripeEvent('customer.subscription.paused', sub, t)]
  }

  resume(sub: Obj, afterSeconds = DAY) {
    const t = this.tick(afterSeconds)
    sub.status = 'active'
    const item = sub.items.data[0]
    item.current_period_start = t
    item.current_period_end = t + this.periodLength(sub)
    const invoice = this.invoice(sub, 'paid')
    return [stripeEvent('customer.subscription.resumed', sub, t), stripeEvent('invoice.paid', invoice, t)]
  }

  /** The trial ends and the first payment succeeds. */
  endTrial(sub: Obj) {
    const item = sub.items.data[0]
    const t = this.tick(Math.max(1, item.current_period_end - this.fake.now))
    sub.status = 'active'
    item.current_period_start = t
    item.current_period_end = t + this.periodLength(sub)
    const invoice = this.invoice(sub, 'paid')
    return [stripeEvent('customer.subscription.updated', sub, t), stripeEvent('invoice.paid', invoice, t)]
  }

  /** The patron switches price (e.g. monthly -> yearly); Stripe invoices the change at once. */
  changePrice(sub: Obj, price: Obj, afterSeconds = DAY) {
    const t = this.tick(afterSeconds)
    const item = sub.items.data[0]
    item.price = structuredClone(price)
    item.current_period_start = t
    item.current_period_end = t + this.periodLength(sub)
    sub.currency = price.currency
    const invoice = this.invoice(sub, 'paid')
    return [stripeEvent('customer.subscription.updated', sub, t), stripeEvent('invoice.paid', invoice, t)]
  }
}
