import { giftForMail } from '../../support/gift-mail.js'
import { localizedName } from '../../web/localized.js'
import { defineMailKind } from '../kind.js'

/** A gift is paid: the purchaser's confirmation, saying when the recipient gets it. */
export const giftPurchased = defineMailKind({
  bulk: false,
  load: async (p, ctx) => {
    const gift = await giftForMail(ctx.db, String(p.giftId))
    return gift && { gift }
  },
  compose: ({ gift }, { t, i18n }) => ({
    subject: t.support.purchasedSubject,
    parts: [
      t.support.purchased(
        gift.recipient_email,
        t.support.months(gift.months),
        localizedName(gift.tier_name, gift.tier_translations, i18n.locale),
      ),
      gift.send_at && gift.send_at.getTime() > Date.now()
        ? t.support.sendsOn(i18n.date(gift.send_at))
        : t.support.sentNow,
    ],
  }),
})
