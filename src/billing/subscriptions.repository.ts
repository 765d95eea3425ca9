import { type ExpressionBuilder, type Selectable, sql } from 'kysely'
import type { Db } from '../db/connect.js'
import type { Database, MemberStatus, NewSubscription, SubscriptionsTable } from '../db/schema.js'
import { LIVE_STATUSES } from './membership.js'

export type SubscriptionFields = Omit<NewSubscription, 'id' | 'created_at' | 'updated_at'>

/** Queries behind Stripe intake: members, subscriptions, prices and processed events. */

export const memberStateColumns = [
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

export async function findMemberId(
  db: Db,
  by: { id?: string | null; customerId?: string | null; email?: string | null },
): Promise<string | undefined> {
  if (by.id && /^[0-9a-f-]{36}$/i.test(by.id)) {
    const row = await db.selectFrom('members').select('id').where('id', '=', by.id).executeTakeFirst()
    if (row) return row.id
  }
  if (by.customerId) {
    const row = await db
      .selectFrom('members')
      .select('id')
      .where('stripe_customer_id', '=', by.customerId)
      .executeTakeFirst()
    if (row) return row.id
  }
  if (by.email) {
    const row = await db.selectFrom('members').select('id').where('email', '=', by.email).executeTakeFirst()
    if (row) return row.id
  }
  return undefined
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

/** The member owning a stored subscription, its row locked as lockMember does; undefined when unknown. */
export function lockSubscriptionOwner(db: Db, subscriptionId: string) {
  return db
    .selectFrom('members')
    .select(memberStateColumns)
    .where('id', '=', (eb) =>
      eb.selectFrom('subscriptions').select('member_id').where('subscriptions.id', '=', subscriptionId),
    )
    .forUpdate()
    .executeTakeFirst()
}

/**
 * The stored subscription under its row lock (undefined when new) and our price of a Stripe price id:
 * one round trip when the subscription is stored (a renewal or an update), two when it is new.
 */
export async function lockSubscriptionWithPrice(db: Db, id: string, stripePriceId: string | null) {
  const priceOf = (column: 'id' | 'tier_id') => (eb: ExpressionBuilder<Database, 'subscriptions'>) =>
    eb.selectFrom('prices').select(`prices.${column}`).where('prices.stripe_price_id', '=', stripePriceId)
  const row = await db
    .selectFrom('subscriptions')
    .selectAll('subscriptions')
    .select((eb) => [
      priceOf('id')(eb).as('looked_up_price_id'),
      priceOf('tier_id')(eb).as('looked_up_tier_id'),
    ])
    .where('subscriptions.id', '=', id)
    .forUpdate()
    .executeTakeFirst()
  if (!row)
    return {
      existing: undefined,
      price: stripePriceId ? await priceByStripeId(db, stripePriceId) : undefined,
    }
  const { looked_up_price_id, looked_up_tier_id, ...existing } = row
  return {
    existing,
    price: looked_up_price_id ? { id: looked_up_price_id, tier_id: looked_up_tier_id ?? null } : undefined,
  }
}

/** How a fetched subscription is stored: a new row, a changed row, or only the freshness mark. */
export type SubscriptionWrite =
  | { kind: 'insert'; values: NewSubscription }
  | { kind: 'update'; id: string; values: SubscriptionFields }
  | { kind: 'touch'; id: string; at: Date }

/**
 * Stores the subscription and lists the member's subscriptions as they stand after the write, in one
 * statement: the written row comes from the write's RETURNING (the statement's snapshot predates it),
 * the member's others from the table.
 */
export async function storeSubscription(db: Db, memberId: string, write: SubscriptionWrite) {
  const id = write.kind === 'insert' ? write.values.id : write.id
  const written =
    write.kind === 'insert'
      ? db
          .insertInto('subscriptions')
          .values(write.values)
          .returning([...listedColumns, 'member_id'])
      : db
          .updateTable('subscriptions')
          .set(
            write.kind === 'update'
              ? { ...write.values, updated_at: new Date() }
              : { stripe_synced_at: write.at },
          )
          .where('id', '=', id)
          .returning([...listedColumns, 'member_id'])
  const others = db
    .selectFrom('subscriptions')
    .select(listedColumns)
    .where('member_id', '=', memberId)
    .where('id', '<>', id)
  const { rows } = await sql<MemberSubscription>`
    with written as (${written})
    select ${sql.join(listedColumns.map((c) => sql.ref(c)))} from written where member_id = ${memberId}
    union all ${others}`.execute(db)
  return rows
}

export function setFirstFailedPayment(db: Db, id: string, at: Date) {
  return db
    .updateTable('subscriptions')
    .set({ first_failed_payment_at: at, updated_at: new Date() })
    .where('id', '=', id)
    .execute()
}

export function setGraceUntil(db: Db, memberId: string, graceUntil: Date | null) {
  return db
    .updateTable('members')
    .set({ grace_until: graceUntil, updated_at: new Date() })
    .where('id', '=', memberId)
    .execute()
}

const listedColumns = [
  'id',
  'status',
  'tier_id',
  'currency',
  'mrr',
  'start_date',
  'current_period_start',
  'canceled_at',
  'ended_at',
  'cancellation_reason',
  'first_failed_payment_at',
] as const

type MemberSubscription = Pick<Selectable<SubscriptionsTable>, (typeof listedColumns)[number]>

export function priceByStripeId(db: Db, stripePriceId: string) {
  return db
    .selectFrom('prices')
    .select(['id', 'tier_id'])
    .where('stripe_price_id', '=', stripePriceId)
    .executeTakeFirst()
}

export function updateMemberState(
  db: Db,
  memberId: string,
  state: {
    status: MemberStatus
    tier_id: string | null
    currency: string | null
    mrr: number
    grace_until: Date | null
    current_subscription_id: string | null
    stripe_customer_id: string | null
  },
) {
  return db
    .updateTable('members')
    .set({ ...state, updated_at: new Date() })
    .where('id', '=', memberId)
    .execute()
}

export async function isEventProcessed(db: Db, eventId: string): Promise<boolean> {
  const row = await db.selectFrom('stripe_events').select('id').where('id', '=', eventId).executeTakeFirst()
  return row !== undefined
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
