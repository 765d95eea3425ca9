import { type Obj, type SimulatorStore, StripeSimulatorError } from './core.js'
import { stripeEvent } from './events.js'

const invalid = (message: string, param: string) =>
  new StripeSimulatorError(400, { type: 'invalid_request_error', message, param })

/** The amount of a payment-mode line: an ad hoc `price_data`, or a stored price (fixed or custom). */
function lineAmount(fake: SimulatorStore, line: Obj): { amount: number; currency: string } {
  const quantity = Number(line.quantity ?? 1)
  if (line.price_data) {
    const amount = Number(line.price_data.unit_amount)
    if (!Number.isInteger(amount) || amount < 1) throw invalid('Invalid integer', 'unit_amount')
    if (!line.price_data.product && !line.price_data.product_data?.name) {
      throw invalid('Missing required param: product_data[name].', 'product_data')
    }
    return { amount: amount * quantity, currency: String(line.price_data.currency) }
  }
  const price = fake.get(String(line.price), 'price')
  if (price.custom_unit_amount) {
    const amount = Number(line.amount ?? price.custom_unit_amount.preset)
    return { amount, currency: price.currency }
  }
  return { amount: price.unit_amount * quantity, currency: price.currency }
}

/**
 * Payment-mode Checkout in the fake: sessions for one-time payments (an ad hoc `price_data` line or
 * a price with `custom_unit_amount`), their payment intents and charges, and refunds. Registered on
 * the simulator with `on()`, beside the subscription endpoints of api.ts.
 */
export function registerPayments(fake: SimulatorStore): void {
  fake.on('GET', '/v1/checkout/sessions/:id', (r, p) =>
    expandPath(fake, fake.get(p.id!, 'checkout.session'), r.query.expand),
  )
  fake.on('GET', '/v1/payment_intents/:id', (r, p) =>
    expandPath(fake, fake.get(p.id!, 'payment_intent'), r.query.expand),
  )
  fake.on('GET', '/v1/charges/:id', (_r, p) => fake.get(p.id!, 'charge'))
  fake.on('GET', '/v1/refunds', (r) => {
    const data = [...fake.objects.values()]
      .filter(
        (o) =>
          o.object === 'refund' && (!r.query.payment_intent || o.payment_intent === r.query.payment_intent),
      )
      .sort((a, b) => b.created - a.created)
    return { object: 'list', url: '/v1/refunds', has_more: false, data }
  })
  fake.on('POST', '/v1/refunds', (r) => {
    const pi = fake.get(String(r.body.payment_intent), 'payment_intent')
    return new PaymentSimulator(fake).createRefund(pi, r.body.amount ? Number(r.body.amount) : undefined)
  })
}

/** Like `expand` in api.ts, for dotted paths (`payment_intent.latest_charge`). */
function expandPath(fake: SimulatorStore, obj: Obj, fields: unknown): Obj {
  const copy = structuredClone(obj)
  for (const path of ([] as string[]).concat((fields as string[]) ?? [])) {
    let target: Obj | undefined = copy
    const keys = path.split('.')
    for (const [i, key] of keys.entries()) {
      if (!target) break
      const value: unknown = target[key]
      if (typeof value === 'string' && fake.objects.has(value))
        target[key] = structuredClone(fake.objects.get(value))
      target = i < keys.length - 1 ? (target[key] as Obj | undefined) : undefined
    }
  }
  return copy
}

/**
 * Drives payment-mode sessions as Stripe would (paid at once, or a delayed method that later
 * succeeds or fails; refunds in full or in part) and returns the signed events Stripe would send.
 * Like BillingSimulator, every step moves the fake's clock forward.
 */
export class PaymentSimulator {
  constructor(readonly fake: SimulatorStore) {}

  private tick(seconds = 1): number {
    this.fake.now += seconds
    return this.fake.now
  }

