import { giftForMail } from '../../support/gift-mail.js'
import { defineMailKind } from '../kind.js'

/** How long before a started gift ends its recipient is invited to become a patron. */
export const ENDING_NOTICE_DAYS = 7

/** A started gift ends within a week: an invitation to become a patron (none for a gift ended early). */
export const giftEnding = defineMailKind({
  bulk: false,
  load: async (p, ctx) => {
    const gift = await giftForMail(ctx.db, String(p.giftId))
    const endsAt = gift?.ends_at
    const endsSoon = endsAt && endsAt.getTime() - Date.now() < (ENDING_NOTICE_DAYS + 1) * 86_400_000
    return gift?.status === 'started' && endsAt && endsSoon ? { endsAt } : undefined
  },
  compose: ({ endsAt }, { t, i18n, config }) => ({
    subject: t.support.endingSubject,
    parts: [
      t.support.ending(i18n.date(endsAt)),
      { link: `${config.publicUrl}/`, label: t.support.becomePatron },
    ],
  }),
})
