import { advanceMonth, type MonthSummary } from './clock.js'
import { esc, fromOwnPage, priceText, redirect, sendPage } from './page-kit.js'
import type { PageContext, PageRoute } from './page-route.js'

type Obj = Record<string, any>
const SUMMARY: [keyof MonthSummary, string][] = [
  ['renewed', 'renewed'],
  ['failed', 'renewals failed (now past due)'],
  ['recovered', 'past-due payments recovered'],
  ['lapsed', 'ended: grace period over, every retry failed'],
  ['canceled', 'ended: set to cancel at period end'],
]

function lastMonth(query: URLSearchParams): string {
  if (!query.has('renewed')) return ''
  const items = SUMMARY.map(([key, label]) => `<li>${Number(query.get(key)) || 0} ${esc(label)}</li>`)
  return `<div class="notice" role="status"><p>A month went by:</p><ul>${items.join('')}</ul></div>`
}

function pendingPayments(ctx: PageContext): string {
  const pending = [...ctx.fake.objects.values()].filter(
    (o) => o.object === 'subscription' && o.status === 'incomplete',
  )
  if (pending.length === 0) return '<p class="muted">No bank debit is waiting.</p>'
  const row = (sub: Obj) => {
    const email = ctx.fake.objects.get(sub.customer)?.email ?? sub.customer
    const action = (verb: string, label: string) =>
      `<form method="post" action="/payments/${esc(sub.id)}/${verb}" class="inline"><button type="submit" class="secondary">${label}</button></form>`
    return `<tr><td>${esc(email)}</td><td>${esc(priceText(sub.items.data[0].price))}</td><td>${action('settle', 'Payment succeeds')}${action('fail', 'Payment fails')}</td></tr>`
  }
  return `<table><thead><tr><th scope="col">Customer</th><th scope="col">Price</th><th scope="col">Outcome</th></tr></thead><tbody>${pending.map(row).join('')}</tbody></table>`
}

function deliveries(ctx: PageContext): string {
  const recent = ctx.options.sender?.recent ?? []
  if (recent.length === 0) return '<p class="muted">No webhook sent yet.</p>'
  const rows = recent.map(
    (d) =>
      `<tr><td>${esc(d.type)}</td><td>${esc(d.status)}</td><td>${d.attempts}</td><td>${esc(d.at.toISOString().slice(11, 19))}</td></tr>`,
  )
  return `<table><caption class="muted">Newest first</caption><thead><tr><th scope="col">Event</th><th scope="col">Answer</th><th scope="col">Tries</th><th scope="col">Time (UTC)</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
}

/** The simulator's own page: its clock, bank debits waiting for an outcome, recent webhooks. */
export const controlRoutes: PageRoute[] = [
  {
    method: 'GET',
    pattern: /^\/$/,
    async handle(ctx, req, res) {
      const query = new URL(req.url ?? '/', 'http://simulator').searchParams
      const { sender, serviceUrl } = ctx.options
      sendPage(
        res,
        'Simulator',
        `<h1>Stripe simulator</h1>
<p>Checkout, the billing portal and the webhooks of this demo come from here. Webhooks go to
<code>${esc(sender?.endpoint)}</code>, signed with the demo's webhook secret; an answer of 5xx is retried.</p>
${serviceUrl ? `<p><a href="${esc(serviceUrl)}">Back to the newsroom</a></p>` : ''}
<section class="card" aria-labelledby="clock"><h2 id="clock">Clock</h2>
<p>Everything due in the next 30 days happens at once and is dated now: renewals (a few fail),
past-due subscriptions recover or end when the grace period is over, and subscriptions set to cancel
at period end end.</p>
<p class="muted">Months advanced so far: ${ctx.fake.advances}.</p>
${lastMonth(query)}
<form method="post" action="/clock/advance"><button type="submit">Advance one month</button></form></section>
<section class="card" aria-labelledby="pending"><h2 id="pending">Bank debits waiting</h2>${pendingPayments(ctx)}</section>
<section class="card" aria-labelledby="hooks"><h2 id="hooks">Recent webhooks</h2>${deliveries(ctx)}</section>`,
      )
    },
  },
  {
    method: 'POST',
    pattern: /^\/clock\/advance$/,
    async handle(ctx, req, res) {
      if (!fromOwnPage(req)) return sendPage(res, 'Refused', '<h1>Refused</h1>', 403)
      const summary = await advanceMonth(ctx.fake, ctx.options.sender)
      ctx.options.onChange?.()
      const query = new URLSearchParams(Object.entries(summary).map(([k, v]) => [k, String(v)]))
      redirect(res, `/?${query}`)
    },
  },
  {
    method: 'POST',
    pattern: /^\/payments\/(sub_\w+)\/(settle|fail)$/,
    async handle(ctx, req, res, match) {
      const sub = ctx.fake.objects.get(match[1]!)
      if (!fromOwnPage(req) || sub?.object !== 'subscription' || sub.status !== 'incomplete')
        return sendPage(res, 'Refused', '<h1>This payment is not waiting</h1>', 409)
      ctx.fake.now = Math.max(ctx.fake.now, Math.floor(Date.now() / 1000)) - 1
      await ctx.emit(match[2] === 'settle' ? ctx.sim.settle(sub, 1) : ctx.sim.expire(sub, 1))
      redirect(res, '/')
    },
  },
]
