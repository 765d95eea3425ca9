import { type Kysely, sql } from 'kysely'

// Frozen in time: this file imports nothing from src/.

/**
 * What staff write, in a second language: `{ "uk": { "name": "…", "description": "…" }, "en": {…} }`
 * beside the original columns, which stay as they are. One jsonb column rather than `name_uk`,
 * `name_en`… per field: a third language needs no migration, and every reader of the original columns
 * (reports, exports, the API's fields) is untouched.
 */
const tables = ['tiers', 'rounds', 'topics'] as const

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of tables) {
    await sql`alter table ${sql.table(table)} add column translations jsonb not null default '{}'
      check (jsonb_typeof(translations) = 'object')`.execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of tables) await sql`alter table ${sql.table(table)} drop column translations`.execute(db)
}
