import { sql } from 'kysely'
import type { PurgeRule } from '../db/housekeeping.js'

/** Stripe Checkout Sessions expire within a day; two days on, a session never completed never will. */
const ABANDONED_CHECKOUT_DAYS = 2

/**
 * A contribution or gift whose Checkout was left without paying: still pending, with no payment
 * intent (a delayed payment that is still clearing has one, and stays). Its gift goes with it (on
 * delete cascade). Paid, refunded and failed payments are records and stay.
 */
export const supportPurgeRules: readonly PurgeRule[] = [
  {
    name: 'abandonedPayments',
    table: 'one_time_payments',
    old: sql`status = 'pending' and payment_intent_id is null
      and created_at < now() - make_interval(days => ${ABANDONED_CHECKOUT_DAYS})`,
  },
]
