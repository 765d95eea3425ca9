import type { Config } from '../config.js'
import type { Db } from '../db/connect.js'
import type { Stripe } from './stripe-client.js'

/** What the billing services need to store what Stripe says. */
export interface BillingContext {
  db: Db
  stripe: Stripe
  config: Pick<Config, 'gracePeriodDays'>
}

/** An invoice's outcome, as a webhook reports it alongside its subscription. */
export interface InvoiceSignal {
  invoiceId: string
  outcome: 'paid' | 'failed'
  at: Date
}
