import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { CompiledQuery, Kysely, PGliteDialect, PostgresDialect } from 'kysely'
import pg from 'pg'
import Cursor from 'pg-cursor'
import { makeDir, tightenModes } from '../data-dir.js'
import { preparingStatements } from './prepared-statements.js'
import type { Database } from './schema.js'

export type Db = Kysely<Database>

/** How long a query waits for a connection (pool slot or a new one) before it fails. */
const CONNECT_TIMEOUT_MS = 10_000

const INT8 = 20
const NUMERIC = 1700
const DATE = 1082

/**
 * Both drivers read bigint and numeric as numbers and dates as 'YYYY-MM-DD' strings, and every
 * session runs in UTC, so the same query answers alike on PGlite and on a Postgres server.
 */
const parsers = {
  [INT8]: (v: string) => Number(v),
  [NUMERIC]: (v: string) => Number(v),
  [DATE]: (v: string) => v,
}

export interface DatabaseTarget {
  /** A postgres:// URL; absent = embedded PGlite. */
  url?: string | undefined
  /** Directory of the embedded database; absent with no url = in memory. */
  pgliteDir?: string | undefined
  /** A dumped PGlite data directory to start from (tests: a migrated template). */
  pgliteLoadDataDir?: Blob | undefined
  poolSize?: number
  /** Name repeated SQL texts as prepared statements (default true; false behind a transaction-mode pooler). */
  preparedStatements?: boolean | undefined
}

/** The pg pool behind each server database, for the patronage_db_pool_waiting gauge. */
const pools = new WeakMap<Db, pg.Pool>()

/** Queries waiting for a pooled connection; 0 on PGlite, which has a single connection and no pool. */
export function poolWaitingCount(db: Db): number {
  return pools.get(db)?.waitingCount ?? 0
}

export function connectDatabase(target: DatabaseTarget): Db {
  if (target.url) {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.poolSize ?? 20,
      // A database that does not answer at all (a host gone, a network partition) fails a request
      // after this long instead of holding it forever.
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      types: { getTypeParser: (oid: number, format?: 'text' | 'binary') => typeParser(oid, format) },
    })
    // A client the server disconnects (restart, failover, drop database) emits 'error', idle in the
    // pool or checked out between the statements of a transaction; unhandled, it would crash the
    // process. The statement in flight fails (503 unavailable), the pool drops the broken client and
    // the next query opens a new one.
    pool.on('error', () => {})
    pool.on('connect', (client) => {
      client.on('error', () => {})
      // Queued before any other query of the client. A session setting rather than a startup
      // `options` parameter, which PgBouncer before 1.20 refuses; PgBouncer tracks TimeZone and sets
      // it again on whichever server connection serves this client, also in transaction mode.
      void client.query("set timezone to 'UTC'").catch(() => {})
    })
    if (target.preparedStatements !== false) preparingStatements(pool)
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) })
    pools.set(db, pool)
    return db
  }
  if (target.pgliteDir) makeDir(target.pgliteDir)
  const pglite = new PGlite({
    dataDir: target.pgliteDir,
    loadDataDir:
      target.pgliteLoadDataDir ??
      (target.pgliteDir && existsSync(join(target.pgliteDir, 'PG_VERSION')) ? undefined : initdbTemplate()),
    parsers,
  })
  // A new cluster is unpacked (from the template, or by initdb) with files open to everyone.
  const dir = target.pgliteDir
  if (dir) void pglite.waitReady.then(() => tightenModes(dir)).catch(() => {})
  return new Kysely<Database>({
    dialect: new PGliteDialect({
      pglite,
      onCreateConnection: async (conn) => {
        await conn.executeQuery(CompiledQuery.raw("set timezone to 'UTC'"))
      },
    }),
  })
}

function typeParser(oid: number, format?: 'text' | 'binary') {
  const own = parsers[oid as keyof typeof parsers]
  return own ?? pg.types.getTypeParser(oid, format)
}

/**
 * The initdb template made at `npm install` (scripts/embedded-template.mjs), when there is one: a new
 * embedded cluster unpacks it in about a second instead of running initdb for five.
 */
export function initdbTemplate(): Blob | undefined {
  // The template lives in the project's node_modules/.cache, above src/db or dist/src/db.
  for (let at = dirname(fileURLToPath(import.meta.url)); at !== dirname(at); at = dirname(at)) {
    const file = join(at, 'node_modules/.cache/patronage/pglite-initdb.tar')
    if (existsSync(file)) return new Blob([readFileSync(file)])
  }
  return undefined
}

export function embeddedDir(dataDir: string): string {
  return join(dataDir, 'db')
}
