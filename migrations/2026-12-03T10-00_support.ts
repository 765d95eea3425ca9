import { type Kysely, sql } from 'kysely'

// Frozen in time: this file imports nothing from src/.

/**
 * Other ways to support (issue 20): what staff offer (one settings row), one-time payments made
 * through Checkout in payment mode (contributions and gifts), their refunds by Stripe refund id, and
 * gift memberships with their one-time start token (hashed) and their running time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table support_settings (
      id boolean primary key default true check (id),
      currencies text[] not null default '{}',
      presets jsonb not null default '[]',
      gifts jsonb not null default '[]',
      updated_at timestamptz not null default now()
    )
  `.execute(db)
  await sql`insert into support_settings (id) values (true)`.execute(db)

  await sql`
    create table one_time_payments (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('contribution', 'gift')),
      member_id uuid not null references members (id) on delete cascade,
      amount integer not null check (amount > 0),
      currency text not null,
      status text not null default 'pending'
        check (status in ('pending', 'paid', 'failed', 'refunded', 'partially_refunded')),
      amount_refunded integer not null default 0,
      checkout_session_id text unique,
      payment_intent_id text unique,
      locale text check (locale in ('en', 'uk')),
      message text,
      paid_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )
  `.execute(db)
  await sql`create index one_time_payments_member on one_time_payments (member_id, created_at)`.execute(db)
  await sql`create index one_time_payments_paid on one_time_payments (paid_at) where paid_at is not null`.execute(
    db,
  )

  await sql`
    create table one_time_refunds (
      id text primary key,
      payment_id uuid not null references one_time_payments (id) on delete cascade,
      amount integer not null check (amount > 0),
      currency text not null,
      refunded_at timestamptz not null
    )
  `.execute(db)
  await sql`create index one_time_refunds_at on one_time_refunds (refunded_at)`.execute(db)
  await sql`create index one_time_refunds_payment on one_time_refunds (payment_id)`.execute(db)

  await sql`
    create table gifts (
      id uuid primary key default gen_random_uuid(),
      payment_id uuid not null unique references one_time_payments (id) on delete cascade,
      purchaser_member_id uuid not null references members (id) on delete cascade,
      recipient_email text not null,
      recipient_member_id uuid references members (id) on delete cascade,
      tier_id uuid not null references tiers (id),
      months integer not null check (months in (1, 3, 6, 12)),
      message text check (char_length(message) <= 1000),
      send_at timestamptz,
      status text not null default 'pending'
        check (status in ('pending', 'paid', 'started', 'canceled', 'ended')),
      token_hash text unique,
      starts_at timestamptz,
      ends_at timestamptz,
      created_at timestamptz not null default now()
    )
  `.execute(db)
  await sql`create index gifts_recipient on gifts (recipient_member_id) where status = 'started'`.execute(db)

  // Pay what you want: a price of the tier at a higher amount points at the price it raises; it is
  // never listed or sold itself, it only lets a subscription at that amount find its tier.
  await sql`alter table prices add column base_price_id uuid references prices (id)`.execute(db)
  await sql`create unique index prices_pay_more on prices (base_price_id, amount) where base_price_id is not null`.execute(
    db,
  )
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table prices drop column base_price_id`.execute(db)
  await sql`drop table gifts`.execute(db)
  await sql`drop table one_time_refunds`.execute(db)
  await sql`drop table one_time_payments`.execute(db)
  await sql`drop table support_settings`.execute(db)
}
