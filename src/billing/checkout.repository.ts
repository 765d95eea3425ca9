import { sql } from 'kysely'
import type { Db } from '../db/connect.js'

/** The window POST /v1/checkout is counted over, per client IP. */
export const CHECKOUT_WINDOW_MINUTES = 15

/**
 * Serialises checkout requests of one IP (a transaction-scoped advisory lock), so concurrent
 * requests cannot all pass the rate limit at once.
 */
export async function lockCheckoutRequests(db: Db, ip: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`checkout-ip:${ip}`}))`.execute(db)
}

/** Checkout requests of this IP in the window, and seconds until the oldest of them leaves it. */
export async function recentCheckoutRequests(db: Db, ip: string) {
  const row = await db
    .selectFrom('checkout_requests')
    .select([
      sql<number>`count(*)::int`.as('count'),
      sql<
        number | null
      >`extract(epoch from (min(created_at) + make_interval(mins => ${CHECKOUT_WINDOW_MINUTES}) - now()))::float8`.as(
        'retry_after',
      ),
    ])
    .where('ip', '=', ip)
    .where('created_at', '>', sql<Date>`now() - make_interval(mins => ${CHECKOUT_WINDOW_MINUTES})`)
    .executeTakeFirstOrThrow()
  return { count: row.count, retryAfter: Math.max(1, Math.ceil(row.retry_after ?? 1)) }
}

/** Counts one request, and forgets this IP's requests that no longer count. */
export async function recordCheckoutRequest(db: Db, ip: string): Promise<void> {
  await db
    .deleteFrom('checkout_requests')
    .where('ip', '=', ip)
    .where('created_at', '<', sql<Date>`now() - make_interval(mins => ${CHECKOUT_WINDOW_MINUTES})`)
    .execute()
  await db.insertInto('checkout_requests').values({ ip }).execute()
}

export function insertCheckoutSession(
  db: Db,
  s: { id: string; memberId: string; claimHash: string; ip: string | null },
) {
  return db
    .insertInto('checkout_sessions')
    .values({ id: s.id, member_id: s.memberId, claim_hash: s.claimHash, created_ip: s.ip })
    .execute()
}

/** Whether this Checkout Session was created here for this member. */
export async function isCheckoutOf(db: Db, id: string, memberId: string): Promise<boolean> {
  const row = await db
    .selectFrom('checkout_sessions')
    .select('id')
    .where('id', '=', id)
    .where('member_id', '=', memberId)
    .executeTakeFirst()
  return row !== undefined
}

/** The member of an unused Checkout Session created here, if the claim's hash matches. */
export async function findCheckoutClaim(db: Db, id: string, claimHash: string) {
  return db
    .selectFrom('checkout_sessions')
    .select('member_id')
    .where('id', '=', id)
    .where('claim_hash', '=', claimHash)
    .where('redeemed_at', 'is', null)
    .executeTakeFirst()
}

/** Uses the claim: one atomic update, so of concurrent redemptions exactly one gets it. */
export async function useCheckoutClaim(db: Db, id: string, claimHash: string): Promise<boolean> {
  const row = await db
    .updateTable('checkout_sessions')
    .set({ redeemed_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('claim_hash', '=', claimHash)
    .where('redeemed_at', 'is', null)
    .returning('id')
    .executeTakeFirst()
  return row !== undefined
}

/**
 * Whether the member had subscribed before this Checkout: a subscription other than its own that
 * started before the session was created (Stripe's clock for both) and got past `incomplete` (an
 * abandoned or unpaid Checkout does not count). Two Checkouts started side by side do not count
 * against each other; the first redeemed signs in, and then the other finds the member signed in.
 */
export async function subscribedBefore(
  db: Db,
  memberId: string,
  checkout: { startedAt: Date; subscriptionId: string | null },
) {
  const row = await db
    .selectFrom('subscriptions')
    .select('id')
    .where('member_id', '=', memberId)
    .where('status', 'not in', ['incomplete', 'incomplete_expired'])
    .where('start_date', '<', checkout.startedAt)
    .$if(checkout.subscriptionId !== null, (q) => q.where('id', '!=', checkout.subscriptionId!))
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}
