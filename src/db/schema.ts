import type { Insertable, Selectable, Updateable } from 'kysely'
import type {
  LoginTokensTable,
  RefreshFamiliesTable,
  RefreshTokensTable,
  StaffTable,
} from './schema/accounts.js'
import type {
  CheckoutRequestsTable,
  CheckoutSessionsTable,
  CompsTable,
  MembershipCohortDailyTable,
  MembershipDailyTable,
  MembershipHistoryTable,
  MembersTable,
  PricesTable,
  StripeEventsTable,
  SubscriptionsTable,
  TiersTable,
} from './schema/billing.js'
import type { FormSubmissionsTable } from './schema/forms.js'
import type { MailOutboxTable } from './schema/mail.js'
import type { NewsroomSettingsTable } from './schema/settings.js'
import type {
  GiftsTable,
  OneTimePaymentsTable,
  OneTimeRefundsTable,
  SupportSettingsTable,
} from './schema/support.js'
import type {
  RoundParticipantsTable,
  RoundsTable,
  SuggestionsTable,
  TopicsTable,
  VotesTable,
} from './schema/voting.js'

// The tables, one file per feature area under schema/; importers read them all from here.
export type * from './schema/accounts.js'
export type * from './schema/billing.js'
export type { Translations } from './schema/columns.js'
export type * from './schema/forms.js'
export type * from './schema/mail.js'
export type * from './schema/settings.js'
export type * from './schema/support.js'
export type * from './schema/voting.js'

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
  support_settings: SupportSettingsTable
  one_time_payments: OneTimePaymentsTable
  one_time_refunds: OneTimeRefundsTable
  gifts: GiftsTable
  newsroom_settings: NewsroomSettingsTable
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
