import { type RawBuilder, sql } from 'kysely'
import type { Logger } from '../logger.js'
import type { Db } from './connect.js'
import type { Database } from './schema.js'

const BATCH = 5_000
/** Shared by every instance: only one of them purges at a time (the others skip the pass). */
const HOUSEKEEPING_LOCK = 7_310_043

/**
 * A feature's rule for what has outlived its use: the rows of `table` (keyed by `id`) that match
 * `old`. Features hand theirs to housekeeping (src/purges.ts); db/ knows none of them.
 */
export interface PurgeRule {
  /** The name its count is logged under. */
  name: string
  table: keyof Database
  old: RawBuilder<unknown>
}

export type PurgeCounts = Record<string, number>

/** Deletes what each rule matches, rule by rule, in batches so no lock is held long. */
export async function purgeExpired(db: Db, rules: readonly PurgeRule[]): Promise<PurgeCounts> {
  const counts: PurgeCounts = {}
  for (const rule of rules) counts[rule.name] = await inBatches(db, rule)
  return counts
}

async function inBatches(db: Db, { table, old }: PurgeRule): Promise<number> {
  let total = 0
  for (;;) {
    const result = await sql`
      delete from ${sql.table(table)} where id in (select id from ${sql.table(table)} where ${old} limit ${BATCH})
    `.execute(db)
    const n = Number(result.numAffectedRows ?? 0)
    total += n
    if (n < BATCH) return total
  }
}

/** One pass if no other instance is running one; undefined when another holds the lock. */
export async function housekeepingPass(
  db: Db,
  rules: readonly PurgeRule[],
): Promise<PurgeCounts | undefined> {
  return db.connection().execute(async (conn) => {
    const { rows } = await sql<{
      locked: boolean
    }>`select pg_try_advisory_lock(${HOUSEKEEPING_LOCK}) as locked`.execute(conn)
    if (!rows[0]?.locked) return undefined
    try {
      return await purgeExpired(conn, rules)
    } finally {
      await sql`select pg_advisory_unlock(${HOUSEKEEPING_LOCK})`.execute(conn)
    }
  })
}

/** Purges on a schedule inside the service (first a minute after start, then hourly), off the request path. */
export function startHousekeeping(
  deps: { db: Db; logger: Logger },
  rules: readonly PurgeRule[],
  { firstAfterMs = 60_000, everyMs = 3_600_000 } = {},
): { stop(): Promise<void> } {
  let running: Promise<void> | undefined
  const pass = () => {
    running ??= housekeepingPass(deps.db, rules)
      .then((counts) => {
        if (counts) deps.logger.info(counts, 'housekeeping: old rows purged')
      })
      .catch((err) => deps.logger.error({ err }, 'housekeeping failed; next pass retries'))
      .finally(() => {
        running = undefined
      })
  }
  const first = setTimeout(pass, firstAfterMs)
  const every = setInterval(pass, everyMs)
  first.unref()
  every.unref()
  return {
    async stop() {
      clearTimeout(first)
      clearInterval(every)
      await running
    },
  }
}
