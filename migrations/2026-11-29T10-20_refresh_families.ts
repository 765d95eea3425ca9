import { type Kysely, sql } from 'kysely'

// Frozen in time: this file imports nothing from src/.

/**
 * A refresh-token family (one sign-in and its rotations) gets a row of its own: every rotation and
 * every revocation locks it, so a revocation also covers a token minted concurrently, and its
 * created_at bounds the family's absolute lifetime. Existing families are carried over.
 */
const upStatements = [
  `create table refresh_families (
    id uuid primary key default gen_random_uuid(),
    member_id uuid references members (id),
    staff_id uuid references staff (id) on delete cascade,
    revoked_at timestamptz,
    created_at timestamptz not null default now(),
    check ((member_id is null) <> (staff_id is null))
  )`,
  'create index refresh_families_member on refresh_families (member_id) where member_id is not null',
  'create index refresh_families_staff on refresh_families (staff_id) where staff_id is not null',
  `insert into refresh_families (id, member_id, staff_id, revoked_at, created_at)
    select family_id, min(member_id::text)::uuid, min(staff_id::text)::uuid,
      case when bool_and(revoked_at is not null) then max(revoked_at) end, min(created_at)
    from refresh_tokens group by family_id`,
  `alter table refresh_tokens add constraint refresh_tokens_family_fk
    foreign key (family_id) references refresh_families (id) on delete cascade`,
]

const downStatements = [
  'alter table refresh_tokens drop constraint refresh_tokens_family_fk',
  'drop table refresh_families',
]

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of upStatements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of downStatements) await sql.raw(statement).execute(db)
}
