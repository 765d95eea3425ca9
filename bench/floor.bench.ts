/**
 * The floor of a vote on this machine, without the service: pgbench at 50 clients runs the service's
 * own vote statement (castVoteSql, the same text) on a hot round of 200 patrons and 100 topics, as a
 * prepared statement and parsed anew on every call, the same statement without the round's share
 * lock, and a bare insert of the same three ids (the budget trigger still runs). Each vote picks a
 * random patron, topic and one of 20 identical rounds, so nearly every vote is a new row.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import type { Db } from '../src/db/connect.js'
import { migrate } from '../src/db/migrate.js'
import { castVoteSql } from '../src/voting/votes.repository.js'
import { round, table } from './measure.js'
import { growthSeconds } from './options.js'
import { createBenchDatabase } from './postgres.js'
import type { Suite } from './run.js'

const CLIENTS = 50
const PATRONS = 200
const TOPICS = 100
const ROUNDS = 20
const PGBENCH = '/usr/lib/postgresql/15/bin/pgbench'

/** A deterministic uuid per (kind, number), computable inside a pgbench script. */
const uuidSql = (kind: number, n: string) =>
  `('00000000-0000-4000-800${kind}-' || lpad((${n})::text, 12, '0'))::uuid`
const ROUND = uuidSql(1, ':r')
const TOPIC = uuidSql(2, ':r * 1000 + :t')
const MEMBER = uuidSql(3, ':m')

export const floorSuite: Suite = {
  name: 'floor',
  description: `the vote statement alone under pgbench at ${CLIENTS} clients (prepared / re-planned / no round lock / bare insert)`,
  async run({ serverUrl, log }) {
    const database = await createBenchDatabase(serverUrl, 'bench_floor')
    const dir = mkdtempSync(join(tmpdir(), 'patronage-floor-'))
    try {
      await migrate(database.db)
      await seed(database.db)
      const vote = castVoteSql({ roundId: 'ROUND', topicId: 'TOPIC', memberId: 'MEMBER' }).compile(
        database.db,
      )
      // Placeholders from the highest down, so $1 does not eat the start of $12.
      let text = vote.sql
      for (let i = vote.parameters.length; i >= 1; i--) {
        const value = String(vote.parameters[i - 1])
        const expr = { ROUND, TOPIC, MEMBER }[value] ?? `'${value.replaceAll("'", "''")}'`
        text = text.replaceAll(`$${i}`, expr)
      }
      const head = `\\set r random(1, ${ROUNDS})\n\\set t random(1, ${TOPICS})\n\\set m random(1, ${PATRONS})\n`
      const oneLine = (s: string) => `${s.replace(/\s+/g, ' ').trim()};\n`
      const scripts = {
        vote: oneLine(text),
        voteWithoutRoundLock: oneLine(
          text.replace(/from rounds r where r\.id = (.+?) for share/, 'from rounds r where r.id = $1'),
        ),
        bareInsert: oneLine(
          `insert into votes (round_id, topic_id, member_id) values (${ROUND}, ${TOPIC}, ${MEMBER}) on conflict do nothing`,
        ),
      }
      if (scripts.voteWithoutRoundLock === scripts.vote)
        throw new Error('the round lock was not found in the vote statement')
      const runs: [string, keyof typeof scripts, 'prepared' | 'extended'][] = [
        ['vote statement, prepared', 'vote', 'prepared'],
        ['vote statement, parsed and planned each call', 'vote', 'extended'],
        ['vote statement without the round FOR SHARE, prepared', 'voteWithoutRoundLock', 'prepared'],
        ['bare insert of the same ids, prepared', 'bareInsert', 'prepared'],
      ]
      const results: Record<string, number> = {}
      for (const [name, script, mode] of runs) {
        const file = join(dir, `${script}.sql`)
        writeFileSync(file, head + scripts[script])
        log(`pgbench: ${name} (${growthSeconds} s)`)
        results[name] = pgbench(database.url, file, mode, growthSeconds)
      }
      const byClients: Record<string, number> = {}
      for (const clients of [1, 10]) {
        log(`pgbench: vote statement, prepared, ${clients} client(s) (${growthSeconds} s)`)
        byClients[clients] = pgbench(database.url, join(dir, 'vote.sql'), 'prepared', growthSeconds, clients)
      }
      byClients[CLIENTS] = results['vote statement, prepared']!
      log(table([['statement', 'tps'], ...Object.entries(results).map(([n, tps]) => [n, tps])]))
      log(
        `the vote statement, prepared, by clients: ${Object.entries(byClients)
          .map(([c, tps]) => `${c}: ${tps}`)
          .join(', ')} tps`,
      )
      return { clients: CLIENTS, seconds: growthSeconds, tps: results, voteByClients: byClients }
    } finally {
      rmSync(dir, { recursive: true, force: true })
      await database.drop()
    }
  },
}

function pgbench(url: string, file: string, mode: string, seconds: number, clients = CLIENTS): number {
  const u = new URL(url)
  const out = execFileSync(
    PGBENCH,
    [
      '-n',
      '-M',
      mode,
      '-c',
      String(clients),
      '-j',
      String(Math.min(2, clients)),
      '-T',
      String(seconds),
      '-f',
      file,
      '-h',
      u.hostname,
      '-p',
      u.port,
      '-U',
      u.username || 'postgres',
      u.pathname.slice(1),
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(out)
  if (!tps) throw new Error(`no tps in pgbench output:\n${out}`)
  return round(Number(tps[1]))
}

async function seed(db: Db) {
  const id = (kind: number, n: string) => sql.raw(uuidSql(kind, n))
  await sql`
    insert into members (id, email, status, currency, mrr)
    select ${id(3, 'g')}, 'floor-' || g || '@bench.test', 'active', 'eur', 500
    from generate_series(1, ${PATRONS}) g`.execute(db)
  await sql`
    insert into rounds (id, title, opens_at, closes_at, votes_per_member, results_visibility)
    select ${id(1, 'g')}, 'Floor round ' || g, now() - interval '1 hour', now() + interval '1 day', ${TOPICS}, 'live'
    from generate_series(1, ${ROUNDS}) g`.execute(db)
  await sql`
    insert into topics (id, round_id, title)
    select ${id(2, 'r * 1000 + t')}, ${id(1, 'r')}, 'Topic ' || t
    from generate_series(1, ${ROUNDS}) r, generate_series(1, ${TOPICS}) t`.execute(db)
}
