import { sql } from 'kysely'
import type { Db } from '../db/connect.js'
import type { TopicStatus, Translations } from '../db/schema.js'

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
