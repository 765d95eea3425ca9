import { type AccessTokens, createAccessTokens } from './accounts/access-tokens.js'
import { createStripe, type Stripe } from './billing/stripe-client.js'
import type { Config } from './config.js'
import type { Db } from './db/connect.js'
import type { Logger } from './logger.js'

/** Everything a request handler may need, built once at start-up (no I/O). */
export interface Deps {
  config: Config
  db: Db
  logger: Logger
  tokens: AccessTokens
  /** undefined without STRIPE_SECRET_KEY: Stripe routes answer 503 stripe-not-configured. */
  stripe: Stripe | undefined
}

export function createDeps(config: Config, db: Db, logger: Logger): Deps {
  return { config, db, logger, tokens: createAccessTokens(config), stripe: createStripe(config) }
}
