import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PGliteDialect, sql } from 'kysely'
import { register } from 'tsx/esm/api'
import type { TestProject } from 'vitest/node'
import { connectDatabase, initdbTemplate } from '../src/db/connect.js'
import { migrate } from '../src/db/migrate.js'
import { adminUrl, TEMPLATE_PREFIX, withDatabase } from './helpers/postgres.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Postgres mode: the migrated template database every test file clones. */
    templateDatabase: string
    /**
     * A dump of a migrated embedded data directory: every test file loads it on PGlite, and tests that
     * start the service as a process unpack it into their DATA_DIR (on both databases).
     */
    pgliteDump: string
  }
}

/** Migrates once; every test file then starts from a copy (immich's template-database pattern). */
export default async function setup(project: TestProject) {
  register()
  buildIfStale()
  const url = process.env.TEST_DATABASE_URL
  const dir = mkdtempSync(join(tmpdir(), 'patronage-test-'))
  const [template] = await Promise.all([url ? migrateTemplate(url) : undefined, dumpMigrated(dir)])
  project.provide('templateDatabase', template?.name ?? '')
  project.provide('pgliteDump', join(dir, 'migrated.tar'))
  return async () => {
    await template?.drop()
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Tests start the service and the CLI as production does, compiled (tests/helpers/service-process.ts):
 * compile dist/ first when a source is newer, as `npm start` would (a clean clone's first run).
 */
function buildIfStale() {
  const build = spawnSync(process.execPath, [join(import.meta.dirname, '../scripts/build-if-stale.mjs')], {
    stdio: 'inherit',
  })
  if (build.status !== 0) throw new Error(`compiling dist/ failed (exit ${build.status})`)
}

async function dumpMigrated(dir: string) {
  const pglite = new PGlite({ loadDataDir: initdbTemplate() })
  const db = new Kysely<any>({ dialect: new PGliteDialect({ pglite }) })
  await migrate(db)
  const dump = await pglite.dumpDataDir('none')
  writeFileSync(join(dir, 'migrated.tar'), Buffer.from(await dump.arrayBuffer()))
  await db.destroy()
}

async function migrateTemplate(url: string) {
  const name = `${TEMPLATE_PREFIX}${process.pid}`
  const admin = connectDatabase({ url: adminUrl(url), poolSize: 1 })
  await sql`drop database if exists ${sql.id(name)}`.execute(admin)
  await sql`create database ${sql.id(name)}`.execute(admin)
  const template = connectDatabase({ url: withDatabase(adminUrl(url), name), poolSize: 1 })
  await migrate(template)
  await template.destroy()
  return {
    name,
    async drop() {
      const { rows } = await sql<{ datname: string }>`
        select datname from pg_database where datname like ${`${name}%`} or datname like ${`t${process.pid}_%`}
      `.execute(admin)
      for (const { datname } of rows)
        await sql`drop database if exists ${sql.id(datname)} with (force)`.execute(admin)
      await admin.destroy()
    },
  }
}
