import { sql } from 'kysely'
import type { Db } from '../db/connect.js'
import type { MemberStatus } from '../db/schema.js'
import { normalizeEmail } from '../http/schemas.js'
import { entitledSql } from './entitlement.js'

/** A member's current state with its tier (or running comp's tier) and current subscription. */
function memberViewQuery(db: Db) {
  return db
    .selectFrom('members as m')
    .leftJoin('subscriptions as s', 's.id', 'm.current_subscription_id')
    .select([
      'm.id',
      'm.email',
      'm.status',
      'm.grace_until',
      'm.created_at',
      // Full microsecond precision for keyset cursors (a JS Date keeps only milliseconds).
      sql<string>`m.created_at::text`.as('created_key'),
      's.current_period_end',
      's.cancel_at_period_end',
      entitledSql.as('entitled'),
      sql<string | null>`coalesce(m.tier_id, (
        select c.tier_id from comps c
        where c.member_id = m.id and c.starts_at <= now() and c.until > now() and c.tier_id is not null
        order by c.until desc limit 1))`.as('tier_id'),
    ])
}

export type MemberViewRow = Awaited<ReturnType<ReturnType<typeof memberViewQuery>['execute']>>[number]

export function findMemberView(db: Db, id: string) {
  return memberViewQuery(db).where('m.id', '=', id).executeTakeFirst()
}

export interface MemberFilter {
  status?: MemberStatus | undefined
  tierId?: string | undefined
  q?: string | undefined
  after?: { createdAt: string; id: string } | undefined
  limit: number
}

/** Newest first, keyset-paginated on (created_at, id). */
export function listMemberViews(db: Db, f: MemberFilter) {
  let query = memberViewQuery(db)
  if (f.status) query = query.where('m.status', '=', f.status)
  if (f.tierId) query = query.where('m.tier_id', '=', f.tierId)
  if (f.q) query = query.where('m.email', 'like', `%${normalizeEmail(f.q).replace(/[\\%_]/g, '\\$&')}%`)
  if (f.after) {
    const { createdAt, id } = f.after
    query = query.where((eb) =>
      eb.or([
        eb('m.created_at', '<', sql<Date>`${createdAt}::timestamptz`),
        eb.and([eb('m.created_at', '=', sql<Date>`${createdAt}::timestamptz`), eb('m.id', '<', id)]),
      ]),
    )
  }
  return query
    .orderBy('m.created_at', 'desc')
    .orderBy('m.id', 'desc')
    .limit(f.limit + 1)
    .execute()
}

export function tierNames(db: Db, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([])
  return db.selectFrom('tiers').select(['id', 'name']).where('id', 'in', ids).execute()
}

export function subscriptionsOf(db: Db, memberId: string) {
  return db
    .selectFrom('subscriptions')
    .select([
      'id',
      'status',
      'tier_id',
      'price_id',
      'interval',
      'amount',
      'quantity',
      'currency',
      'mrr',
      'start_date',
      'current_period_start',
      'current_period_end',
      'cancel_at_period_end',
      'canceled_at',
      'ended_at',
    ])
    .where('member_id', '=', memberId)
    .orderBy('start_date')
    .orderBy('id')
    .execute()
}

export function historyOf(db: Db, memberId: string) {
  return db
    .selectFrom('membership_history')
    .select(['at', 'from_status', 'to_status', 'from_mrr', 'to_mrr', 'from_currency', 'to_currency'])
    .where('member_id', '=', memberId)
    .orderBy('at')
    .orderBy('id')
    .execute()
}

export function compsOf(db: Db, memberId: string) {
  return db
    .selectFrom('comps')
    .select(['id', 'member_id', 'tier_id', 'starts_at', 'until', 'granted_by'])
    .where('member_id', '=', memberId)
    .orderBy('starts_at')
    .execute()
}

export function insertComp(
  db: Db,
  comp: { memberId: string; tierId: string | null; until: Date; grantedBy: string | null },
) {
  return db
    .insertInto('comps')
    .values({ member_id: comp.memberId, tier_id: comp.tierId, until: comp.until, granted_by: comp.grantedBy })
    .returning(['id', 'member_id', 'tier_id', 'starts_at', 'until', 'granted_by'])
    .executeTakeFirstOrThrow()
}

export function memberCustomer(db: Db, memberId: string) {
  return db
    .selectFrom('members')
    .select(['id', 'stripe_customer_id'])
    .where('id', '=', memberId)
    .executeTakeFirst()
}

/** Ends a running comp now; false when the member has no such comp running. */
export async function endComp(db: Db, memberId: string, compId: string): Promise<boolean> {
  const result = await db
    .updateTable('comps')
    .set({ until: sql<Date>`now()` })
    .where('id', '=', compId)
    .where('member_id', '=', memberId)
    .where('until', '>', sql<Date>`now()`)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}
