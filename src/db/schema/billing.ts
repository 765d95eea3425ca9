import type { ColumnType, Generated } from 'kysely'
import type { BigIntColumn, CreatedAt, Timestamp, Translations, UpdatedAt } from './columns.js'
import type { MailLocale } from './mail.js'

export type Interval = 'month' | 'year'
export type SubscriptionStatus =
  | 'incomplete'
  | 'incomplete_expired'
  | 'trialing'
  | 'active'
  | 'past_due'
  | 'unpaid'
  | 'canceled'
  | 'paused'
export type MemberStatus = 'none' | SubscriptionStatus
export type Churn = 'voluntary' | 'involuntary'

export interface TiersTable {
  id: Generated<string>
  name: string
  description: string | null
  currency: string
  active: Generated<boolean>
  stripe_product_id: string | null
  /** Staff's words in other languages, by locale (see `web/localized.ts`). */
  translations: ColumnType<Translations, string | undefined, string>
  created_at: CreatedAt
  updated_at: UpdatedAt
}

export interface PricesTable {
  id: Generated<string>
  tier_id: string
  interval: Interval
  amount: number
  currency: string
  stripe_price_id: string | null
  active: Generated<boolean>
  /** Pay what you want: the tier's price this one raises (never listed or sold itself). */
  base_price_id: ColumnType<string | null, string | null | undefined, string | null>
  created_at: CreatedAt
}

export interface MembersTable {
  id: Generated<string>
  email: string
  stripe_customer_id: string | null
  status: Generated<MemberStatus>
  current_subscription_id: string | null
  tier_id: string | null
  currency: string | null
  mrr: Generated<number>
  grace_until: Timestamp | null
  /** Set whenever a session starts for the member: a member who has signed in must prove its email. */
  last_signed_in_at: Timestamp | null
  /** The language chosen on /account; null = none chosen. */
  locale: MailLocale | null
  /** The language of the pages on which the member joined or last asked for a sign-in link. */
  page_locale: Generated<MailLocale | null>
  /** Opt-outs of announcement mails (membership and sign-in mails are always sent). */
  mail_rounds: Generated<boolean>
  mail_coverage: Generated<boolean>
  created_at: CreatedAt
  updated_at: UpdatedAt
}

export interface SubscriptionsTable {
  id: string
  member_id: string
  stripe_customer_id: string
  status: SubscriptionStatus
  price_id: string | null
  tier_id: string | null
  stripe_price_id: string | null
  interval: 'day' | 'week' | 'month' | 'year' | null
  interval_count: Generated<number>
  amount: Generated<number>
  quantity: Generated<number>
  currency: string | null
  mrr: Generated<number>
  start_date: Timestamp
  current_period_start: Timestamp | null
  current_period_end: Timestamp | null
  cancel_at_period_end: Generated<boolean>
  canceled_at: Timestamp | null
  ended_at: Timestamp | null
  cancellation_reason: string | null
  trial_end: Timestamp | null
  first_failed_payment_at: Timestamp | null
  /** Stripe-side freshness of the stored copy; an older copy never overwrites a newer one. */
  stripe_synced_at: Timestamp
  created_at: CreatedAt
  updated_at: UpdatedAt
}

export interface StripeEventsTable {
  id: string
  type: string
  stripe_created: Timestamp
  processed_at: CreatedAt
}

export interface CompsTable {
  id: Generated<string>
  member_id: string
  tier_id: string | null
  starts_at: ColumnType<Date, Date | string | undefined, Date | string>
  until: Timestamp
  granted_by: string | null
  created_at: CreatedAt
}

export interface MembershipHistoryTable {
  id: Generated<string>
  member_id: string
  subscription_id: string | null
  at: Timestamp
  from_status: MemberStatus
  to_status: MemberStatus
  from_tier_id: string | null
  to_tier_id: string | null
  from_currency: string | null
  to_currency: string | null
  from_mrr: number
  to_mrr: number
  new_patron: boolean
  churn: Churn | null
  stripe_event_id: string | null
  recorded_at: CreatedAt
}

/** Per day, currency and tier: the sums of membership_history, kept in the same transaction. */
export interface MembershipDailyTable {
  day: ColumnType<string, string, string>
  currency: string
  tier_id: string | null
  mrr_delta: BigIntColumn
  active_delta: number
  past_due_delta: number
  new_patrons: number
  churned_voluntary: number
  churned_involuntary: number
}

/**
 * Per cohort (first day of the UTC month of a member's first paid start) and day: members joining the
 * cohort, and the net change of its members in the paying set. Kept by recordTransition.
 */
export interface MembershipCohortDailyTable {
  cohort: ColumnType<string, string, string>
  day: ColumnType<string, string, string>
  joined: number
  paying_delta: number
}

/** A Checkout Session this service created, with the hash of the claim token its starter holds. */
export interface CheckoutSessionsTable {
  id: string
  member_id: string
  claim_hash: string
  created_ip: string | null
  created_at: CreatedAt
  redeemed_at: Timestamp | null
}

/** One POST /v1/checkout from a client IP, counted for its rate limit. */
export interface CheckoutRequestsTable {
  id: Generated<string>
  ip: string
  created_at: CreatedAt
}
