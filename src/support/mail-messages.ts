import type { Db } from '../db/connect.js'
import type { MailLocale } from '../db/schema.js'
import type { Catalog } from '../mail/catalog.js'
import type { ClaimedMail } from '../mail/outbox.repository.js'
import { i18nFor } from '../web/i18n/index.js'
import { giftForMail } from './gifts.repository.js'

/** What the mails of contributions and gifts say (see MessageData in mail/messages.ts). */
export type SupportMessageData =
  | { kind: 'contribution-thanks'; amount: number; currency: string }
  | { kind: 'gift-purchased'; recipient: string; months: number; tierName: string; sendAt: Date | null }
  | {
      kind: 'gift-received'
      from: string
      months: number
      tierName: string
      message: string | null
      url: string
    }
  | { kind: 'gift-ending'; endsAt: Date; tierName: string }

/**
 * The data of a support mail at send time. A gift mail reads its gift as it is now: the recipient's
 * mail is not sent for a gift refunded meanwhile, nor the invitation for a gift that ended early.
 */
export async function supportMessageData(db: Db, mail: ClaimedMail): Promise<SupportMessageData | undefined> {
  const p = mail.payload
  if (mail.kind === 'contribution-thanks') {
    return { kind: 'contribution-thanks', amount: Number(p.amount), currency: String(p.currency) }
  }
  const gift = await giftForMail(db, String(p.giftId))
  if (!gift) return undefined
  const common = { months: gift.months, tierName: gift.tier_name }
  switch (mail.kind) {
    case 'gift-purchased':
      return { kind: 'gift-purchased', recipient: gift.recipient_email, sendAt: gift.send_at, ...common }
    case 'gift-received':
      if (gift.status !== 'paid') return undefined
      return {
        kind: 'gift-received',
        from: gift.purchaser_email,
        message: gift.message,
        url: String(p.url),
        ...common,
      }
    case 'gift-ending': {
      const endsSoon = gift.ends_at && gift.ends_at.getTime() - Date.now() < 8 * 86_400_000
      if (gift.status !== 'started' || !endsSoon) return undefined
      return { kind: 'gift-ending', endsAt: gift.ends_at!, tierName: gift.tier_name }
    }
    default:
      return undefined
  }
}

type Part = string | { link: string; label: string }

/** Subject and paragraphs of a support mail. */
export function supportBody(
  t: Catalog,
  locale: MailLocale,
  data: SupportMessageData,
  config: { publicUrl: string; site: { name: string; timeZone: string } },
): { subject: string; parts: Part[] } {
  const s = t.support
  const i18n = i18nFor(locale, config.site.timeZone)
  switch (data.kind) {
    case 'contribution-thanks':
      return {
        subject: s.thanksSubject(config.site.name),
        parts: [s.thanks(i18n.money(data.amount, data.currency))],
      }
    case 'gift-purchased':
      return {
        subject: s.purchasedSubject,
        parts: [
          s.purchased(data.recipient, s.months(data.months), data.tierName),
          data.sendAt && data.sendAt.getTime() > Date.now() ? s.sendsOn(i18n.date(data.sendAt)) : s.sentNow,
        ],
      }
    case 'gift-received':
      return {
        subject: s.receivedSubject(config.site.name),
        parts: [
          s.received(data.from, s.months(data.months), data.tierName),
          ...(data.message ? [`“${data.message}”`] : []),
          { link: data.url, label: s.start },
          s.startNote,
        ],
      }
    case 'gift-ending':
      return {
        subject: s.endingSubject,
        parts: [s.ending(i18n.date(data.endsAt)), { link: `${config.publicUrl}/`, label: s.becomePatron }],
      }
  }
}
