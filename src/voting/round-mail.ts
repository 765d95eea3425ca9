import type { Db } from '../db/connect.js'
import { VOTABLE_TOPIC_STATUSES } from './rules.js'

// What voting offers its mails (mail/kinds/round-opened.ts), read when each is sent.

/** A round as its announcement shows it: its votable topics, read at send time. */
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
