import { sql } from 'kysely'
import type { PurgeRule } from '../db/housekeeping.js'
import { CHECKOUT_WINDOW_MINUTES } from './checkout.repository.js'

/** Stripe Checkout Sessions expire within a day; their claims are of no use after that. */
const CHECKOUT_SESSION_DAYS = 2
/** Kept longer than Stripe's 3-day retry window, so a late redelivery is still known as a duplicate. */
const PROCESSED_EVENT_DAYS = 30

/** What billing keeps no longer: Checkout claims, rate-limit counts, processed webhook events. */
export const billingPurgeRules: readonly PurgeRule[] = [
  {
    name: 'checkoutSessions',
    table: 'checkout_sessions',
    old: sql`created_at < now() - make_interval(days => ${CHECKOUT_SESSION_DAYS})`,
  },
  {
    name: 'checkoutRequests',
    table: 'checkout_requests',
    old: sql`created_at < now() - make_interval(mins => ${CHECKOUT_WINDOW_MINUTES})`,
  },
  {
    name: 'stripeEvents',
    table: 'stripe_events',
    old: sql`processed_at < now() - make_interval(days => ${PROCESSED_EVENT_DAYS})`,
  },
]
