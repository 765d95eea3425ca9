import { sql } from 'kysely'
import { entitledSql } from '../billing/entitlement.js'
import type { Db } from '../db/connect.js'

/**
 * Eligible voters: members entitled now (the rule of billing/entitlement.ts isEntitled, by the
 * database clock) plus members who voted in the round (they were entitled when they voted), so the
 * participation rate never exceeds 1. Voters: distinct members with a vote in the round.
 */
export async function roundParticipation(db: Db, roundId: string) {
  const row = await db
    .selectFrom('members as m')
    .select([
      sql<number>`count(*)`.as('eligible_voters'),
      sql<number>`count(*) filter (where exists (select 1 from votes v where v.round_id = ${roundId} and v.member_id = m.id))`.as(
        'voters',
      ),
    ])
    .where(
      sql<boolean>`${entitledSql} or exists (select 1 from votes v where v.round_id = ${roundId} and v.member_id = m.id)`,
    )
    .executeTakeFirstOrThrow()
  return { eligibleVoters: Number(row.eligible_voters), voters: Number(row.voters) }
}

/** The rounds open now, the soonest to close first. */
export function openRoundsClosingFirst(db: Db, limit: number) {
  return db
    .selectFrom('rounds')
    .select(['id', 'title'])
    .where('opens_at', '<=', sql<Date>`now()`)
    .where('closes_at', '>', sql<Date>`now()`)
    .orderBy('closes_at')
    .limit(limit)
    .execute()
}
