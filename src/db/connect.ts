import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { CompiledQuery, Kysely, PGliteDialect, PostgresDialect } from 'kysely'
import pg from 'pg'
import Cursor from 'pg-cursor'
import type { Database } from './schema.js'

export type Db = Kysely<Database>

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
}

export function connectDatabase(target: DatabaseTarget): Db {
  if (target.url) {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.poolSize ?? 20,
      options: '-c timezone=UTC',
      types: { getTypeParser: (oid: number, format?: 'text' | 'binary') => typeParser(oid, format) },
    })
    // pg re-emits the error of an idle client (server restart, dropped database) on the pool, where
    // without a listener it would crash the process; the pool simply connects anew on next use.
    pool.on('error', () => {})
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) })
  }
  if (target.pgliteDir) mkdirSync(target.pgliteDir, { recursive: true })
  const pglite = new PGlite({
    dataDir: target.pgliteDir,
    loadDataDir: target.pgliteLoadDataDir,
    parsers,
  })
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

export function embeddedDir(dataDir: string): string {
  return join(dataDir, 'db')
}
