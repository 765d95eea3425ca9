import { sql } from 'kysely'
import type { Db } from '../db/connect.js'
import type { ResultsVisibility, Translations } from '../db/schema.js'
import { type RoundState, VOTABLE_TOPIC_STATUSES } from './rules.js'

/**
 * A round's state by the database clock at the moment of reading (not `now()`, the transaction's
 * start): a statement that waited for a close's row lock must see the round closed.
 */
const roundState = sql<RoundState>`case when clock_timestamp() < r.opens_at then 'upcoming' when clock_timestamp() < r.closes_at then 'open' else 'closed' end`

const roundColumns = [
  'r.id',
  'r.title',
  'r.description',
  'r.opens_at',
  'r.closes_at',
  'r.votes_per_member',
  'r.results_visibility',
  'r.translations',
] as const

export interface RoundRow {
  id: string
  title: string
  description: string | null
  opens_at: Date
  closes_at: Date
  votes_per_member: number
  results_visibility: ResultsVisibility
  translations: Translations
  state: RoundState
}

export async function findRound(db: Db, id: string): Promise<RoundRow | undefined> {
  return db
    .selectFrom('rounds as r')
    .select([...roundColumns, roundState.as('state')])
    .where('r.id', '=', id)
    .executeTakeFirst()
}

/** The round with the member's votes used, in one query. */
export async function findRoundForMember(db: Db, id: string, memberId: string) {
  return db
    .selectFrom('rounds as r')
    .leftJoin('round_participants as p', (join) =>
      join.onRef('p.round_id', '=', 'r.id').on('p.member_id', '=', memberId),
    )
    .select([
      ...roundColumns,
      roundState.as('state'),
      sql<number>`coalesce(p.votes_used, 0)`.as('votes_used'),
    ])
    .where('r.id', '=', id)
    .executeTakeFirst()
}

/** Newest first: keyset on (opens_at, id) descending. */
export async function listRounds(db: Db, limit: number, after?: { opensAt: string; id: string }) {
  return db
    .selectFrom('rounds as r')
    .select([...roundColumns, roundState.as('state')])
    .$if(after !== undefined, (q) =>
      q.where((eb) =>
        eb(eb.refTuple('r.opens_at', 'r.id'), '<', eb.tuple(new Date(after!.opensAt), after!.id)),
      ),
    )
    .orderBy('r.opens_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(limit + 1)
    .execute() as Promise<RoundRow[]>
}

export async function insertRound(
  db: Db,
  values: {
    title: string
    description: string | null
    opensAt: Date
    closesAt: Date
    votesPerMember: number
    resultsVisibility: ResultsVisibility
    translations?: string | undefined
  },
): Promise<string> {
  const row = await db
    .insertInto('rounds')
    .values({
      title: values.title,
      description: values.description,
      opens_at: values.opensAt,
      closes_at: values.closesAt,
      votes_per_member: values.votesPerMember,
      results_visibility: values.resultsVisibility,
      ...(values.translations ? { translations: values.translations } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/**
 * NO KEY UPDATE: serialises edits of the round and waits for every vote or withdrawal in flight (they
 * hold the row FOR SHARE), while the key locks of foreign keys still pass.
 */
export async function lockRound(db: Db, id: string) {
  return db
    .selectFrom('rounds as r')
    .select([
      'r.id',
      'r.opens_at',
      'r.closes_at',
      roundState.as('state'),
      sql<Date>`clock_timestamp()`.as('locked_at'),
    ])
    .where('r.id', '=', id)
    .forNoKeyUpdate()
    .executeTakeFirst()
}

/**
 * The most votes one member has cast in the round. Read in its own statement after lockRound, so its
 * snapshot includes the votes that committed while the lock was awaited.
 */
export async function mostVotesUsed(db: Db, roundId: string): Promise<number> {
  const row = await db
    .selectFrom('round_participants')
    .select(sql<number>`coalesce(max(votes_used), 0)`.as('n'))
    .where('round_id', '=', roundId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** FOR SHARE: a close waits for this transaction, and this one sees a close that committed first. */
export async function shareLockRound(db: Db, id: string) {
  return db
    .selectFrom('rounds as r')
    .select(['r.id', roundState.as('state')])
    .where('r.id', '=', id)
    .forShare()
    .executeTakeFirst()
}

export async function updateRound(
  db: Db,
  id: string,
  changes: {
    title?: string
    description?: string | null
    opens_at?: Date
    closes_at?: Date
    votes_per_member?: number
    results_visibility?: ResultsVisibility
    translations?: string
  },
): Promise<void> {
  await db
    .updateTable('rounds')
    .set({ ...changes, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute()
}

/** Every open round, soonest to close first, with its topics that take votes (and translations). */
export async function openRoundsWithTopics(db: Db) {
  return db
    .selectFrom('rounds as r')
    .select([
      'r.id',
      'r.title',
      'r.closes_at',
      'r.translations',
      sql<{ id: string; title: string; description: string | null; translations: Translations }[]>`coalesce((
        select json_agg(json_build_object('id', t.id, 'title', t.title, 'description', t.description,
          'translations', t.translations) order by t.created_at, t.id)
        from topics t where t.round_id = r.id and t.status in (${sql.join(VOTABLE_TOPIC_STATUSES)})
      ), '[]'::json)`.as('topics'),
    ])
    .where(sql<boolean>`now() >= r.opens_at and now() < r.closes_at`)
    .orderBy('r.closes_at')
    .orderBy('r.id')
    .execute()
}
