import { sql } from 'kysely'
import type { Db } from '../db/connect.js'

/** The round's state by the database clock and whether the topic belongs to it: one query. */
export async function findBallotContext(db: Db, roundId: string, topicId: string) {
  return db
    .selectFrom('rounds as r')
    .leftJoin('topics as t', (join) => join.onRef('t.round_id', '=', 'r.id').on('t.id', '=', topicId))
    .select([
      'r.votes_per_member',
      sql<boolean>`now() >= r.opens_at and now() < r.closes_at`.as('open'),
      sql<boolean>`t.id is not null`.as('topic_in_round'),
    ])
    .where('r.id', '=', roundId)
    .executeTakeFirst()
}

/**
 * Inserts the vote unless it exists; true when inserted. The votes trigger counts it against the
 * member's budget under a row lock and raises `round_participants_vote_budget` when it is used up.
 */
export async function insertVote(db: Db, vote: { roundId: string; topicId: string; memberId: string }) {
  const row = await db
    .insertInto('votes')
    .values({ round_id: vote.roundId, topic_id: vote.topicId, member_id: vote.memberId })
    .onConflict((oc) => oc.columns(['member_id', 'topic_id']).doNothing())
    .returning('topic_id')
    .executeTakeFirst()
  return row !== undefined
}

export async function deleteVote(db: Db, vote: { roundId: string; topicId: string; memberId: string }) {
  const row = await db
    .deleteFrom('votes')
    .where('member_id', '=', vote.memberId)
    .where('topic_id', '=', vote.topicId)
    .where('round_id', '=', vote.roundId)
    .returning('topic_id')
    .executeTakeFirst()
  return row !== undefined
}

export async function votesUsed(db: Db, roundId: string, memberId: string): Promise<number> {
  const row = await db
    .selectFrom('round_participants')
    .select('votes_used')
    .where('round_id', '=', roundId)
    .where('member_id', '=', memberId)
    .executeTakeFirst()
  return row?.votes_used ?? 0
}
