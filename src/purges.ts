import { accountsPurgeRules } from './accounts/purge.js'
import { billingPurgeRules } from './billing/purge.js'
import type { PurgeRule } from './db/housekeeping.js'
import { mailPurgeRules } from './mail/purge.js'
import { supportPurgeRules } from './support/purge.js'
import { webPurgeRules } from './web/purge.js'

/** Every feature's purge rules, run by housekeeping in this order. A feature adds its own here. */
export const purgeRules: readonly PurgeRule[] = [
  ...accountsPurgeRules,
  ...billingPurgeRules,
  ...mailPurgeRules,
  ...webPurgeRules,
  ...supportPurgeRules,
]
