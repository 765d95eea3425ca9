import { sql } from 'kysely'
import type { Db } from '../db/connect.js'
import type { MailLocale } from '../db/schema.js'

export function findMemberForToken(db: Db, id: string) {
  return db
    .selectFrom('members')
    .select(['id', 'tier_id', 'stripe_customer_id'])
    .where('id', '=', id)
    .executeTakeFirst()
}

/** The member's row, locked: sign-in decisions about it are taken one at a time. */
export function lockMemberForSignIn(db: Db, id: string) {
  return db
    .selectFrom('members')
    .select(['id', 'email', 'last_signed_in_at'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
}

/** Records that a session started for the member: from now on its email must be proven to sign in. */
export function noteSignIn(db: Db, memberId: string) {
  return db
    .updateTable('members')
    .set({ last_signed_in_at: sql<Date>`now()` })
    .where('id', '=', memberId)
    .execute()
}

/** The language of the page a member (if the address is one) last asked for a link from. */
export async function notePageLocale(db: Db, email: string, locale: MailLocale): Promise<void> {
  await db.updateTable('members').set({ page_locale: locale }).where('email', '=', email).execute()
}
