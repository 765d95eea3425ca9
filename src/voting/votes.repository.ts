import { sql } from 'kysely'
import { entitledSql } from '../billing/entitlement.js'
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
 * Casts a vote in one statement, so one round trip: the round's state, the topic, the member's
 * entitlement (the rule of billing/entitlement.ts) and the insert are one atomic step by the
 * database clock. The insert happens only when all hold; an existing vote is left as it is. The
 * votes trigger counts a new vote against the member's budget under a row lock and raises
 * `round_participants_vote_budget` when it is used up. No row: the round does not exist.
 */
export async function insertVoteIfAllowed(
  db: Db,
  vote: { roundId: string; topicId: string; memberId: string },
) {
  const { rows } = await sql<{
    votes_per_member: number
    open: boolean
    topic_in_round: boolean
    entitled: boolean
    inserted: boolean
  }>`
    with ballot as (
      select r.votes_per_member,
        now() >= r.opens_at and now() < r.closes_at as open,
        exists (select 1 from topics t where t.id = ${vote.topicId} and t.round_id = r.id) as topic_in_round,
        coalesce((select ${entitledSql} from members m where m.id = ${vote.memberId}), false) as entitled
      from rounds r
      where r.id = ${vote.roundId}
    ), inserted as (
      insert into votes (round_id, topic_id, member_id)
      select ${vote.roundId}::uuid, ${vote.topicId}::uuid, ${vote.memberId}::uuid
      from ballot where open and topic_in_round and entitled
      on conflict (member_id, topic_id) do nothing
      returning topic_id
    )
    select ballot.*, exists (select 1 from inserted) as inserted from ballot
  `.execute(db)
  return rows[0]
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
