import { type Kysely, sql } from 'kysely'

// Frozen in time: this file imports nothing from src/.

/**
 * Logout revokes every refresh token of one member or staff account, and deleting a staff account
 * cascades to its refresh tokens: both look refresh tokens up by owner. A token must expire after it
 * was created.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index refresh_tokens_member on refresh_tokens (member_id) where member_id is not null`.execute(db)
  await sql`create index refresh_tokens_staff on refresh_tokens (staff_id) where staff_id is not null`.execute(db)
  await sql`alter table refresh_tokens add constraint refresh_tokens_expiry check (expires_at > created_at)`.execute(db)
  await sql`alter table login_tokens add constraint login_tokens_expiry check (expires_at > created_at)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table login_tokens drop constraint login_tokens_expiry`.execute(db)
  await sql`alter table refresh_tokens drop constraint refresh_tokens_expiry`.execute(db)
  await sql`drop index refresh_tokens_staff`.execute(db)
  await sql`drop index refresh_tokens_member`.execute(db)
}
