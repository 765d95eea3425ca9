import { defineMailKind } from '../kind.js'

/** A one-time contribution is paid (support/payments.service.ts): one thank-you. */
export const contributionThanks = defineMailKind({
  bulk: false,
  load: (p) => ({ amount: Number(p.amount), currency: String(p.currency) }),
  compose: ({ amount, currency }, { t, i18n, newsroom }) => ({
    subject: t.support.thanksSubject(newsroom.name),
    parts: [t.support.thanks(i18n.money(amount, currency))],
  }),
})
