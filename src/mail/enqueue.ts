import { type RawBuilder, sql } from 'kysely'
import type { Db } from '../db/connect.js'
import { type MailKind, mailKinds } from './kinds.js'

// How every feature writes a mail: in its own transaction, so a change and the mail it causes commit
// together. The sender's side of the outbox (claims, marks) is mail's own, in outbox.repository.ts.

export interface NewMail {
  dedupeKey: string
  kind: MailKind
  recipient: string
  memberId: string | null
  payload?: Record<string, unknown>
  /** Not sent before this time (a gift mail on its delivery date); default: at once. */
  notBefore?: Date
}

/**
 * Writes a mail in the caller's transaction. A second mail with the same key is dropped, so a
 * replayed change cannot mail twice. Returns the new row's id, or undefined for a duplicate.
 */
export async function enqueueMail(db: Db, mail: NewMail): Promise<string | undefined> {
  const row = await db
    .insertInto('mail_outbox')
    .values({
      dedupe_key: mail.dedupeKey,
      kind: mail.kind,
      recipient: mail.recipient,
      member_id: mail.memberId,
      payload: JSON.stringify(mail.payload ?? {}),
      bulk: mailKinds[mail.kind].bulk,
      ...(mail.notBefore ? { next_attempt_at: mail.notBefore } : {}),
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst()
  return row?.id
}

/**
 * One mail of `kind` to each member the `members` query selects (columns `id` and `email`), in one
 * statement in the caller's transaction, keyed `<keyPrefix>:<member id>`: a repeat adds none.
 * Returns how many were written.
 */
export async function enqueueMailToMembers(
  db: Db,
  mail: { kind: MailKind; keyPrefix: string; payload: Record<string, string> },
  members: RawBuilder<unknown>,
): Promise<number> {
  const result = await sql`
    insert into mail_outbox (dedupe_key, kind, bulk, member_id, recipient, payload)
    select ${`${mail.keyPrefix}:`}::text || m.id, ${mail.kind}::text, ${mailKinds[mail.kind].bulk}::boolean,
      m.id, m.email, ${JSON.stringify(mail.payload)}::jsonb
    from (${members}) m
    on conflict (dedupe_key) do nothing
  `.execute(db)
  return Number(result.numAffectedRows ?? 0)
}
