import { sql } from 'kysely'
import { entitledSql } from '../billing/entitlement.js'
import type { Db } from '../db/connect.js'
import { inTransaction } from '../db/transaction.js'
import { enqueueMailToMembers } from '../mail/enqueue.js'
import { lockRoundsToAnnounce, markRoundAnnounced } from './announcements.repository.js'

/** Rounds announced per pass; the rest wait for the next pass. */
const ROUNDS_PER_PASS = 10

/** Who hears of a new round: entitled patrons who have not opted out, staff addresses excluded. */
const roundRecipients = sql`
  select m.id, m.email from members m
  where m.mail_rounds and ${entitledSql}
    and not exists (select 1 from staff s where s.email = m.email)
`

/**
 * Announces every round that has opened and not been announced: one statement enqueues a mail for
 * each recipient, and the round is marked in the same transaction. The row lock (skipped by other
 * instances) and the per-member dedupe key make it once per member and round, across restarts and
 * instances. A round that closed before anyone announced it (the service was down all along) is
 * marked without mail; an open round without topics waits for a later pass, once it has one.
 */
export async function announceOpenedRounds(db: Db): Promise<{ rounds: number; mails: number }> {
  return inTransaction(db, async (trx) => {
    const due = await lockRoundsToAnnounce(trx, ROUNDS_PER_PASS)
    let mails = 0
    for (const round of due) {
      if (round.open) {
        mails += await enqueueMailToMembers(
          trx,
          { kind: 'round-opened', keyPrefix: `round-opened:${round.id}`, payload: { roundId: round.id } },
          roundRecipients,
        )
      }
      await markRoundAnnounced(trx, round.id)
    }
    return { rounds: due.length, mails }
  })
}
