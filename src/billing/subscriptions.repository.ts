import { sql } from 'kysely'
import type { Db } from '../db/connect.js'
import { LIVE_STATUSES } from './membership.js'

/** Queries behind Stripe intake: members, subscriptions, prices and processed events. */

const memberStateColumns = [
  'id',
  'email',
  'stripe_customer_id',
  'status',
  'current_subscription_id',
  'tier_id',
  'currency',
  'mrr',
  'grace_until',
] as const

export function lockMember(db: Db, memberId: string) {
  return db
    .selectFrom('members')
    .select(memberStateColumns)
    .where('id', '=', memberId)
    .forUpdate()
    .executeTakeFirst()
}

const memberByEmailColumns = ['id', 'email', 'stripe_customer_id', 'status'] as const

/**
 * THE member of an email (sign-in, Checkout, a Stripe customer's email): created with status 'none'
 * on first sight, else the existing row, unchanged. A concurrent insert of the same email waits for
 * the other to commit and then reads its row, so concurrent callers get the same member.
 */
export async function upsertMemberByEmail(db: Db, email: string) {
  const created = await db
    .insertInto('members')
    .values({ email })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning(memberByEmailColumns)
    .executeTakeFirst()
  if (created) return created
  return db
    .selectFrom('members')
    .select(memberByEmailColumns)
    .where('email', '=', email)
    .executeTakeFirstOrThrow()
}

/** Whether the member of this email (if any) has a live subscription, without creating one. */
export async function hasLiveMembership(db: Db, email: string): Promise<boolean> {
  const row = await db
    .selectFrom('members')
    .select('id')
    .where('email', '=', email)
    .where('status', 'in', LIVE_STATUSES)
    .executeTakeFirst()
  return row !== undefined
}

export function memberForCheckout(db: Db, memberId: string) {
  return db
    .selectFrom('members')
    .select(['id', 'email', 'stripe_customer_id', 'status'])
    .where('id', '=', memberId)
    .executeTakeFirst()
}

export function linkCustomer(db: Db, memberId: string, customerId: string) {
  return db
    .updateTable('members')
    .set({ stripe_customer_id: customerId, updated_at: new Date() })
    .where('id', '=', memberId)
    .where('stripe_customer_id', 'is', null)
    .execute()
}

/** Raw SQL rather than the query builder: it runs before every webhook, and building costs more than the text. */
export async function isEventProcessed(db: Db, eventId: string): Promise<boolean> {
  const { rows } = await sql`select 1 from stripe_events where id = ${eventId}`.execute(db)
  return rows.length > 0
}

/** Claims an event id; false when it was processed already (a concurrent twin waits for our commit). */
export async function claimEvent(
  db: Db,
  event: { id: string; type: string; created: Date },
): Promise<boolean> {
  const row = await db
    .insertInto('stripe_events')
    .values({ id: event.id, type: event.type, stripe_created: event.created })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst()
  return row !== undefined
}
