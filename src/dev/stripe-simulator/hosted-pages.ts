import type { IncomingMessage, ServerResponse } from 'node:http'
import { assertSimulatorAllowed, type StripeSimulator } from './api.js'
import { BillingSimulator, type SignedEvent } from './billing.js'
import { checkoutRoutes } from './checkout-page.js'
import { controlRoutes } from './control-page.js'
import { sendPage } from './page-kit.js'
import { portalRoutes } from './portal-page.js'
import type { WebhookSender } from './webhooks.js'

export interface HostedPagesOptions {
  /** Where webhooks go; without it (most tests) nothing is sent and the service learns by fetching. */
  sender?: WebhookSender
  /** The service, for "back" links of the control page. */
  serviceUrl?: string
  /** Called after every change a person makes (the demo saves its state then). */
  onChange?: () => void
}

export interface PageContext {
  fake: StripeSimulator
  sim: BillingSimulator
  options: HostedPagesOptions
  /** Sends one object's events in order (when a sender is set) and reports the change. */
  emit(events: SignedEvent[]): Promise<void>
}

export interface PageRoute {
  method: 'GET' | 'POST'
  pattern: RegExp
  handle(ctx: PageContext, req: IncomingMessage, res: ServerResponse, match: RegExpExecArray): Promise<void>
}

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
