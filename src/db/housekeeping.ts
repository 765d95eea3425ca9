import { sql } from 'kysely'
import { REFRESH_FAMILY_DAYS } from '../accounts/refresh.repository.js'
import { CHECKOUT_WINDOW_MINUTES } from '../billing/checkout.repository.js'
import type { Logger } from '../logger.js'
import type { Db } from './connect.js'

/** Kept longer than Stripe's 3-day retry window, so a late redelivery is still known as a duplicate. */
export const PROCESSED_EVENT_DAYS = 30
export const SENT_MAIL_DAYS = 30
/** Login tokens live 15 minutes and count toward the 15-minute rate limits; an hour clears both. */
const LOGIN_TOKEN_GRACE_HOURS = 1
/** Stripe Checkout Sessions expire within a day; their claims are of no use after that. */
const CHECKOUT_SESSION_DAYS = 2
const BATCH = 5_000
/** Shared by every instance: only one of them purges at a time (the others skip the pass). */
const HOUSEKEEPING_LOCK = 7_310_043

export interface PurgeCounts {
  loginTokens: number
  refreshTokens: number
  refreshFamilies: number
  checkoutSessions: number
  checkoutRequests: number
  stripeEvents: number
  mails: number
  formSubmissions: number
}

/**
 * Deletes what has outlived its use, in batches so no lock is held long. Refresh tokens go once
 * expired (rotated and revoked ones are kept until then: a reused one must still be recognised).
 */
export async function purgeExpired(db: Db): Promise<PurgeCounts> {
  return {
    loginTokens: await inBatches(
      db,
      'login_tokens',
      sql`expires_at < now() - make_interval(hours => ${LOGIN_TOKEN_GRACE_HOURS})`,
    ),
    refreshTokens: await inBatches(db, 'refresh_tokens', sql`expires_at < now()`),
    // A revoked family never comes back, and one past its absolute lifetime never refreshes again;
    // their tokens go with them (on delete cascade).
    refreshFamilies: await inBatches(
      db,
      'refresh_families',
      sql`revoked_at is not null or created_at < now() - make_interval(days => ${REFRESH_FAMILY_DAYS})`,
    ),
    checkoutSessions: await inBatches(
      db,
      'checkout_sessions',
      sql`created_at < now() - make_interval(days => ${CHECKOUT_SESSION_DAYS})`,
    ),
    checkoutRequests: await inBatches(
      db,
      'checkout_requests',
      sql`created_at < now() - make_interval(mins => ${CHECKOUT_WINDOW_MINUTES})`,
    ),
    stripeEvents: await inBatches(
      db,
      'stripe_events',
      sql`processed_at < now() - make_interval(days => ${PROCESSED_EVENT_DAYS})`,
    ),
    mails: await inBatches(
      db,
      'mail_outbox',
      sql`coalesce(sent_at, failed_at) < now() - make_interval(days => ${SENT_MAIL_DAYS})`,
    ),
    // A form's key guards against a double submit: a day later nobody resends that form.
    formSubmissions: await inBatches(db, 'form_submissions', sql`created_at < now() - interval '1 day'`),
  }
}

async function inBatches(
  db: Db,
  table:
    | 'login_tokens'
    | 'refresh_tokens'
    | 'refresh_families'
    | 'checkout_sessions'
    | 'checkout_requests'
    | 'stripe_events'
    | 'mail_outbox'
    | 'form_submissions',
  old: ReturnType<typeof sql>,
): Promise<number> {
  let total = 0
  for (;;) {
    const result = await sql`
      delete from ${sql.table(table)} where id in (select id from ${sql.table(table)} where ${old} limit ${BATCH})
    `.execute(db)
    const n = Number(result.numAffectedRows ?? 0)
    total += n
    if (n < BATCH) return total
  }
}

/** One pass if no other instance is running one; undefined when another holds the lock. */
export async function housekeepingPass(db: Db): Promise<PurgeCounts | undefined> {
  return db.connection().execute(async (conn) => {
    const { rows } = await sql<{
      locked: boolean
    }>`select pg_try_advisory_lock(${HOUSEKEEPING_LOCK}) as locked`.execute(conn)
    if (!rows[0]?.locked) return undefined
    try {
      return await purgeExpired(conn)
    } finally {
      await sql`select pg_advisory_unlock(${HOUSEKEEPING_LOCK})`.execute(conn)
    }
  })
}

/** Purges on a schedule inside the service (first a minute after start, then hourly), off the request path. */
export function startHousekeeping(
  deps: { db: Db; logger: Logger },
  { firstAfterMs = 60_000, everyMs = 3_600_000 } = {},
): { stop(): Promise<void> } {
  let running: Promise<void> | undefined
  const pass = () => {
    running ??= housekeepingPass(deps.db)
      .then((counts) => {
        if (counts) deps.logger.info(counts, 'housekeeping: old rows purged')
      })
      .catch((err) => deps.logger.error({ err }, 'housekeeping failed; next pass retries'))
      .finally(() => {
        running = undefined
      })
  }
  const first = setTimeout(pass, firstAfterMs)
  const every = setInterval(pass, everyMs)
  first.unref()
  every.unref()
  return {
    async stop() {
      clearTimeout(first)
      clearInterval(every)
      await running
    },
  }
}
