import { assertSimulatorAllowed, type StripeSimulator } from './api.js'
import { BillingSimulator } from './billing.js'
import { checkoutRoutes } from './checkout-page.js'
import { controlRoutes } from './control-page.js'
import { sendPage } from './page-kit.js'
import type { HostedPagesOptions, PageContext } from './page-route.js'
import { portalRoutes } from './portal-page.js'

export type { HostedPagesOptions } from './page-route.js'

/**
 * Stripe's hosted pages as the simulator serves them to a browser: Checkout (pay, a declined card, a
 * bank debit that settles later, cancel), the Customer Portal (cancel at period end, resume, change
 * plan, update card) and the simulator's own control page (the clock, pending payments, webhook
 * deliveries). Never in production: `assertSimulatorAllowed` refuses first.
 */
export function hostStripePages(fake: StripeSimulator, options: HostedPagesOptions = {}): void {
  assertSimulatorAllowed()
  fake.checkoutPageBase = fake.url
  fake.portalPageBase = fake.url
  const ctx: PageContext = {
    fake,
    sim: new BillingSimulator(fake),
    options,
    async emit(events) {
      options.onChange?.()
      if (options.sender) await options.sender.sendInOrder(events)
    },
  }
  const routes = [...checkoutRoutes, ...portalRoutes, ...(options.sender ? controlRoutes : [])]
  fake.pages = (req, res) => {
    const path = new URL(req.url ?? '/', 'http://simulator').pathname
    for (const route of routes) {
      const match = req.method === route.method ? route.pattern.exec(path) : null
      if (!match) continue
      route.handle(ctx, req, res, match).catch((err) => {
        if (!res.headersSent) sendPage(res, 'Error', `<h1>Simulator error</h1><p>${String(err)}</p>`, 500)
      })
      return true
    }
    return false
  }
}
