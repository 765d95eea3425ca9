import { sql } from 'kysely'
import type { PurgeRule } from '../db/housekeeping.js'

const SENT_MAIL_DAYS = 30

/** Mails sent (or given up on) a month ago; unsent ones stay, however old. */
export const mailPurgeRules: readonly PurgeRule[] = [
  {
    name: 'mails',
    table: 'mail_outbox',
    old: sql`coalesce(sent_at, failed_at) < now() - make_interval(days => ${SENT_MAIL_DAYS})`,
  },
]
