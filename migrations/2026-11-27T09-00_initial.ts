import { type Kysely, sql } from 'kysely'

// Frozen in time: this file imports nothing from src/, so later code changes cannot alter it.

/** Runs a script one statement at a time (PGlite's extended protocol takes one per query). */
async function run(db: Kysely<any>, script: string): Promise<void> {
  for (const statement of script.split(/;\s*\n/)) {
    if (statement.trim()) await sql.raw(statement).execute(db)
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await run(
    db,
    `
    create table staff (
      id uuid primary key default gen_random_uuid(),
      email text not null unique check (email = lower(email) and length(email) between 3 and 254),
      role text not null check (role in ('admin', 'editor', 'analyst')),
      created_at timestamptz not null default now()
    );

    create table tiers (
      id uuid primary key default gen_random_uuid(),
      name text not null check (length(name) between 1 and 200),
      description text check (length(description) <= 5000),
      currency text not null check (currency ~ '^[a-z]{3}$'),
      active boolean not null default true,
      stripe_product_id text unique,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table prices (
      id uuid primary key default gen_random_uuid(),
      tier_id uuid not null references tiers (id),
      interval text not null check (interval in ('month', 'year')),
      amount integer not null check (amount > 0),
      currency text not null check (currency ~ '^[a-z]{3}$'),
      stripe_price_id text unique,
      active boolean not null default true,
      created_at timestamptz not null default now()
    );
    create unique index prices_one_active_per_interval on prices (tier_id, interval) where active;

    create table members (
      id uuid primary key default gen_random_uuid(),
      email text not null unique check (email = lower(email) and length(email) between 3 and 254),
      stripe_customer_id text unique,
      status text not null default 'none' check (status in
        ('none', 'incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'unpaid', 'canceled', 'paused')),
      current_subscription_id text,
      tier_id uuid references tiers (id),
      currency text check (currency ~ '^[a-z]{3}$'),
      mrr integer not null default 0 check (mrr >= 0),
      grace_until timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index members_status on members (status);
    create index members_tier on members (tier_id);

    create table subscriptions (
      id text primary key,
      member_id uuid not null references members (id),
      stripe_customer_id text not null,
      status text not null check (status in
        ('incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'unpaid', 'canceled', 'paused')),
      price_id uuid references prices (id),
      tier_id uuid references tiers (id),
      stripe_price_id text,
      interval text check (interval in ('day', 'week', 'month', 'year')),
      interval_count integer not null default 1 check (interval_count > 0),
      amount integer not null default 0 check (amount >= 0),
      quantity integer not null default 1 check (quantity >= 0),
      currency text check (currency ~ '^[a-z]{3}$'),
      mrr integer not null default 0 check (mrr >= 0),
      start_date timestamptz not null,
      current_period_start timestamptz,
      current_period_end timestamptz,
      cancel_at_period_end boolean not null default false,
      canceled_at timestamptz,
      ended_at timestamptz,
      cancellation_reason text,
      trial_end timestamptz,
      first_failed_payment_at timestamptz,
      stripe_synced_at timestamptz not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index subscriptions_member on subscriptions (member_id);

    alter table members add constraint members_current_subscription_fk
      foreign key (current_subscription_id) references subscriptions (id);

    create table stripe_events (
      id text primary key,
      type text not null,
      stripe_created timestamptz not null,
      processed_at timestamptz not null default now()
    );

    create table comps (
      id uuid primary key default gen_random_uuid(),
      member_id uuid not null references members (id),
      tier_id uuid references tiers (id),
      starts_at timestamptz not null default now(),
      until timestamptz not null,
      granted_by uuid references staff (id) on delete set null,
      created_at timestamptz not null default now(),
      check (until > starts_at)
    );
    create index comps_member on comps (member_id, until);
    create index comps_period on comps (starts_at, until);

    create table membership_history (
      id bigint generated always as identity primary key,
      member_id uuid not null references members (id),
      subscription_id text references subscriptions (id),
      at timestamptz not null,
      from_status text not null,
      to_status text not null,
      from_tier_id uuid references tiers (id),
      to_tier_id uuid references tiers (id),
      from_currency text,
      to_currency text,
      from_mrr integer not null default 0 check (from_mrr >= 0),
      to_mrr integer not null default 0 check (to_mrr >= 0),
      new_patron boolean not null default false,
      churn text check (churn in ('voluntary', 'involuntary')),
      stripe_event_id text,
      recorded_at timestamptz not null default now(),
      check (not (new_patron and churn is not null))
    );
    create index membership_history_member on membership_history (member_id, at, id);
    create index membership_history_at on membership_history (at);

    create table membership_daily (
      day date not null,
      currency text not null check (currency ~ '^[a-z]{3}$'),
      tier_id uuid references tiers (id),
      mrr_delta bigint not null default 0,
      active_delta integer not null default 0,
      past_due_delta integer not null default 0,
      new_patrons integer not null default 0,
      churned_voluntary integer not null default 0,
      churned_involuntary integer not null default 0,
      constraint membership_daily_key unique nulls not distinct (day, currency, tier_id)
    );

    create table login_tokens (
      id uuid primary key default gen_random_uuid(),
      token_hash text not null unique,
      email text not null check (length(email) <= 254),
      requested_ip text,
      expires_at timestamptz not null,
      used_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index login_tokens_email on login_tokens (email, created_at);
    create index login_tokens_ip on login_tokens (requested_ip, created_at);

    create table refresh_tokens (
      id uuid primary key default gen_random_uuid(),
      token_hash text not null unique,
      family_id uuid not null,
      member_id uuid references members (id),
      staff_id uuid references staff (id) on delete cascade,
      expires_at timestamptz not null,
      rotated_at timestamptz,
      revoked_at timestamptz,
      created_at timestamptz not null default now(),
      check ((member_id is null) <> (staff_id is null))
    );
    create index refresh_tokens_family on refresh_tokens (family_id);

    create table checkout_redemptions (
      session_id text primary key,
      member_id uuid not null references members (id),
      redeemed_at timestamptz not null default now()
    );

    create table rounds (
      id uuid primary key default gen_random_uuid(),
      title text not null check (length(title) between 1 and 200),
      description text check (length(description) <= 5000),
      opens_at timestamptz not null,
      closes_at timestamptz not null,
      votes_per_member integer not null check (votes_per_member between 1 and 100),
      results_visibility text not null check (results_visibility in ('live', 'after_close')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (closes_at > opens_at)
    );
    create index rounds_opens_at on rounds (opens_at desc, id);

    create table topics (
      id uuid primary key default gen_random_uuid(),
      round_id uuid not null references rounds (id),
      title text not null check (length(title) between 1 and 200),
      description text check (length(description) <= 5000),
      status text not null default 'open' check (status in ('open', 'planned', 'covered', 'declined')),
      coverage_url text check (length(coverage_url) <= 2000),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (id, round_id)
    );
    create index topics_round on topics (round_id, created_at);

    create table votes (
      round_id uuid not null references rounds (id),
      topic_id uuid not null,
      member_id uuid not null references members (id),
      created_at timestamptz not null default now(),
      primary key (member_id, topic_id),
      foreign key (topic_id, round_id) references topics (id, round_id)
    );
    create index votes_round_member on votes (round_id, member_id);
    create index votes_topic on votes (topic_id);

    create table suggestions (
      id uuid primary key default gen_random_uuid(),
      round_id uuid not null references rounds (id),
      member_id uuid not null references members (id),
      title text not null check (length(title) between 1 and 200),
      description text check (length(description) <= 5000),
      status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
      topic_id uuid references topics (id),
      decided_by uuid references staff (id) on delete set null,
      decided_at timestamptz,
      created_at timestamptz not null default now(),
      check ((status = 'approved') = (topic_id is not null))
    );
    create index suggestions_status on suggestions (status, created_at);
    create index suggestions_round_member on suggestions (round_id, member_id);
  `,
  )
}

export async function down(db: Kysely<any>): Promise<void> {
  await run(
    db,
    `
    drop table suggestions, votes, topics, rounds, checkout_redemptions, refresh_tokens, login_tokens,
      membership_daily, membership_history, comps, stripe_events;
    alter table members drop constraint members_current_subscription_fk;
    drop table subscriptions, members, prices, tiers, staff;
  `,
  )
}
