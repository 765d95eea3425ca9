import { type Kysely, sql } from 'kysely'

// Frozen in time: this file imports nothing from src/.

/**
 * Checkout sign-in needs proof that the caller started the session: `checkout_sessions` keeps each
 * Checkout Session this service created, with the hash of its one-time claim token (it replaces
 * `checkout_redemptions`). `members.last_signed_in_at` says whether a member has ever signed in
 * (back-filled from the sessions recorded so far). `checkout_requests` counts POST /v1/checkout per
 * client IP for its rate limit.
 *
 * Emails are normalised once, in the application; a check comparing with SQL lower() depends on the
 * database's locale and Unicode tables, which can disagree with it, so it becomes a length check.
 */
const upStatements = [
  `create table checkout_sessions (
    id text primary key,
    member_id uuid not null references members (id),
    claim_hash text not null,
    created_ip text,
    created_at timestamptz not null default now(),
    redeemed_at timestamptz
  )`,
  'create index checkout_sessions_member on checkout_sessions (member_id)',
  `create table checkout_requests (
    id uuid primary key default gen_random_uuid(),
    ip text not null,
    created_at timestamptz not null default now()
  )`,
  'create index checkout_requests_ip on checkout_requests (ip, created_at)',
  'alter table members add column last_signed_in_at timestamptz',
  `update members m set last_signed_in_at = s.at
   from (
     select member_id, max(created_at) as at from refresh_tokens where member_id is not null group by member_id
     union all
     select member_id, max(redeemed_at) from checkout_redemptions group by member_id
   ) s
   where s.member_id = m.id and (m.last_signed_in_at is null or m.last_signed_in_at < s.at)`,
  'drop table checkout_redemptions',
  'alter table members drop constraint members_email_check',
  'alter table members add constraint members_email_length check (length(email) between 3 and 254)',
  'alter table staff drop constraint staff_email_check',
  'alter table staff add constraint staff_email_length check (length(email) between 3 and 254)',
]

const downStatements = [
  'alter table staff drop constraint staff_email_length',
  'alter table staff add constraint staff_email_check check (email = lower(email) and length(email) between 3 and 254)',
  'alter table members drop constraint members_email_length',
  'alter table members add constraint members_email_check check (email = lower(email) and length(email) between 3 and 254)',
  `create table checkout_redemptions (
    session_id text primary key,
    member_id uuid not null references members (id),
    redeemed_at timestamptz not null default now()
  )`,
  `insert into checkout_redemptions (session_id, member_id, redeemed_at)
   select id, member_id, redeemed_at from checkout_sessions where redeemed_at is not null`,
  'alter table members drop column last_signed_in_at',
  'drop table checkout_requests',
  'drop table checkout_sessions',
]

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of upStatements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of downStatements) await sql.raw(statement).execute(db)
}
