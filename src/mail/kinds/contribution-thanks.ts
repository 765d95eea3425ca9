import { i18nFor } from '../../web/i18n/index.js'
import { defineMailKind } from '../kind.js'

/** A one-time contribution is paid (support/payments.service.ts): one thank-you. */
export const contributionThanks = defineMailKind({
  bulk: false,
  load: (p) => ({ amount: Number(p.amount), currency: String(p.currency) }),
  compose: ({ amount, currency }, { t, locale, config }) => ({
    subject: t.support.thanksSubject(config.site.name),
    parts: [t.support.thanks(i18nFor(locale, config.site.timeZone).money(amount, currency))],
  }),
})
