import { type Kysely, sql } from 'kysely'

// Frozen in time: this file imports nothing from src/.

/**
 * The newsroom's own settings, edited on /admin/settings: one row at most (`id` is always true).
 * Without a row, the environment (SITE_NAME, SITE_URL, MAIL_FROM) gives the defaults. A null appeal
 * is the catalog's own words. `version` grows with each save.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table newsroom_settings (
    id boolean primary key default true check (id),
    name text not null check (length(name) between 1 and 100),
    site_url text,
    appeal_en text,
    appeal_uk text,
    accent text not null check (accent ~ '^#[0-9a-f]{6}$'),
    sender_name text not null check (length(sender_name) between 1 and 100),
    version integer not null default 1,
    updated_at timestamptz not null default now()
  )`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table newsroom_settings`.execute(db)
}
