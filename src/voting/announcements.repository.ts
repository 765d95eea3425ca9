import { sql } from 'kysely'
import type { Db } from '../db/connect.js'
import { VOTABLE_TOPIC_STATUSES } from './rules.js'

/**
 * Rounds that have opened and were not announced yet, oldest first, locked: another instance
 * announcing at the same moment skips them. `open` is false for one that closed meanwhile.
 */
export function lockRoundsToAnnounce(db: Db, limit: number) {
  return (
    db
      .selectFrom('rounds')
      .select(['id', sql<boolean>`closes_at > now()`.as('open')])
      .where('announced_at', 'is', null)
      .where('opens_at', '<=', sql<Date>`now()`)
      // Never announced empty: an open round without topics waits for its first one.
      .where(
        sql<boolean>`(closes_at <= now() or exists (select 1 from topics t where t.round_id = rounds.id))`,
      )
      .orderBy('opens_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute()
  )
}

export async function markRoundAnnounced(db: Db, roundId: string): Promise<void> {
  await db.updateTable('rounds').set({ announced_at: sql`now()` }).where('id', '=', roundId).execute()
}

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
