import type { IncomingMessage, ServerResponse } from 'node:http'
import type { StripeSimulator } from './api.js'
import { BillingSimulator } from './billing.js'

const page = (res: ServerResponse, body: string) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
  res.end(`<!doctype html><html lang="en"><title>Stripe (fake)</title><main>${body}</main></html>`)
}

/**
 * Stripe's hosted Checkout and Customer Portal, as the fake serves them to a browser: the Checkout
 * page has one "Pay" button that completes the session (an active subscription, its first invoice
 * paid) and returns to success_url, as Stripe does; "Cancel" returns to cancel_url.
 */
export function hostStripePages(fake: StripeSimulator): void {
  fake.checkoutPageBase = fake.url
  fake.portalPageBase = fake.url
  const sim = new BillingSimulator(fake)
  fake.pages = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', fake.url)
    const pay = /^\/c\/pay\/(cs_\w+)$/.exec(url.pathname)
    if (pay) {
      const session = fake.objects.get(pay[1]!)
      if (!session) return false
      if (req.method === 'GET') {
        page(
          res,
          `<h1>Pay</h1><form method="post"><button>Pay</button></form><a href="${session.cancel_url}">Cancel</a>`,
        )
        return true
      }
      const price = fake.objects.get(session.line_items[0].price)!
      const customer = fake.objects.get(session.customer)!
      const { sub } = sim.checkout(session.client_reference_id, customer, price)
      Object.assign(session, { status: 'complete', payment_status: 'paid', subscription: sub.id })
      res.writeHead(303, { location: session.success_url.replace('{CHECKOUT_SESSION_ID}', session.id) })
      res.end()
      return true
    }
    if (url.pathname.startsWith('/p/session/')) {
      page(res, '<h1>Customer portal</h1>')
      return true
    }
    return false
  }
}
