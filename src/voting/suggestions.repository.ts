import { sql } from 'kysely'
import type { Db } from '../db/connect.js'
import type { SuggestionStatus } from '../db/schema.js'

const columns = [
  's.id',
  's.round_id',
  's.member_id',
  's.title',
  's.description',
  's.status',
  's.topic_id',
  's.decided_at',
  's.created_at',
] as const

export type SuggestionRow = NonNullable<Awaited<ReturnType<typeof lockSuggestion>>>

export async function insertSuggestion(
  db: Db,
  values: { roundId: string; memberId: string; title: string; description: string | null },
) {
  return db
    .insertInto('suggestions')
    .values({
      round_id: values.roundId,
      member_id: values.memberId,
      title: values.title,
      description: values.description,
    })
    .returning(['id', 'status'])
    .executeTakeFirstOrThrow()
}

/**
 * Oldest first (a review queue). The cursor carries created_at as Postgres text, keeping its
 * microseconds, which a JS Date would drop.
 */
export async function listSuggestions(
  db: Db,
  filter: { status?: SuggestionStatus | undefined; roundId?: string | undefined },
  limit: number,
  after?: { createdAt: string; id: string },
) {
  return db
    .selectFrom('suggestions as s')
    .select([...columns, sql<string>`s.created_at::text`.as('created_at_key')])
    .$if(filter.status !== undefined, (q) => q.where('s.status', '=', filter.status!))
    .$if(filter.roundId !== undefined, (q) => q.where('s.round_id', '=', filter.roundId!))
    .$if(after !== undefined, (q) =>
      q.where(
        (eb) =>
          sql<boolean>`(${eb.ref('s.created_at')}, ${eb.ref('s.id')}) > (${after!.createdAt}::timestamptz, ${after!.id}::uuid)`,
      ),
    )
    .orderBy('s.created_at')
    .orderBy('s.id')
    .limit(limit + 1)
    .execute()
}

export async function lockSuggestion(db: Db, id: string) {
  return db
    .selectFrom('suggestions as s')
    .select(columns)
    .where('s.id', '=', id)
    .forUpdate()
    .executeTakeFirst()
}

export async function decideSuggestion(
  db: Db,
  id: string,
  decision: { status: 'approved' | 'rejected'; topicId: string | null; decidedBy: string },
) {
  return db
    .updateTable('suggestions as s')
    .set({
      status: decision.status,
      topic_id: decision.topicId,
      decided_by: decision.decidedBy,
      decided_at: sql`now()`,
    })
    .where('s.id', '=', id)
    .returning(columns)
    .executeTakeFirstOrThrow()
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
