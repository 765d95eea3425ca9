import { type AccessTokens, createAccessTokens } from './accounts/access-tokens.js'
import { createMailer, type Mailer } from './accounts/mail.js'
import { createStripe, type Stripe } from './billing/stripe-client.js'
import type { Config } from './config.js'
import type { Db } from './db/connect.js'
import type { Logger } from './logger.js'
import { pendingMailCount } from './mail/outbox.repository.js'
import { type NewsroomSettings, newsroomSettings } from './settings/settings-cache.js'

/** Everything a request handler may need, built once at start-up (no I/O). */
export interface Deps {
  config: Config
  db: Db
  /** Where reports and exports read: the replica (DATABASE_REPLICA_URL) when set, else `db`. */
  readDb: Db
  logger: Logger
  tokens: AccessTokens
  mailer: Mailer
  /** Undefined when STRIPE_SECRET_KEY is not set. */
  stripe: Stripe | undefined
  /** Mails waiting to be sent, read by the patronage_mail_pending gauge at each scrape. */
  pendingMailCount(): Promise<number>
  /** The newsroom's settings (/admin/settings), cached per process. */
  newsroom: NewsroomSettings
}

export function createDeps(config: Config, db: Db, logger: Logger, readDb: Db = db): Deps {
  return {
    config,
    db,
    readDb,
    logger,
    tokens: createAccessTokens(config),
    mailer: createMailer(config, logger),
    stripe: createStripe(config),
    pendingMailCount: () => pendingMailCount(db),
    newsroom: newsroomSettings(db, config),
  }
}
