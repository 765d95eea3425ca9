import type { Db } from '../db/connect.js'
import { VOTABLE_TOPIC_STATUSES } from './rules.js'

// What voting offers its mails (mail/kinds/round-opened.ts, topic-covered.ts), read when each is sent.

/** A round as its announcement shows it: its votable topics, read at send time, with their translations. */
export async function roundForMail(db: Db, roundId: string) {
  const round = await db
    .selectFrom('rounds')
    .select(['id', 'title', 'translations', 'closes_at', 'votes_per_member'])
    .where('id', '=', roundId)
    .executeTakeFirst()
  if (!round) return undefined
  const topics = await db
    .selectFrom('topics')
    .select(['title', 'translations'])
    .where('round_id', '=', roundId)
    .where('status', 'in', VOTABLE_TOPIC_STATUSES)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return {
    id: round.id,
    title: round.title,
    translations: round.translations,
    closesAt: round.closes_at,
    votesPerMember: round.votes_per_member,
    topics,
  }
}

/** A covered topic as its mail names it, in each voter's language. */
export function topicForMail(db: Db, topicId: string) {
  return db
    .selectFrom('topics')
    .select(['title', 'translations'])
    .where('id', '=', topicId)
    .executeTakeFirst()
}
