import { sql } from 'kysely'
import { entitledSql } from '../billing/entitlement.js'
import type { Db } from '../db/connect.js'
import { inTransaction } from '../db/transaction.js'
import { VOTABLE_TOPIC_STATUSES } from '../voting/rules.js'

/** Rounds announced per pass; the rest wait for the next pass. */
const ROUNDS_PER_PASS = 10

/**
 * Announces every round that has opened and not been announced: one statement enqueues a mail for
 * each entitled patron who has not opted out (staff addresses excluded), and the round is marked in
 * the same transaction. The row lock (skipped by other instances) and the per-member dedupe key make
 * it once per member and round, across restarts and instances. A round that closed before anyone
 * announced it (the service was down all along) is marked without mail.
 */
export async function announceOpenedRounds(db: Db): Promise<{ rounds: number; mails: number }> {
  return inTransaction(db, async (trx) => {
    const due = await trx
      .selectFrom('rounds')
      .select(['id', sql<boolean>`closes_at > now()`.as('open')])
      .where('announced_at', 'is', null)
      .where('opens_at', '<=', sql<Date>`now()`)
      .orderBy('opens_at')
      .limit(ROUNDS_PER_PASS)
      .forUpdate()
      .skipLocked()
      .execute()
    let mails = 0
    for (const round of due) {
      if (round.open) {
        const result = await sql`
          insert into mail_outbox (dedupe_key, kind, bulk, member_id, recipient, payload)
          select 'round-opened:' || ${round.id}::text || ':' || m.id, 'round-opened', true, m.id, m.email,
            jsonb_build_object('roundId', ${round.id}::text)
          from members m
          where m.mail_rounds and ${entitledSql}
            and not exists (select 1 from staff s where s.email = m.email)
          on conflict (dedupe_key) do nothing
        `.execute(trx)
        mails += Number(result.numAffectedRows ?? 0)
      }
      await trx.updateTable('rounds').set({ announced_at: sql`now()` }).where('id', '=', round.id).execute()
    }
    return { rounds: due.length, mails }
  })
}

/**
 * In the transaction that sets a topic `covered` with its story's URL: one mail to each member who
 * voted for it and wants coverage news. Editing the topic again finds the same keys and adds none.
 */
export async function enqueueCoverageMails(
  trx: Db,
  topic: { id: string; title: string; coverageUrl: string },
): Promise<number> {
  const result = await sql`
    insert into mail_outbox (dedupe_key, kind, bulk, member_id, recipient, payload)
    select distinct 'topic-covered:' || ${topic.id}::text || ':' || m.id, 'topic-covered', true, m.id, m.email,
      jsonb_build_object('topicId', ${topic.id}::text, 'title', ${topic.title}::text, 'coverageUrl', ${topic.coverageUrl}::text)
    from votes v
    join members m on m.id = v.member_id
    where v.topic_id = ${topic.id} and m.mail_coverage
    on conflict (dedupe_key) do nothing
  `.execute(trx)
  return Number(result.numAffectedRows ?? 0)
}

/** A round as its announcement shows it (read at send time, so late topic edits are included). */
export async function roundForMail(db: Db, roundId: string) {
  const round = await db
    .selectFrom('rounds')
    .select(['id', 'title', 'closes_at', 'votes_per_member'])
    .where('id', '=', roundId)
    .executeTakeFirst()
  if (!round) return undefined
  const topics = await db
    .selectFrom('topics')
    .select('title')
    .where('round_id', '=', roundId)
    .where('status', 'in', VOTABLE_TOPIC_STATUSES)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return {
    id: round.id,
    title: round.title,
    closesAt: round.closes_at,
    votesPerMember: round.votes_per_member,
    topics: topics.map((t) => t.title),
  }
}
