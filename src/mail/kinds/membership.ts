import { defineMailKind } from '../kind.js'

/** The mails of a membership's changes (`enqueue_membership_mail`, migrations/2026-12-03T11-40_apply-subscription.ts, decides which). */
export const welcome = defineMailKind({
  bulk: false,
  load: () => ({}),
  compose: (_, { t, config }) => ({
    subject: t.welcome.subject,
    parts: [t.welcome.thanks, t.welcome.signIn(`${config.publicUrl}/login`)],
  }),
})

export const paymentFailed = defineMailKind({
  bulk: false,
  load: () => ({}),
  compose: (_, { t, config }) => ({
    subject: t.paymentFailed.subject,
    parts: [t.paymentFailed.body(config.gracePeriodDays)],
  }),
})

export const membershipEnded = defineMailKind({
  bulk: false,
  load: () => ({}),
  compose: (_, { t }) => ({ subject: t.ended.subject, parts: [t.ended.body] }),
})
