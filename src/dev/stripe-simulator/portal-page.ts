import { day, esc, fromOwnPage, priceText, readForm, redirect, sendPage } from './page-kit.js'
import type { PageContext, PageRoute } from './page-route.js'

type Obj = Record<string, any>
const SESSION = /^\/p\/session\/(bps_\w+)$/
const ENDED = ['canceled', 'incomplete_expired']

const NOTICES: Record<string, string> = {
  cancel: 'Your subscription will end at the end of the period.',
  resume: 'Your subscription will continue.',
  change: 'Your plan was changed.',
  card: 'Your card was updated.',
}

function portalSession(ctx: PageContext, id: string): Obj | undefined {
  const session = ctx.fake.objects.get(id)
  return session?.object === 'billing_portal.session' ? session : undefined
}

const liveSubscriptions = (ctx: PageContext, customer: string) =>
  [...ctx.fake.objects.values()].filter(
    (o) => o.object === 'subscription' && o.customer === customer && !ENDED.includes(o.status),
  )

const sellablePrices = (ctx: PageContext) =>
  [...ctx.fake.objects.values()].filter(
    (o) => o.object === 'price' && o.active && ctx.fake.objects.get(o.product)?.active !== false,
  )

function statusLine(sub: Obj): string {
  const end = day(sub.items.data[0].current_period_end)
  if (sub.cancel_at_period_end) return `Cancels on ${end}`
  if (sub.status === 'past_due') return 'Your last payment failed: update your card to pay it'
  if (sub.status === 'incomplete') return 'Waiting for your first payment'
  return `Renews on ${end}`
}

function subscriptionCard(ctx: PageContext, sub: Obj): string {
  const price = sub.items.data[0].price
  const name = ctx.fake.objects.get(price.product)?.name ?? 'Subscription'
  const hidden = `<input type="hidden" name="subscription" value="${esc(sub.id)}">`
  const button = (action: string, label: string, cls = '') =>
    `<form method="post" class="inline">${hidden}<input type="hidden" name="action" value="${action}"><button type="submit"${cls}>${label}</button></form>`
  const options = sellablePrices(ctx)
    .filter((p) => p.id !== price.id)
    .map(
      (p) =>
        `<option value="${esc(p.id)}">${esc(ctx.fake.objects.get(p.product)?.name)}, ${esc(priceText(p))}</option>`,
    )
    .join('')
  return `<section class="card" aria-label="${esc(name)}"><h2>${esc(name)}</h2>
<p>${esc(priceText(price))}</p><p class="muted">${esc(statusLine(sub))}</p>
${sub.cancel_at_period_end ? button('resume', 'Don’t cancel') : button('cancel', 'Cancel subscription', ' class="secondary"')}
${button('card', sub.status === 'past_due' ? 'Update card and pay' : 'Update card', ' class="secondary"')}
${options ? `<form method="post">${hidden}<input type="hidden" name="action" value="change"><p><label>New plan <select name="price">${options}</select></label></p><button type="submit" class="secondary">Change plan</button></form>` : ''}
</section>`
}

/** What a portal action does to a subscription, as Stripe Billing would do it now. */
function apply(ctx: PageContext, sub: Obj, action: string, priceId: string | undefined) {
  const { fake, sim } = ctx
  fake.now = Math.max(fake.now, Math.floor(Date.now() / 1000)) - 1
  if (action === 'cancel' && !sub.cancel_at_period_end) return sim.cancelAtPeriodEnd(sub, 1)
  if (action === 'resume' && sub.cancel_at_period_end) return sim.keep(sub, 1)
  if (action === 'card') return sub.status === 'past_due' ? sim.recover(sub, 1) : []
  const price = priceId ? sellablePrices(ctx).find((p) => p.id === priceId) : undefined
  if (action === 'change' && price) return sim.changePrice(sub, price, 1)
  return undefined
}

/** The Customer Portal of one portal session: the customer's live subscriptions and their actions. */
export const portalRoutes: PageRoute[] = [
  {
    method: 'GET',
    pattern: SESSION,
    async handle(ctx, req, res, match) {
      const session = portalSession(ctx, match[1]!)
      if (!session) return sendPage(res, 'Not found', '<h1>This portal link has expired</h1>', 404)
      const done = new URL(req.url ?? '/', 'http://simulator').searchParams.get('done') ?? ''
      const customer = ctx.fake.objects.get(session.customer)
      const subs = liveSubscriptions(ctx, session.customer)
      sendPage(
        res,
        'Billing',
        `<h1>Your subscription</h1>${customer?.email ? `<p class="muted">${esc(customer.email)}</p>` : ''}
${NOTICES[done] ? `<p class="notice" role="status">${esc(NOTICES[done])}</p>` : ''}
${subs.length ? subs.map((s) => subscriptionCard(ctx, s)).join('') : '<p>You have no subscription.</p>'}
${session.return_url ? `<p><a href="${esc(session.return_url)}">Return to the newsroom</a></p>` : ''}`,
      )
    },
  },
  {
    method: 'POST',
    pattern: SESSION,
    async handle(ctx, req, res, match) {
      const session = portalSession(ctx, match[1]!)
      const form = await readForm(req)
      const sub = session && liveSubscriptions(ctx, session.customer).find((s) => s.id === form.subscription)
      const events = sub && fromOwnPage(req) ? apply(ctx, sub, form.action ?? '', form.price) : undefined
      if (!session || !events) return sendPage(res, 'Refused', '<h1>That change is not possible</h1>', 400)
      // The portal waits for the newsroom to hear of it, so "Return" shows the change.
      await ctx.emit(events)
      redirect(res, `${match[0]}?done=${encodeURIComponent(form.action!)}`)
    },
  },
]
