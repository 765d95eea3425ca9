import { sql } from 'kysely'
import { entitledSql } from '../billing/entitlement.js'
import { compiledOnce } from '../db/compiled-once.js'
import type { Db } from '../db/connect.js'
import type { TopicStatus } from '../db/schema.js'
import { VOTABLE_TOPIC_STATUSES } from './rules.js'

interface VoteRef {
  roundId: string
  topicId: string
  memberId: string
}

/**
 * Open by the clock of the moment the locked row is read, not `now()`: a statement that waited for
 * a close must judge the round by a clock that is later than the close, not by when it started.
 */
const openNow = sql<boolean>`clock_timestamp() >= r.opens_at and clock_timestamp() < r.closes_at`

export interface CastBallot {
  votes_per_member: number
  open: boolean
  topic_status: TopicStatus | null
  entitled: boolean
  inserted: boolean
  votes_used: number
}

/**
 * Casts a vote in one statement, so one round trip, and returns the votes used after it.
 *
 * - The round row is read FOR SHARE and the member row FOR SHARE: a close (PATCH of the round) and a
 *   membership change (the webhook) take those rows' update locks, so a vote either commits before
 *   them or waits and then re-reads the new row (READ COMMITTED re-checks a locked row's latest
 *   version) and is refused. Once the close or the webhook has answered, no vote of it commits.
 * - `participant` upserts the member's counter row of this round without changing it: ON CONFLICT
 *   DO UPDATE locks the row and reads its latest committed version, so concurrent votes of one member
 *   queue here and each sees the others' committed count. The votes trigger then counts the new vote
 *   on the same row and raises `round_participants_vote_budget` when the budget is used up.
 * - The insert happens only when the round is open, the member entitled and the topic of this round
 *   and votable; an existing vote is left as it is (`inserted` false).
 * No row: the round does not exist.
 */
export async function castVoteStatement(db: Db, vote: VoteRef): Promise<CastBallot | undefined> {
  const { rows } = await castVoteCompiled(db, vote)
  return rows[0]
}

const castVoteCompiled = compiledOnce(['roundId', 'topicId', 'memberId'], castVoteSql)

/** Constant: built once rather than on every vote. */
const votableStatuses = sql.join(VOTABLE_TOPIC_STATUSES)

/** The statement of castVoteStatement (the bench runs the very same text under pgbench). */
export function castVoteSql(vote: VoteRef) {
  return sql<CastBallot>`
    with r as (
      select r.id, r.votes_per_member, ${openNow} as open
      from rounds r where r.id = ${vote.roundId} for share
    ), m as (
      select ${entitledSql} as entitled from members m where m.id = ${vote.memberId} for share
    ), ballot as (
      select r.votes_per_member, r.open,
        (select t.status from topics t where t.id = ${vote.topicId} and t.round_id = r.id) as topic_status,
        coalesce((select m.entitled from m), false) as entitled
      from r
    ), allowed as (
      select 1 from ballot
      where open and entitled and topic_status in (${votableStatuses})
    ), participant as (
      insert into round_participants as p (round_id, member_id)
      select ${vote.roundId}::uuid, ${vote.memberId}::uuid from allowed
      on conflict (round_id, member_id) do update set votes_used = p.votes_used
      returning p.votes_used
    ), inserted as (
      insert into votes (round_id, topic_id, member_id)
      select ${vote.roundId}::uuid, ${vote.topicId}::uuid, ${vote.memberId}::uuid from allowed
      on conflict (member_id, topic_id) do nothing
      returning topic_id
    )
    select ballot.*,
      exists (select 1 from inserted) as inserted,
      coalesce((select votes_used from participant), 0)
        + (select count(*) from inserted)::int as votes_used
    from ballot
  `
}

/**
 * Withdraws a vote in one statement, under the same share lock of the round as a vote, so a
 * withdrawal cannot commit after a close has answered. No row: the round does not exist.
 */
export async function withdrawVoteStatement(db: Db, vote: VoteRef) {
  const { rows } = await sql<{ open: boolean; deleted: boolean }>`
    with r as (
      select ${openNow} as open from rounds r where r.id = ${vote.roundId} for share
    ), deleted as (
      delete from votes v
      where v.member_id = ${vote.memberId} and v.topic_id = ${vote.topicId} and v.round_id = ${vote.roundId}
        and (select open from r)
      returning v.topic_id
    )
    select r.open, exists (select 1 from deleted) as deleted from r
  `.execute(db)
  return rows[0]
}

/** The members who voted for a topic and want to hear of its coverage (columns id, email). */
export const coverageRecipients = (topicId: string) => sql`
  select distinct m.id, m.email
  from votes v
  join members m on m.id = v.member_id
  where v.topic_id = ${topicId} and m.mail_coverage
`
