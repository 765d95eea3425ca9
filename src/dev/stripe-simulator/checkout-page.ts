import { esc, fromOwnPage, money, priceText, readForm, redirect, sendPage } from './page-kit.js'
import type { PageContext, PageRoute } from './page-route.js'
import { PaymentSimulator } from './payments.js'

const SESSION = /^\/c\/pay\/(cs_\w+)$/

const CHOICES = {
  card: 'Card 4242 4242 4242 4242: the payment succeeds',
  declined: 'Card 4000 0000 0000 0002: the card is declined',
  later: 'Bank debit (SEPA): the payment settles later, as you decide on the simulator’s control page',
} as const
type Choice = keyof typeof CHOICES

function openSession(ctx: PageContext, id: string) {
  const session = ctx.fake.objects.get(id)
  return session?.object === 'checkout.session' ? session : undefined
}

/** What the page offers: a subscription's price, or a one-time payment's amount (payment mode). */
function lineOf(ctx: PageContext, session: Record<string, any>) {
  if (session.mode === 'payment') {
    const { amount, currency } = new PaymentSimulator(ctx.fake).totalOf(session)
    const data = session.line_items[0].price_data ?? {}
    const product = data.product ? ctx.fake.objects.get(data.product) : undefined
    return {
      name: data.product_data?.name ?? product?.name,
      kind: 'Pay once',
      amount: money(amount, currency),
    }
  }
  const price = ctx.fake.get(session.line_items[0].price, 'price')
  return { name: ctx.fake.objects.get(price.product)?.name, kind: 'Subscribe', amount: priceText(price) }
}

function checkoutForm(ctx: PageContext, session: Record<string, any>, error?: string): string {
  const line = lineOf(ctx, session)
  const customer = session.customer ? ctx.fake.objects.get(session.customer) : undefined
  const choices = Object.entries(CHOICES)
    .map(
      ([value, label], i) =>
        `<label><input type="radio" name="payment" value="${value}"${i === 0 ? ' checked' : ''}> ${esc(label)}</label>`,
    )
    .join('')
  return `<h1>${esc(line.name ?? 'Subscription')}</h1>
<div class="card"><p class="muted">${line.kind}</p><p class="amount">${esc(line.amount)}</p>
${customer?.email ? `<p>Paying as <strong>${esc(customer.email)}</strong></p>` : ''}
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<form method="post"><fieldset><legend>Payment method (simulated)</legend>${choices}</fieldset>
<button type="submit">Pay</button></form>
<p><a href="${esc(session.cancel_url)}">Cancel and go back</a></p></div>`
}

/** Checkout: one session's page, and what pressing "Pay" does with the chosen payment method. */
export const checkoutRoutes: PageRoute[] = [
  {
    method: 'GET',
    pattern: SESSION,
    async handle(ctx, _req, res, match) {
      const session = openSession(ctx, match[1]!)
      if (!session) return sendPage(res, 'Not found', '<h1>No such Checkout Session</h1>', 404)
      if (session.status !== 'open') {
        const back = session.success_url?.replace('{CHECKOUT_SESSION_ID}', session.id)
        return sendPage(res, 'Complete', `<h1>Already paid</h1><p><a href="${esc(back)}">Continue</a></p>`)
      }
      sendPage(res, 'Checkout', checkoutForm(ctx, session))
    },
  },
  {
    method: 'POST',
    pattern: SESSION,
    async handle(ctx, req, res, match) {
      const session = openSession(ctx, match[1]!)
      const form = await readForm(req)
      if (session?.status !== 'open' || !fromOwnPage(req))
        return sendPage(res, 'Refused', '<h1>This Checkout Session cannot be paid</h1>', 409)
      const choice = (form.payment ?? 'card') as Choice
      if (!(choice in CHOICES)) return sendPage(res, 'Checkout', checkoutForm(ctx, session), 400)
      if (choice === 'declined') {
        return sendPage(res, 'Checkout', checkoutForm(ctx, session, 'Your card was declined.'), 402)
      }
      const { fake, sim } = ctx
      fake.now = Math.max(fake.now, Math.floor(Date.now() / 1000))
      if (session.mode === 'payment') {
        // A contribution or a gift: paid at once, or (bank debit) still processing; no subscription.
        const { events } = new PaymentSimulator(fake).pay(session.id, { delayed: choice === 'later' })
        void ctx.emit(events)
        return redirect(res, session.success_url.replace('{CHECKOUT_SESSION_ID}', session.id))
      }
      const price = fake.get(session.line_items[0].price, 'price')
      const customer = fake.get(session.customer, 'customer')
      const { events } = sim.checkout(session.client_reference_id, customer, price, {
        session,
        paymentLater: choice === 'later',
      })
      // Stripe sends the events while the browser returns; neither waits for the other.
      void ctx.emit(events)
      redirect(res, session.success_url.replace('{CHECKOUT_SESSION_ID}', session.id))
    },
  },
]