  /** What the session asks: the sum of its lines, in their currency. */
  totalOf(session: Obj): { amount: number; currency: string } {
    const lines = ([] as Obj[]).concat(Object.values(session.line_items ?? {}))
    const amounts = lines.map((line) => lineAmount(this.fake, line))
    return { amount: amounts.reduce((s, a) => s + a.amount, 0), currency: amounts[0]?.currency ?? 'eur' }
  }

  /** The reader pays: a charge at once, or (`delayed`) a payment that is still processing. */
  pay(sessionId: string, options: { delayed?: boolean; afterSeconds?: number } = {}) {
    const t = this.tick(options.afterSeconds ?? 1)
    const session = this.fake.get(sessionId, 'checkout.session')
    const { amount, currency } = this.totalOf(session)
    const pi = this.fake.create('pi', 'payment_intent', {
      amount,
      currency,
      customer: session.customer ?? null,
      status: options.delayed ? 'processing' : 'succeeded',
      latest_charge: null,
      metadata: structuredClone(session.payment_intent_data?.metadata ?? {}),
    })
    if (!options.delayed) this.charge(pi)
    Object.assign(session, {
      status: 'complete',
      payment_status: options.delayed ? 'unpaid' : 'paid',
      payment_intent: pi.id,
      amount_total: amount,
      currency,
    })
    return { session, paymentIntent: pi, events: [stripeEvent('checkout.session.completed', session, t)] }
  }

  /** The delayed payment clears. */
  succeed(sessionId: string, afterSeconds = 86_400) {
    const t = this.tick(afterSeconds)
    const session = this.fake.get(sessionId, 'checkout.session')
    const pi = this.fake.get(session.payment_intent, 'payment_intent')
    pi.status = 'succeeded'
    this.charge(pi)
    session.payment_status = 'paid'
    return [stripeEvent('checkout.session.async_payment_succeeded', session, t)]
  }

  /** The delayed payment fails. */
  fail(sessionId: string, afterSeconds = 86_400) {
    const t = this.tick(afterSeconds)
    const session = this.fake.get(sessionId, 'checkout.session')
    const pi = this.fake.get(session.payment_intent, 'payment_intent')
    pi.status = 'requires_payment_method'
    return [stripeEvent('checkout.session.async_payment_failed', session, t)]
  }

  /** Staff refund the payment of a session, in full or `amount` of it. */
  refund(sessionId: string, amount?: number, afterSeconds = 86_400) {
    this.tick(afterSeconds)
    const session = this.fake.get(sessionId, 'checkout.session')
    const pi = this.fake.get(session.payment_intent, 'payment_intent')
    this.createRefund(pi, amount)
    const charge = this.fake.get(pi.latest_charge, 'charge')
    return [stripeEvent('charge.refunded', charge, this.fake.now)]
  }

  createRefund(pi: Obj, amount?: number): Obj {
    if (!pi.latest_charge)
      throw invalid('This PaymentIntent has no successful charge to refund.', 'payment_intent')
    const charge = this.fake.get(pi.latest_charge, 'charge')
    const left = charge.amount - charge.amount_refunded
    const value = amount ?? left
    if (!Number.isInteger(value) || value < 1 || value > left) {
      throw invalid(
        `Refund amount (${value}) is greater than unrefunded amount on charge (${left})`,
        'amount',
      )
    }
    charge.amount_refunded += value
    charge.refunded = charge.amount_refunded === charge.amount
    return this.fake.create('re', 'refund', {
      amount: value,
      currency: charge.currency,
      charge: charge.id,
      payment_intent: pi.id,
      status: 'succeeded',
    })
  }

  private charge(pi: Obj) {
    const charge = this.fake.create('ch', 'charge', {
      amount: pi.amount,
      amount_refunded: 0,
      currency: pi.currency,
      customer: pi.customer,
      payment_intent: pi.id,
      paid: true,
      refunded: false,
      status: 'succeeded',
    })
    pi.latest_charge = charge.id
    return charge
  }
}
