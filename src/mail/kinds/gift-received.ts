import { giftForMail } from '../../support/gift-mail.js'
import { localizedName } from '../../web/localized.js'
import { defineMailKind } from '../kind.js'

/**
 * The recipient's gift, held in the outbox until its delivery day; it carries the one-time start
 * link. Read at send time: a gift refunded meanwhile is not mailed.
 */
export const giftReceived = defineMailKind({
  bulk: false,
  load: async (p, ctx) => {
    const gift = await giftForMail(ctx.db, String(p.giftId))
    return gift?.status === 'paid' ? { gift, url: String(p.url) } : undefined
  },
  compose: ({ gift, url }, { t, i18n, newsroom }) => ({
    subject: t.support.receivedSubject(newsroom.name),
    parts: [
      t.support.received(
        gift.purchaser_email,
        t.support.months(gift.months),
        localizedName(gift.tier_name, gift.tier_translations, i18n.locale),
      ),
      ...(gift.message ? [`“${gift.message}”`] : []),
      { link: url, label: t.support.start },
      t.support.startNote,
    ],
  }),
})
