import { PGliteAdapter, type SelectQueryBuilder } from 'kysely'
import type { Db } from '../db/connect.js'

const BATCH = 1000

/**
 * Rows of an ordered query without holding them all: a server-side cursor on Postgres; on PGlite,
 * which cannot stream, keyset pages of BATCH rows (`after` adds "past the last row" to the query).
 */
async function* ordered<DB, TB extends keyof DB, O>(
  db: Db,
  query: SelectQueryBuilder<DB, TB, O>,
  after: (q: SelectQueryBuilder<DB, TB, O>, last: O) => SelectQueryBuilder<DB, TB, O>,
): AsyncGenerator<O> {
  if (!(db.getExecutor().adapter instanceof PGliteAdapter)) {
    for await (const row of query.stream(BATCH)) yield row as O
    return
  }
  let last: O | undefined
  for (;;) {
    const rows = (await (last === undefined ? query : after(query, last)).limit(BATCH).execute()) as O[]
    yield* rows
    if (rows.length < BATCH) return
    last = rows[rows.length - 1]
  }
}

export function memberRows(db: Db) {
  const query = db
    .selectFrom('members as m')
    .leftJoin('tiers as t', 't.id', 'm.tier_id')
    .select([
      'm.id',
      'm.email',
      'm.status',
      'm.tier_id as tierId',
      't.name as tierName',
      'm.currency',
      'm.mrr',
      'm.created_at as createdAt',
    ])
    .orderBy('m.id')
  return ordered(db, query, (q, last) => q.where('m.id', '>', last.id))
}

export async function roundExists(db: Db, roundId: string): Promise<boolean> {
  const row = await db.selectFrom('rounds').select('id').where('id', '=', roundId).executeTakeFirst()
  return row !== undefined
}

export function voteRows(db: Db, roundId: string) {
  const query = db
    .selectFrom('votes as v')
    .innerJoin('topics as t', 't.id', 'v.topic_id')
    .innerJoin('members as m', 'm.id', 'v.member_id')
    .select([
      'v.topic_id as topicId',
      't.title as topicTitle',
      'v.member_id as memberId',
      'm.email as memberEmail',
      'v.created_at as votedAt',
    ])
    .where('v.round_id', '=', roundId)
    .orderBy('v.member_id')
    .orderBy('v.topic_id')
  return ordered(db, query, (q, last) =>
    q.where((eb) =>
      eb.or([
        eb('v.member_id', '>', last.memberId),
        eb.and([eb('v.member_id', '=', last.memberId), eb('v.topic_id', '>', last.topicId)]),
      ]),
    ),
  )
}

/** One-time payments that Stripe charged (contributions and gifts, refunded or not), with their gift. */
export function oneTimeRows(db: Db) {
  const query = db
    .selectFrom('one_time_payments as p')
    .innerJoin('members as m', 'm.id', 'p.member_id')
    .leftJoin('gifts as g', 'g.payment_id', 'p.id')
    .leftJoin('tiers as t', 't.id', 'g.tier_id')
    .select([
      'p.id',
      'p.kind',
      'm.email',
      'p.amount',
      'p.currency',
      'p.status',
      'p.amount_refunded as amountRefunded',
      'p.paid_at as paidAt',
      'p.message',
      'g.recipient_email as recipientEmail',
      't.name as tierName',
      'g.months',
      'g.status as giftStatus',
      'g.message as giftMessage',
    ])
    .where('p.paid_at', 'is not', null)
    .orderBy('p.id')
  return ordered(db, query, (q, last) => q.where('p.id', '>', last.id))
}
