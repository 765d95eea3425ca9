/** Voting data seeded in SQL: entitled patrons, one open round with many topics, their access tokens. */
import { sql } from 'kysely'
import { createAccessTokens } from '../src/accounts/access-tokens.js'
import { loadConfig } from '../src/config.js'
import type { Db } from '../src/db/connect.js'
import { BENCH_JWT_SECRET, BENCH_PUBLIC_URL, cpuSecondsOf } from './service.js'

export interface VotingSeed {
  roundId: string
  topicIds: string[]
  /** One access token per patron, in member order. */
  tokens: string[]
}

/** Tokens signed exactly as the service would sign them (same secret, issuer and audience). */
export function benchTokens() {
  return createAccessTokens(
    loadConfig({ JWT_SECRET: BENCH_JWT_SECRET, PUBLIC_URL: BENCH_PUBLIC_URL, ACCESS_TOKEN_TTL: '86400' }),
  )
}

export async function seedVoting(db: Db, patrons: number, topics: number): Promise<VotingSeed> {
  const members = await sql<{ id: string }>`
    insert into members (email, status, currency, mrr)
    select 'patron-' || g || '@bench.test', 'active', 'eur', 500 from generate_series(1, ${patrons}) g
    returning id`.execute(db)
  const round = await newRound(db, topics)
  const tokens = benchTokens()
  return {
    ...round,
    tokens: members.rows.map(
      (m) => tokens.sign({ sub: m.id, role: 'patron', ent: ['vote'], tier: null }).accessToken,
    ),
  }
}

export async function countVotes(db: Db, roundId: string): Promise<number> {
  const row = await db
    .selectFrom('votes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('round_id', '=', roundId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * CPU seconds used so far by the server backends of this database (the service's pool), read from
 * /proc; undefined when the server is not on this machine.
 */
export async function backendCpuSeconds(db: Db): Promise<number | undefined> {
  const { rows } = await sql<{ pid: number }>`
    select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`.execute(
    db,
  )
  try {
    return rows.reduce((sum, r) => sum + cpuSecondsOf(r.pid), 0)
  } catch {
    return undefined
  }
}

/** One more open round with `topics` topics, each patron with a budget of up to 100 votes in it. */
export async function newRound(db: Db, topics: number): Promise<{ roundId: string; topicIds: string[] }> {
  const round = await db
    .insertInto('rounds')
    .values({
      title: 'Bench round',
      opens_at: sql<Date>`now() - interval '1 hour'`,
      closes_at: sql<Date>`now() + interval '1 day'`,
      votes_per_member: Math.min(100, topics),
      results_visibility: 'live',
      // Not announced by mail: suites that want announcements pending enqueue them themselves.
      announced_at: sql<Date>`now()`,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const topicRows = await sql<{ id: string }>`
    insert into topics (round_id, title)
    select ${round.id}, 'Topic ' || g from generate_series(1, ${topics}) g
    returning id`.execute(db)
  return { roundId: round.id, topicIds: topicRows.rows.map((t) => t.id) }
}

/**
 * Grows the votes table to `total` rows with votes of other patrons in a closed round of 1,000
 * topics (bulk-loaded with triggers off, as a restore would), then analyses it.
 */
export async function fillVotes(db: Db, total: number): Promise<number> {
  await db.transaction().execute(async (trx) => {
    const have = Number(
      (await sql<{ n: number }>`select count(*)::int as n from votes`.execute(trx)).rows[0]!.n,
    )
    const missing = total - have
    if (missing <= 0) return
    await sql`set local session_replication_role = replica`.execute(trx)
    await sql`
      with round as (
        insert into rounds (title, opens_at, closes_at, votes_per_member, results_visibility)
        values ('Filler round', now() - interval '2 days', now() - interval '1 day', 100, 'live')
        returning id
      ), topic as (
        insert into topics (round_id, title)
        select round.id, 'Filler ' || g from round, generate_series(1, 1000) g returning id, round_id
      ), member as (
        insert into members (email, status)
        select 'filler-' || gen_random_uuid() || '@bench.test', 'canceled'
        from generate_series(1, ${Math.ceil(missing / 1000)})
        returning id
      )
      insert into votes (round_id, topic_id, member_id)
      select topic.round_id, topic.id, member.id from member cross join topic limit ${missing}`.execute(trx)
  })
  await sql`analyze votes`.execute(db)
  return Number((await sql<{ n: number }>`select count(*)::int as n from votes`.execute(db)).rows[0]!.n)
}
