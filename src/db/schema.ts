import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely'
import type { Locale } from '../locales.js'

/** A timestamptz column: read as Date, written as Date or ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>
type CreatedAt = ColumnType<Date, Date | string | undefined, never>
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>
/** bigint sums come back from pg as strings. */
type BigIntColumn = ColumnType<string, number | bigint | string, number | bigint | string>

export type StaffRole = 'admin' | 'editor' | 'analyst'
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
export type TopicStatus = 'open' | 'planned' | 'covered' | 'declined'
export type SuggestionStatus = 'pending' | 'approved' | 'rejected'
export type ResultsVisibility = 'live' | 'after_close'
/** Staff-written words by locale and field: `{ uk: { name: '…' } }`. */
export type Translations = Partial<Record<Locale, Record<string, string>>>

export interface StaffTable {
  id: Generated<string>
  email: string
  role: StaffRole
  created_at: CreatedAt
}

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
  /** null = the site's default locale. */
  locale: MailLocale | null
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

export interface LoginTokensTable {
  id: Generated<string>
  token_hash: string
  email: string
  requested_ip: string | null
  expires_at: Timestamp
  used_at: Timestamp | null
  created_at: CreatedAt
}

export interface RefreshTokensTable {
  id: Generated<string>
  token_hash: string
  family_id: string
  member_id: string | null
  staff_id: string | null
  expires_at: Timestamp
  rotated_at: Timestamp | null
  revoked_at: Timestamp | null
  created_at: CreatedAt
}

/** One sign-in and its rotations: locked by every rotation and revocation of its tokens. */
export interface RefreshFamiliesTable {
  id: Generated<string>
  member_id: string | null
  staff_id: string | null
  revoked_at: Timestamp | null
  created_at: CreatedAt
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

export interface RoundsTable {
  id: Generated<string>
  title: string
  description: string | null
  opens_at: Timestamp
  closes_at: Timestamp
  votes_per_member: number
  results_visibility: ResultsVisibility
  /** When its opening was mailed to patrons (set once, by the announcer). */
  announced_at: Generated<Date | null>
  /** Staff's words in other languages, by locale (see `web/localized.ts`). */
  translations: ColumnType<Translations, string | undefined, string>
  created_at: CreatedAt
  updated_at: UpdatedAt
}

export interface TopicsTable {
  id: Generated<string>
  round_id: string
  title: string
  description: string | null
  status: Generated<TopicStatus>
  coverage_url: string | null
  /** Staff's words in other languages, by locale (see `web/localized.ts`). */
  translations: ColumnType<Translations, string | undefined, string>
  created_at: CreatedAt
  updated_at: UpdatedAt
}

export interface VotesTable {
  round_id: string
  topic_id: string
  member_id: string
  created_at: CreatedAt
}

export interface SuggestionsTable {
  id: Generated<string>
  round_id: string
  member_id: string
  title: string
  description: string | null
  status: Generated<SuggestionStatus>
  topic_id: string | null
  decided_by: string | null
  decided_at: Timestamp | null
  created_at: CreatedAt
}

/** Per round and member: votes cast and suggestions made, kept by triggers (the budget and limit live here). */
export interface RoundParticipantsTable {
  round_id: string
  member_id: string
  votes_used: Generated<number>
  suggestions_made: Generated<number>
}

export type MailLocale = Locale

/** A mail to send: written in the transaction of the change that causes it, sent from here. */
export interface MailOutboxTable {
  id: Generated<string>
  /** One mail per member and event, e.g. `welcome:<subscriptionId>`. */
  dedupe_key: string
  kind: string
  /** Announcements, sent at MAIL_RATE_PER_SECOND; the rest are sent at once. */
  bulk: Generated<boolean>
  member_id: string | null
  recipient: string
  payload: ColumnType<Record<string, unknown>, string | undefined, string>
  attempts: Generated<number>
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>
  last_attempt_at: Timestamp | null
  last_error: string | null
  created_at: CreatedAt
  sent_at: Timestamp | null
  failed_at: Timestamp | null
}

/** A creating form's one-time key (`id`), and where its first post led. */
export interface FormSubmissionsTable {
  id: string
  outcome: string | null
  created_at: ColumnType<Date, Date | string | undefined, Date | string>
}

export interface Database {
  staff: StaffTable
  tiers: TiersTable
  prices: PricesTable
  members: MembersTable
  subscriptions: SubscriptionsTable
  stripe_events: StripeEventsTable
  comps: CompsTable
  membership_history: MembershipHistoryTable
  membership_daily: MembershipDailyTable
  membership_cohort_daily: MembershipCohortDailyTable
  login_tokens: LoginTokensTable
  refresh_tokens: RefreshTokensTable
  refresh_families: RefreshFamiliesTable
  checkout_sessions: CheckoutSessionsTable
  checkout_requests: CheckoutRequestsTable
  rounds: RoundsTable
  topics: TopicsTable
  votes: VotesTable
  suggestions: SuggestionsTable
  round_participants: RoundParticipantsTable
  mail_outbox: MailOutboxTable
  form_submissions: FormSubmissionsTable
}

export type Staff = Selectable<StaffTable>
export type Tier = Selectable<TiersTable>
export type NewTier = Insertable<TiersTable>
export type TierUpdate = Updateable<TiersTable>
export type Price = Selectable<PricesTable>
export type Member = Selectable<MembersTable>
export type MemberUpdate = Updateable<MembersTable>
export type Subscription = Selectable<SubscriptionsTable>
export type NewSubscription = Insertable<SubscriptionsTable>
export type Comp = Selectable<CompsTable>
export type HistoryEntry = Selectable<MembershipHistoryTable>
export type NewHistoryEntry = Insertable<MembershipHistoryTable>
export type Round = Selectable<RoundsTable>
export type Topic = Selectable<TopicsTable>
export type Suggestion = Selectable<SuggestionsTable>
