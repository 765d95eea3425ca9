import { sql } from 'kysely'
import type { Db } from '../db/connect.js'

/**
 * Entitled to vote (API.md): an `active` or `trialing` subscription, `past_due` until `grace_until`,
 * or a complimentary membership or a started gift membership running now. Evaluated by the database clock, so a check inside a
 * transaction sees the same state it writes against.
 */
export async function isEntitled(db: Db, memberId: string): Promise<boolean> {
  const row = await db
    .selectFrom('members as m')
    .select(entitledSql.as('entitled'))
    .where('m.id', '=', memberId)
    .executeTakeFirst()
  return row?.entitled === true
}

/** The rule as a column over `members as m`, for lists that show many members at once. */
export const entitledSql = sql<boolean>`(
  m.status in ('active', 'trialing')
  or (m.status = 'past_due' and m.grace_until > now())
  or exists (select 1 from comps c where c.member_id = m.id and c.starts_at <= now() and c.until > now())
  or exists (
    select 1 from gifts g
    where g.recipient_member_id = m.id and g.status = 'started' and g.starts_at <= now() and g.ends_at > now()
  )
)`

/** The `ent` claim of a member's access token. */
export async function entitlementsOf(db: Db, memberId: string): Promise<string[]> {
  return (await isEntitled(db, memberId)) ? ['vote'] : []
}
