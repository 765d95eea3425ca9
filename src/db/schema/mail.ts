import type { ColumnType, Generated } from 'kysely'
import type { Locale } from '../../locales.js'
import type { CreatedAt, Timestamp } from './columns.js'

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
