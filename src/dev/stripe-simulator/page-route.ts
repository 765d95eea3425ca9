import type { IncomingMessage, ServerResponse } from 'node:http'
import type { StripeSimulator } from './api.js'
import type { BillingSimulator, SignedEvent } from './billing.js'
import type { WebhookSender } from './webhooks.js'

/** What every hosted page's route receives: its own file, so the pages and their router import no circle. */
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
