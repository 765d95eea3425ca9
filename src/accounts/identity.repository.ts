import type { Db } from '../db/connect.js'

/** The member with this email, created (status 'none') on first sign-in. */
export async function findOrCreateMemberByEmail(db: Db, email: string): Promise<{ id: string }> {
  const created = await db
    .insertInto('members')
    .values({ email })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning('id')
    .executeTakeFirst()
  if (created) return created
  return db.selectFrom('members').select('id').where('email', '=', email).executeTakeFirstOrThrow()
}

export function findMemberForToken(db: Db, id: string) {
  return db
    .selectFrom('members')
    .select(['id', 'tier_id', 'stripe_customer_id'])
    .where('id', '=', id)
    .executeTakeFirst()
}
