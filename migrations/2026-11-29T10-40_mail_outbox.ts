import { type Kysely, sql } from 'kysely'

// Frozen in time: this file imports nothing from src/.

/**
 * Mails are rows written in the same transaction as the change that causes them, then sent from
 * here (at least once, at most once per dedupe key); members get a locale and two opt-out flags;
 * a round remembers when its opening was announced.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table mail_outbox (
      id uuid primary key default gen_random_uuid(),
      dedupe_key text not null unique,
      kind text not null,
      bulk boolean not null default false,
      member_id uuid references members (id) on delete cascade,
      recipient text not null,
      payload jsonb not null default '{}',
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      last_attempt_at timestamptz,
      last_error text,
      created_at timestamptz not null default now(),
      sent_at timestamptz,
      failed_at timestamptz
    )
  `.execute(db)
  await sql`
    create index mail_outbox_due on mail_outbox (bulk, next_attempt_at)
    where sent_at is null and failed_at is null
  `.execute(db)
  await sql`create index mail_outbox_sent on mail_outbox (sent_at) where sent_at is not null`.execute(db)
  await sql`create index mail_outbox_bulk_attempts on mail_outbox (last_attempt_at) where bulk`.execute(db)

  await sql`
    alter table members
      add column locale text check (locale in ('en', 'uk')),
      add column mail_rounds boolean not null default true,
      add column mail_coverage boolean not null default true
  `.execute(db)

  await sql`alter table rounds add column announced_at timestamptz`.execute(db)
  // Rounds that opened before announcements existed are not announced on the first start.
  await sql`update rounds set announced_at = opens_at where opens_at <= now()`.execute(db)
  await sql`create index rounds_unannounced on rounds (opens_at) where announced_at is null`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index rounds_unannounced`.execute(db)
  await sql`alter table rounds drop column announced_at`.execute(db)
  await sql`
    alter table members drop column locale, drop column mail_rounds, drop column mail_coverage
  `.execute(db)
  await sql`drop table mail_outbox`.execute(db)
}
