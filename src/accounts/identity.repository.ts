import { sql } from 'kysely'
import type { Db } from '../db/connect.js'

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
