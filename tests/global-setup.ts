import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PGliteDialect, sql } from 'kysely'
import { register } from 'tsx/esm/api'
import type { TestProject } from 'vitest/node'
import { connectDatabase } from '../src/db/connect.js'
import { migrate } from '../src/db/migrate.js'
import { adminUrl, TEMPLATE_PREFIX, withDatabase } from './helpers/postgres.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Postgres mode: the migrated template database every test file clones. */
    templateDatabase: string
    /** PGlite mode: a dump of a migrated data directory every test file loads. */
    pgliteDump: string
  }
}

/** Migrates once; every test file then starts from a copy (immich's template-database pattern). */
export default async function setup(project: TestProject) {
  register()
  const url = process.env.TEST_DATABASE_URL
  if (url) {
    const template = `${TEMPLATE_PREFIX}${process.pid}`
    const admin = connectDatabase({ url: adminUrl(url), poolSize: 1 })
    await sql`drop database if exists ${sql.id(template)}`.execute(admin)
    await sql`create database ${sql.id(template)}`.execute(admin)
    const tpl = connectDatabase({ url: withDatabase(adminUrl(url), template), poolSize: 1 })
    await migrate(tpl)
    await tpl.destroy()
    project.provide('templateDatabase', template)
    project.provide('pgliteDump', '')
    return async () => {
      const { rows } = await sql<{ datname: string }>`
        select datname from pg_database where datname like ${`${template}%`} or datname like ${`t${process.pid}_%`}
      `.execute(admin)
      for (const { datname } of rows)
        await sql`drop database if exists ${sql.id(datname)} with (force)`.execute(admin)
      await admin.destroy()
    }
  }

  const dir = mkdtempSync(join(tmpdir(), 'patronage-test-'))
  const pglite = new PGlite()
  const db = new Kysely<any>({ dialect: new PGliteDialect({ pglite }) })
  await migrate(db)
  const dump = await pglite.dumpDataDir('none')
  const file = join(dir, 'migrated.tar')
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()))
  await db.destroy()
  project.provide('templateDatabase', '')
  project.provide('pgliteDump', file)
  return () => rmSync(dir, { recursive: true, force: true })
}
