import type { Transaction } from 'kysely'
import { unavailable } from '../http/problems.js'
import type { Db } from './connect.js'
import type { Database } from './schema.js'

/** serialization_failure and deadlock_detected: the transaction lost a race and may simply run again. */
const RETRYABLE = new Set(['40001', '40P01'])
const ATTEMPTS = 4

export const isRetryable = (err: unknown): boolean =>
  RETRYABLE.has((err as { code?: unknown } | undefined)?.code as string)

/**
 * Runs `work` in a transaction, again (up to four times in all, after a short random pause) when
 * Postgres aborted it as a deadlock victim or a serialization failure; if it still loses, the answer
 * is 503 `unavailable` with Retry-After, never a 500. `work` must only touch the database: it may run
 * more than once.
 */
export function inTransaction<T>(db: Db, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return retryingRaces(() => db.transaction().execute(work))
}

/**
 * `work`, a single statement (its own transaction, so no begin and commit round trips), retried as
 * inTransaction retries when it lost a race; in the caller's transaction when `db` is one.
 */
export function inOneStatement<T>(db: Db, work: (db: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : retryingRaces(() => work(db))
}

async function retryingRaces<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work()
    } catch (err) {
      if (!isRetryable(err)) throw err
      if (attempt >= ATTEMPTS) {
        throw Object.assign(
          unavailable('The database was too busy to finish this; try again.', 1, 'database-busy'),
          {
            cause: err,
          },
        )
      }
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt))
    }
  }
}

/** `work` in the caller's transaction when `db` is one, else in a transaction of its own. */
export function withinTransaction<T>(db: Db, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Transaction<Database>) : inTransaction(db, work)
}
