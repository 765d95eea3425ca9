import { type Kysely, sql } from 'kysely'

// Frozen in time: this file imports nothing from src/.

/**
 * The language of the pages on which a member joined or last asked for a sign-in link: their mails'
 * language when they have not chosen one on /account (`locale`).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table members add column page_locale text check (page_locale in ('en', 'uk'))`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table members drop column page_locale`.execute(db)
}
