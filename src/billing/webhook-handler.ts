import type { Transaction } from 'kysely'
import type { Config } from '../config.js'
import type { Db } from '../db/connect.js'
import type { Database } from '../db/schema.js'
import type { Logger } from '../logger.js'
import type { Stripe } from './stripe-client.js'

export interface WebhookHandlerDeps {
  /** Read in `prepare` only (outside the event's transaction); `apply` writes through its `trx`. */
  db: Db
  stripe: Stripe
  config: Config
  logger: Logger
}

/** What an applied event leaves to do once its transaction has committed. */
export interface AfterCommit {
  /** Outbox rows written by the event, sent right away (the mail sender would pick them up anyway). */
  mailIds?: (string | undefined)[]
  /** Logged at info, with the event's id. */
  log?: { msg: string; fields: Record<string, unknown> }
}

/**
 * How one Stripe event type is handled. `prepare` runs first, outside any transaction (Stripe is
 * read there, so no row lock is held across a network call); null means the event asks nothing of us
 * (stored as processed, outcome `ignored`). `apply` then runs in the transaction that claims the
 * event, so the processed mark and every effect commit together, exactly once; it may run again
 * after a deadlock, so it touches only the database.
 */
export interface WebhookHandler<P = unknown> {
  prepare(deps: WebhookHandlerDeps, event: Stripe.Event): Promise<P | null>
  apply(
    trx: Transaction<Database>,
    deps: WebhookHandlerDeps,
    event: Stripe.Event,
    prepared: P,
  ): Promise<AfterCommit>
  /**
   * Optional, used instead of `apply` when present: the event's claim and every effect in one
   * statement that is its own transaction (begin, the claim and commit would be three round trips
   * of a webhook's few). 'duplicate' when the event was claimed already. It may run again after a
   * deadlock, as `apply` may.
   */
  claimAndApply?(
    db: Db,
    deps: WebhookHandlerDeps,
    event: Stripe.Event,
    prepared: P,
  ): Promise<AfterCommit | 'duplicate'>
}

/** Lets a typed handler sit in the registry's list of handlers of any payload. */
export const webhookHandler = <P>(handler: WebhookHandler<P>) => handler as WebhookHandler
