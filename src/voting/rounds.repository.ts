import { sql } from 'kysely'
import type { Db } from '../db/connect.js'
import type { ResultsVisibility, TopicStatus, Translations } from '../db/schema.js'
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

export interface TopicRow {
  id: string
  round_id: string
  title: string
  description: string | null
  status: TopicStatus
  coverage_url: string | null
  translations: Translations
}

const topicColumns = [
  't.id',
  't.round_id',
  't.title',
  't.description',
  't.status',
  't.coverage_url',
  't.translations',
] as const

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

/** Every topic of a round with its tally: one grouped query, whatever the number of votes. */
export async function topicsWithVotes(db: Db, roundId: string) {
  return db
    .selectFrom('topics as t')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('votes')
          .select(['topic_id', (e) => e.fn.countAll<number>().as('votes')])
          .where('round_id', '=', roundId)
          .groupBy('topic_id')
          .as('v'),
      (join) => join.onRef('v.topic_id', '=', 't.id'),
    )
    .select([...topicColumns, sql<number>`coalesce(v.votes, 0)`.as('votes')])
    .where('t.round_id', '=', roundId)
    .orderBy('t.created_at')
    .orderBy('t.id')
    .execute()
}

export async function findTopic(db: Db, id: string): Promise<TopicRow | undefined> {
  return db.selectFrom('topics as t').select(topicColumns).where('t.id', '=', id).executeTakeFirst()
}

export async function lockTopic(db: Db, id: string): Promise<TopicRow | undefined> {
  return db
    .selectFrom('topics as t')
    .select(topicColumns)
    .where('t.id', '=', id)
    .forNoKeyUpdate()
    .executeTakeFirst()
}

export async function insertTopic(
  db: Db,
  values: { roundId: string; title: string; description: string | null; translations?: string | undefined },
): Promise<TopicRow> {
  return (
    db
      .insertInto('topics')
      // clock_timestamp, not now(): topics made in one transaction (a new round's) keep their order.
      .values({
        round_id: values.roundId,
        title: values.title,
        description: values.description,
        ...(values.translations ? { translations: values.translations } : {}),
        created_at: sql<Date>`clock_timestamp()`,
      })
      .returning(['id', 'round_id', 'title', 'description', 'status', 'coverage_url', 'translations'])
      .executeTakeFirstOrThrow()
  )
}

export async function updateTopic(
  db: Db,
  id: string,
  changes: {
    title?: string
    description?: string | null
    status?: TopicStatus
    coverage_url?: string | null
    translations?: string
  },
): Promise<TopicRow> {
  return db
    .updateTable('topics')
    .set({ ...changes, updated_at: sql`now()` })
    .where('id', '=', id)
    .returning(['id', 'round_id', 'title', 'description', 'status', 'coverage_url', 'translations'])
    .executeTakeFirstOrThrow()
}

/** The open round that closes first, with its topics that take votes, in one query (public teaser). */
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

/** The member's suggestions for a round, oldest first. */
export function mySuggestions(db: Db, roundId: string, memberId: string) {
  return db
    .selectFrom('suggestions')
    .select(['id', 'title', 'status'])
    .where('round_id', '=', roundId)
    .where('member_id', '=', memberId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

/** The topics of a round with their tallies and whether this member voted for each. */
export async function topicsForMember(db: Db, roundId: string, memberId: string) {
  return db
    .selectFrom('topics as t')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('votes')
          .select([
            'topic_id',
            (e) => e.fn.countAll<number>().as('votes'),
            sql<boolean>`bool_or(member_id = ${memberId})`.as('mine'),
          ])
          .where('round_id', '=', roundId)
          .groupBy('topic_id')
          .as('v'),
      (join) => join.onRef('v.topic_id', '=', 't.id'),
    )
    .select([
      ...topicColumns,
      sql<number>`coalesce(v.votes, 0)`.as('votes'),
      sql<boolean>`coalesce(v.mine, false)`.as('mine'),
    ])
    .where('t.round_id', '=', roundId)
    .orderBy('t.created_at')
    .orderBy('t.id')
    .execute()
}

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
