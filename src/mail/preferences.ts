import type { Db } from '../db/connect.js'
import type { MailLocale } from '../db/schema.js'

export interface MailPreferences {
  /** Mails when a voting round opens. */
  rounds: boolean
  /** Mails when a topic the member voted for is covered. */
  coverage: boolean
  /** The language of the member's mails; null = the site's default. */
  locale: MailLocale | null
}

/** A member's announcement opt-ins; undefined for an unknown member. */
export async function mailPreferences(db: Db, memberId: string): Promise<MailPreferences | undefined> {
  const row = await db
    .selectFrom('members')
    .select(['mail_rounds', 'mail_coverage', 'locale'])
    .where('id', '=', memberId)
    .executeTakeFirst()
  return row && { rounds: row.mail_rounds, coverage: row.mail_coverage, locale: row.locale }
}

/** Sets either flag (or both); returns the preferences now, or undefined for an unknown member. */
export async function setMailPreferences(
  db: Db,
  memberId: string,
  changes: Partial<MailPreferences>,
): Promise<MailPreferences | undefined> {
  const set = {
    ...(changes.rounds !== undefined ? { mail_rounds: changes.rounds } : {}),
    ...(changes.coverage !== undefined ? { mail_coverage: changes.coverage } : {}),
    ...(changes.locale !== undefined ? { locale: changes.locale } : {}),
  }
  if (Object.keys(set).length === 0) return mailPreferences(db, memberId)
  const row = await db
    .updateTable('members')
    .set(set)
    .where('id', '=', memberId)
    .returning(['mail_rounds', 'mail_coverage', 'locale'])
    .executeTakeFirst()
  return row && { rounds: row.mail_rounds, coverage: row.mail_coverage, locale: row.locale }
}
