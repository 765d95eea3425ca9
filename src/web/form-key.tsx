import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { z } from 'zod'
import type { Db } from '../db/connect.js'
import { withinTransaction } from '../db/transaction.js'

/** The one-time key every creating form carries (hidden field `key`, as the tier form has it). */
export const formKey = z.uuid()

/** The key's field: a new key for each form shown, or the one a form shown again already had. */
export function FormKeyField(props: { value?: string | undefined }) {
  const value = props.value && formKey.safeParse(props.value).success ? props.value : randomUUID()
  return <input type="hidden" name="key" value={value} />
}

/**
 * Runs a form's creating work once per key: a double click, a resent form or six parallel posts
 * create one thing. The key is stored in the work's own transaction, so a refused form (rolled back)
 * may be sent again; a post with a key already used gets the first one's outcome (its redirect) and
 * creates nothing. Concurrent posts of one key wait on its row until the first commits.
 */
export async function onceForKey(db: Db, key: string, work: (trx: Db) => Promise<string>): Promise<string> {
  return withinTransaction(db, async (trx) => {
    const claimed = await trx
      .insertInto('form_submissions')
      .values({ id: key })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst()
    if (!claimed) {
      const first = await trx
        .selectFrom('form_submissions')
        .select('outcome')
        .where('id', '=', key)
        .executeTakeFirst()
      return first?.outcome ?? '/'
    }
    const outcome = await work(trx)
    await trx
      .updateTable('form_submissions')
      .set({ outcome, created_at: sql<Date>`now()` })
      .where('id', '=', key)
      .execute()
    return outcome
  })
}
