import { sql } from 'kysely'
import type { Db } from '../db/connect.js'
import type { GiftStatus } from '../db/schema.js'

export function lockGiftOfPayment(db: Db, paymentId: string) {
  return db
    .selectFrom('gifts')
    .select(['id', 'status', 'recipient_email', 'recipient_member_id', 'send_at', 'purchaser_member_id'])
    .where('payment_id', '=', paymentId)
    .forUpdate()
    .executeTakeFirst()
}

export async function setGiftStatus(
  db: Db,
  id: string,
  fields: { status: GiftStatus; recipientId?: string; tokenHash?: string | null; endNow?: boolean },
): Promise<void> {
  await db
    .updateTable('gifts')
    .set({
      status: fields.status,
      ...(fields.recipientId ? { recipient_member_id: fields.recipientId } : {}),
      ...(fields.tokenHash !== undefined ? { token_hash: fields.tokenHash } : {}),
      ...(fields.endNow ? { ends_at: sql<Date>`least(ends_at, now())` } : {}),
    })
    .where('id', '=', id)
    .execute()
}

/** A paid, not yet started gift by the hash of its token, locked (the start uses it up once). */
export function lockGiftByToken(db: Db, tokenHash: string) {
  return db
    .selectFrom('gifts as g')
    .innerJoin('tiers as t', 't.id', 'g.tier_id')
    .select([
      'g.id',
      'g.recipient_email',
      'g.recipient_member_id',
      'g.months',
      'g.tier_id',
      't.name as tier_name',
    ])
    .where('g.token_hash', '=', tokenHash)
    .where('g.status', '=', 'paid')
    .forUpdate('g')
    .executeTakeFirst()
}

/** A gift as its pages and mails show it: tier, purchaser, message, delivery and running time. */
export function giftDetails(db: Db) {
  return db
    .selectFrom('gifts as g')
    .innerJoin('tiers as t', 't.id', 'g.tier_id')
    .innerJoin('members as p', 'p.id', 'g.purchaser_member_id')
    .select([
      'g.id',
      'g.status',
      'g.months',
      'g.message',
      'g.recipient_email',
      'g.send_at',
      'g.ends_at',
      't.name as tier_name',
      't.translations as tier_translations',
      'p.email as purchaser_email',
    ])
}

/** What the gift page shows before the button is pressed (a GET never uses the token). */
export function peekGiftByToken(db: Db, tokenHash: string) {
  return giftDetails(db)
    .where('g.token_hash', '=', tokenHash)
    .where('g.status', '=', 'paid')
    .executeTakeFirst()
}

/**
 * Starts a gift: it runs from now, or from the end of a gift already running for the recipient, for
 * its months; the token is used up.
 */
export async function markGiftStarted(db: Db, id: string, recipientId: string) {
  const startsAt = sql<Date>`greatest(now(), coalesce((
    select max(o.ends_at) from gifts o
    where o.recipient_member_id = ${recipientId} and o.status = 'started' and o.ends_at > now()
  ), now()))`
  const row = await db
    .updateTable('gifts')
    .set({
      status: 'started',
      token_hash: null,
      recipient_member_id: recipientId,
      starts_at: startsAt,
      ends_at: sql<Date>`${startsAt} + make_interval(months => months)`,
    })
    .where('id', '=', id)
    .returning(['starts_at', 'ends_at'])
    .executeTakeFirstOrThrow()
  return { startsAt: row.starts_at!, endsAt: row.ends_at! }
}

/** The running (or next) gift of a member, for /v1/me. */
export function currentGiftOf(db: Db, memberId: string) {
  return db
    .selectFrom('gifts as g')
    .innerJoin('tiers as t', 't.id', 'g.tier_id')
    .select([
      'g.tier_id',
      'g.starts_at',
      'g.ends_at',
      't.name as tier_name',
      't.translations as tier_translations',
    ])
    .where('g.recipient_member_id', '=', memberId)
    .where('g.status', '=', 'started')
    .where('g.ends_at', '>', sql<Date>`now()`)
    .orderBy('g.starts_at')
    .limit(1)
    .executeTakeFirst()
}
