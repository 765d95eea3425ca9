import { sql } from 'kysely'
import type { Db } from '../db/connect.js'

/** How long a magic link works, and the window its rate limits count over. */
export const LOGIN_TOKEN_MINUTES = 15
export const RATE_WINDOW_MINUTES = 15

/**
 * Serialises magic-link requests for the same email and for the same IP (transaction-scoped
 * advisory locks), so concurrent requests cannot all pass the rate limit at once. Email before IP,
 * one of each per transaction: no lock cycle is possible.
 */
export async function lockLoginRequests(db: Db, email: string, ip: string | null): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`login-email:${email}`}))`.execute(db)
  if (ip) await sql`select pg_advisory_xact_lock(hashtext(${`login-ip:${ip}`}))`.execute(db)
}

export interface RecentRequests {
  count: number
  /** Seconds until the oldest counted request leaves the window. */
  retryAfter: number
}

/** Magic links requested in the rate window, by email or by IP. */
export async function recentLoginRequests(
  db: Db,
  by: { email: string } | { ip: string },
): Promise<RecentRequests> {
  const row = await db
    .selectFrom('login_tokens')
    .select([
      sql<number>`count(*)::int`.as('count'),
      sql<
        number | null
      >`extract(epoch from (min(created_at) + make_interval(mins => ${RATE_WINDOW_MINUTES}) - now()))::float8`.as(
        'retry_after',
      ),
    ])
    .$if('email' in by, (q) => q.where('email', '=', (by as { email: string }).email))
    .$if('ip' in by, (q) => q.where('requested_ip', '=', (by as { ip: string }).ip))
    .where('created_at', '>', sql<Date>`now() - make_interval(mins => ${RATE_WINDOW_MINUTES})`)
    .executeTakeFirstOrThrow()
  return { count: row.count, retryAfter: Math.max(1, Math.ceil(row.retry_after ?? 1)) }
}

export function insertLoginToken(db: Db, t: { tokenHash: string; email: string; ip: string | null }) {
  return db
    .insertInto('login_tokens')
    .values({
      token_hash: t.tokenHash,
      email: t.email,
      requested_ip: t.ip,
      expires_at: sql<Date>`now() + make_interval(mins => ${LOGIN_TOKEN_MINUTES})`,
    })
    .execute()
}

/** Requests older than a day matter neither for sign-in nor for rate limits. */
export function deleteStaleLoginTokens(db: Db, email: string) {
  return db
    .deleteFrom('login_tokens')
    .where('email', '=', email)
    .where('created_at', '<', sql<Date>`now() - interval '1 day'`)
    .execute()
}

/**
 * Uses the token: one atomic update, so of two concurrent redemptions exactly one gets the row.
 * Returns the email it was issued for, or undefined when unknown, used or expired.
 */
export async function useLoginToken(db: Db, tokenHash: string): Promise<string | undefined> {
  const row = await db
    .updateTable('login_tokens')
    .set({ used_at: sql<Date>`now()` })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning('email')
    .executeTakeFirst()
  return row?.email
}

/** The email of a usable (unused, unexpired) sign-in token, without using it: for the confirm page. */
export async function peekLoginToken(db: Db, tokenHash: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('login_tokens')
    .select('email')
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst()
  return row?.email
}

/**
 * The address a sign-in link was mailed to, used or expired alike (while kept, a day): its holder may
 * ask for a new link to that same address, never to another.
 */
export async function addressOfLoginToken(db: Db, tokenHash: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('login_tokens')
    .select('email')
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst()
  return row?.email
}
