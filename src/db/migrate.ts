import { promises as fs } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Kysely, sql } from 'kysely'
import {
  FileMigrationProvider,
  DEFAULT_MIGRATION_TABLE as MIGRATION_TABLE,
  type MigrationResultSet,
  Migrator,
} from 'kysely/migration'

// src/db -> ../../migrations, the same from the sources (tsx) and from dist/src/db (build).
const migrationFolder = fileURLToPath(new URL('../../migrations', import.meta.url))

export function createMigrator<DB>(db: Kysely<DB>): Migrator {
  return new Migrator({ db, provider: new FileMigrationProvider({ fs, path, migrationFolder }) })
}

export type MigrationDirection = 'latest' | 'up' | 'down'

/** Runs migrations; Kysely's migration lock makes concurrent start-ups safe. Throws on failure. */
export async function migrate<DB>(db: Kysely<DB>, direction: MigrationDirection = 'latest') {
  // The usual start-up: nothing to do, known from one query instead of the migrator's dozen.
  if (direction === 'latest' && (await migrationsCurrent(db))) return []
  const migrator = createMigrator(db)
  const run: Record<MigrationDirection, () => Promise<MigrationResultSet>> = {
    latest: () => migrator.migrateToLatest(),
    up: () => migrator.migrateUp(),
    down: () => migrator.migrateDown(),
  }
  const { error, results = [] } = await run[direction]()
  if (error) throw error instanceof Error ? error : new Error(String(error))
  return results.map((r) => ({ name: r.migrationName, direction: r.direction, status: r.status }))
}

/**
 * True when every migration on disk has been applied: the files' names (as FileMigrationProvider
 * names them) against Kysely's table, in one query. False when the table is not there yet, or the
 * query fails (the migrator then says why).
 */
export async function migrationsCurrent<DB>(db: Kysely<DB>): Promise<boolean> {
  const files = (await fs.readdir(migrationFolder))
    .filter((f) => /\.(js|ts|mjs|mts|cjs|cts)$/.test(f) && !/\.d\.[mc]?ts$/.test(f))
    .map((f) => f.slice(0, f.lastIndexOf('.')))
  try {
    const { rows } = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)}`.execute(db)
    const applied = new Set(rows.map((r) => r.name))
    return files.every((name) => applied.has(name))
  } catch {
    return false
  }
}
