import { type Kysely, sql } from 'kysely'

// Frozen in time: this file imports nothing from src/.

/**
 * The one-time key of each creating form that was sent (its `id` is the form's hidden `key`), with
 * where the first post led: a double click, a resent form or parallel posts create once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table form_submissions (
    id uuid primary key,
    outcome text,
    created_at timestamptz not null default now()
  )`.execute(db)
  await sql`create index form_submissions_created on form_submissions (created_at)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table form_submissions`.execute(db)
}
