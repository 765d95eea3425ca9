import { sql } from 'kysely'
import type { Db } from '../db/connect.js'
import type { MailLocale } from '../db/schema.js'
import type { MailKind } from './kinds.js'

export interface ClaimedMail {
  id: string
  kind: MailKind
  recipient: string
  member_id: string | null
  payload: Record<string, unknown>
  attempts: number
  created_at: Date
  /** The language the member chose on /account. */
  locale: MailLocale | null
  /** The language of the pages the member joined on or last asked for a link from. */
  page_locale: MailLocale | null
  mail_rounds: boolean | null
  mail_coverage: boolean | null
}

/**
 * Claims due mails for this sender: their next attempt moves `leaseSeconds` ahead, so another
 * instance (or a later tick) skips them; rows another transaction is claiming are skipped, not waited for.
 */
export async function claimDueMails(
  db: Db,
  which: { bulk: boolean; limit: number } | { ids: readonly string[] },
  leaseSeconds: number,
): Promise<ClaimedMail[]> {
  if ('ids' in which && which.ids.length === 0) return []
  if ('limit' in which && which.limit <= 0) return []
  const due = db
    .selectFrom('mail_outbox')
    .select('id')
    .where('sent_at', 'is', null)
    .where('failed_at', 'is', null)
    .where('next_attempt_at', '<=', sql<Date>`now()`)
    .$call((q) =>
      'ids' in which
        ? q.where('id', 'in', which.ids)
        : q.where('bulk', '=', which.bulk).orderBy('next_attempt_at').limit(which.limit),
    )
    .forUpdate()
    .skipLocked()
  const claimed = await db
    .updateTable('mail_outbox as o')
    .set({
      next_attempt_at: sql`now() + make_interval(secs => ${leaseSeconds})`,
      last_attempt_at: sql`now()`,
      attempts: sql`o.attempts + 1`,
    })
    .where('o.id', 'in', due)
    .returning(['o.id', 'o.kind', 'o.recipient', 'o.member_id', 'o.payload', 'o.attempts', 'o.created_at'])
    .execute()
  if (claimed.length === 0) return []
  const memberIds = [...new Set(claimed.flatMap((m) => (m.member_id ? [m.member_id] : [])))]
  const members = memberIds.length
    ? await db
        .selectFrom('members')
        .select(['id', 'locale', 'page_locale', 'mail_rounds', 'mail_coverage'])
        .where('id', 'in', memberIds)
        .execute()
    : []
  const byId = new Map(members.map((m) => [m.id, m]))
  return claimed.map((m) => {
    const member = m.member_id ? byId.get(m.member_id) : undefined
    return {
      ...m,
      kind: m.kind as MailKind,
      locale: member?.locale ?? null,
      page_locale: member?.page_locale ?? null,
      mail_rounds: member?.mail_rounds ?? null,
      mail_coverage: member?.mail_coverage ?? null,
    }
  })
}

/**
 * How many announcement mails were handed to the transport within the last `seconds`, across
 * every instance (the rate limit is global, not per process).
 */
export async function recentBulkAttempts(db: Db, seconds: number): Promise<number> {
  const row = await db
    .selectFrom('mail_outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('bulk', '=', true)
    .where('last_attempt_at', '>', sql<Date>`now() - make_interval(secs => ${seconds})`)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * Done (sent, or deliberately not sent, with the reason as `note`): the payload is dropped, so a
 * sign-in link does not outlive its sending in the database.
 */
export async function markSent(db: Db, id: string, note: string | null = null): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set({ sent_at: sql`now()`, payload: '{}', last_error: note })
    .where('id', '=', id)
    .execute()
}

export async function markRetry(db: Db, id: string, delaySeconds: number, error: string): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set({ next_attempt_at: sql`now() + make_interval(secs => ${delaySeconds})`, last_error: error })
    .where('id', '=', id)
    .execute()
}

export async function markFailed(db: Db, id: string, error: string): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set({ failed_at: sql`now()`, last_error: error })
    .where('id', '=', id)
    .execute()
}

/** Mails waiting to be sent (the `patronage_mail_pending` gauge). */
export async function pendingMailCount(db: Db): Promise<number> {
  const row = await db
    .selectFrom('mail_outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('sent_at', 'is', null)
    .where('failed_at', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
