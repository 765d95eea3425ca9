import type { ColumnType, Generated } from 'kysely'
import type { CreatedAt, Timestamp, UpdatedAt } from './columns.js'
import type { MailLocale } from './mail.js'

// Other ways to support (issue 20): contributions, gifts and what staff offer.
/** What staff offer besides subscriptions (one row); empty currencies or gifts = that way is off. */
export interface SupportSettingsTable {
  id: Generated<boolean>
  currencies: ColumnType<string[], string[] | undefined, string[]>
  presets: ColumnType<SupportPreset[], string | undefined, string>
  gifts: ColumnType<GiftOffer[], string | undefined, string>
  updated_at: UpdatedAt
}
export interface SupportPreset {
  currency: string
  amounts: number[]
}
export interface GiftOffer {
  tierId: string
  months: GiftMonths[]
}
export type GiftMonths = 1 | 3 | 6 | 12
export type OneTimeKind = 'contribution' | 'gift'
export type OneTimeStatus = 'pending' | 'paid' | 'failed' | 'refunded' | 'partially_refunded'
export type GiftStatus = 'pending' | 'paid' | 'started' | 'canceled' | 'ended'

/** A one-time payment through Checkout in payment mode: a contribution or the price of a gift. */
export interface OneTimePaymentsTable {
  id: Generated<string>
  kind: OneTimeKind
  /** Who pays (the contributor or the gift's purchaser). */
  member_id: string
  amount: number
  currency: string
  status: Generated<OneTimeStatus>
  amount_refunded: Generated<number>
  checkout_session_id: string | null
  payment_intent_id: string | null
  locale: MailLocale | null
  message: string | null
  /** Stripe's time of the charge. */
  paid_at: Timestamp | null
  created_at: CreatedAt
  updated_at: UpdatedAt
}

/** One Stripe refund of a one-time payment, dated by Stripe (reports deduct it in its own month). */
export interface OneTimeRefundsTable {
  id: string
  payment_id: string
  amount: number
  currency: string
  refunded_at: Timestamp
}

export interface GiftsTable {
  id: Generated<string>
  payment_id: string
  purchaser_member_id: string
  recipient_email: string
  recipient_member_id: string | null
  tier_id: string
  months: number
  message: string | null
  send_at: Timestamp | null
  status: Generated<GiftStatus>
  /** Hash of the one-time token in the recipient's mail. */
  token_hash: string | null
  starts_at: Timestamp | null
  ends_at: Timestamp | null
  created_at: CreatedAt
}
