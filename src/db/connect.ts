import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { CompiledQuery, Kysely, PGliteDialect, PostgresDialect } from 'kysely'
import pg from 'pg'
import Cursor from 'pg-cursor'
import { preparingStatements } from './prepared-statements.js'
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
    // An idle client the server disconnects (restart, failover, drop database) emits 'error'; unhandled,
    // it would crash the process. The pool drops that client and the next query opens a new one.
    pool.on('error', () => {})
    preparingStatements(pool)
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) })
  }
  if (target.pgliteDir) mkdirSync(target.pgliteDir, { recursive: true })
  const pglite = new PGlite({
    dataDir: target.pgliteDir,
    loadDataDir: target.pgliteLoadDataDir ?? initdbTemplate(target.pgliteDir),
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

/** A new embedded cluster starts from the initdb template made at `npm install`, when there is one. */
function initdbTemplate(dir: string | undefined): Blob | undefined {
  if (!dir || existsSync(join(dir, 'PG_VERSION'))) return undefined
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
