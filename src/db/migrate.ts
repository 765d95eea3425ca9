import { promises as fs } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Kysely } from 'kysely'
import { FileMigrationProvider, type MigrationResultSet, Migrator } from 'kysely/migration'

// src/db -> ../../migrations, the same from the sources (tsx) and from dist/src/db (build).
const migrationFolder = fileURLToPath(new URL('../../migrations', import.meta.url))

export function createMigrator<DB>(db: Kysely<DB>): Migrator {
  return new Migrator({ db, provider: new FileMigrationProvider({ fs, path, migrationFolder }) })
}

export type MigrationDirection = 'latest' | 'up' | 'down'

/** Runs migrations; Kysely's migration lock makes concurrent start-ups safe. Throws on failure. */
export async function migrate<DB>(db: Kysely<DB>, direction: MigrationDirection = 'latest') {
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

/** True when every migration on disk has been applied. */
export async function migrationsCurrent<DB>(db: Kysely<DB>): Promise<boolean> {
  const migrations = await createMigrator(db).getMigrations()
  return migrations.every((m) => m.executedAt !== undefined)
}
