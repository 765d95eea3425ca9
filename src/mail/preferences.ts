import type { Db } from '../db/connect.js'
import type { MailLocale } from '../db/schema.js'

export interface MailPreferences {
  /** Mails when a voting round opens. */
  rounds: boolean
  /** Mails when a topic the member voted for is covered. */
  coverage: boolean
  /** The language the member chose for their mails; null = never chosen (see `mailLocale`). */
  locale: MailLocale | null
  /** The language of the pages where they joined or last asked for a sign-in link. */
  pageLocale: MailLocale | null
}

type PreferenceChanges = Partial<Pick<MailPreferences, 'rounds' | 'coverage' | 'locale'>>
const columns = ['mail_rounds', 'mail_coverage', 'locale', 'page_locale'] as const

const preferencesOf = (row: {
  mail_rounds: boolean
  mail_coverage: boolean
  locale: MailLocale | null
  page_locale: MailLocale | null
}): MailPreferences => ({
  rounds: row.mail_rounds,
  coverage: row.mail_coverage,
  locale: row.locale,
  pageLocale: row.page_locale,
})

/** A member's announcement opt-ins; undefined for an unknown member. */
export async function mailPreferences(db: Db, memberId: string): Promise<MailPreferences | undefined> {
  const row = await db.selectFrom('members').select(columns).where('id', '=', memberId).executeTakeFirst()
  return row && preferencesOf(row)
}

/** Sets either flag, or the chosen language (null: mails follow the pages again); returns the preferences now, or undefined for an unknown member. */
export async function setMailPreferences(
  db: Db,
  memberId: string,
  changes: PreferenceChanges,
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
    .returning(columns)
    .executeTakeFirst()
  return row && preferencesOf(row)
}
