import { type Kysely, sql } from 'kysely'

// Frozen in time: this file imports nothing from src/.

/**
 * Logout revokes every refresh token of one member or staff account, and deleting a staff account
 * cascades to its refresh tokens: both look refresh tokens up by owner. A token must expire after it
 * was created.
 */
const upStatements = [
  'create index refresh_tokens_member on refresh_tokens (member_id) where member_id is not null',
  'create index refresh_tokens_staff on refresh_tokens (staff_id) where staff_id is not null',
  'alter table refresh_tokens add constraint refresh_tokens_expiry check (expires_at > created_at)',
  'alter table login_tokens add constraint login_tokens_expiry check (expires_at > created_at)',
]

const downStatements = [
  'alter table login_tokens drop constraint login_tokens_expiry',
  'alter table refresh_tokens drop constraint refresh_tokens_expiry',
  'drop index refresh_tokens_staff',
  'drop index refresh_tokens_member',
]

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of upStatements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of downStatements) await sql.raw(statement).execute(db)
}
