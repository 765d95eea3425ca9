import type { AccessTokens } from '../accounts/access-tokens.js'
import { startSessionForEmail, type TokenResponse } from '../accounts/auth.service.js'
import { hashSecret } from '../accounts/secrets.js'
import { lockMember } from '../billing/index.js'
import type { Db } from '../db/connect.js'
import { inTransaction } from '../db/transaction.js'
import { unauthenticated } from '../http/problems.js'
import type { Locale } from '../locales.js'
import { deliverMails, type SenderDeps } from '../mail/sender.js'
import { localizedName } from '../web/localized.js'
import { refuseLiveRecipient } from './checkout.service.js'
import { currentGiftOf, lockGiftByToken, markGiftStarted, peekGiftByToken } from './gifts.repository.js'
import { enqueueGiftEnding } from './mails.js'

/** `gift` of GET /v1/me: the running (or next) started gift, or null. */
export async function giftView(db: Db, memberId: string) {
  const gift = await currentGiftOf(db, memberId)
  return gift
    ? { tierId: gift.tier_id, startsAt: gift.starts_at!.toISOString(), endsAt: gift.ends_at!.toISOString() }
    : null
}

/** The gift a member's account page shows: its tier's name and when it ends. */
export async function giftForAccount(db: Db, memberId: string, locale: Locale) {
  const gift = await currentGiftOf(db, memberId)
  return gift
    ? { tierName: localizedName(gift.tier_name, gift.tier_translations, locale), endsAt: gift.ends_at! }
    : undefined
}

/** The gift behind a start link, for the page that shows it (never uses the token). */
export function peekGift(db: Db, token: string) {
  return peekGiftByToken(db, hashSecret(token))
}

/**
 * Starts a gift from the link mailed to its recipient, once: the token is used up, the gift runs for
 * its months, the invitation before its end is scheduled, and the recipient is signed in (the link
 * proves the address, as a sign-in link does). 401 for a used or unknown token; 409
 * gift-recipient-live when the recipient pays for a membership meanwhile.
 */
export async function startGiftFromLink(
  deps: SenderDeps & { tokens: AccessTokens },
  token: string,
): Promise<TokenResponse> {
  const { session, mailId } = await inTransaction(deps.db, async (trx) => {
    const gift = await lockGiftByToken(trx, hashSecret(token))
    if (!gift?.recipient_member_id)
      throw unauthenticated('The gift link is unknown or already used.', 'gift-link-invalid')
    await lockMember(trx, gift.recipient_member_id)
    await refuseLiveRecipient(trx, gift.recipient_email)
    const { endsAt } = await markGiftStarted(trx, gift.id, gift.recipient_member_id)
    const mailId = await enqueueGiftEnding(trx, {
      id: gift.id,
      recipientId: gift.recipient_member_id,
      recipientEmail: gift.recipient_email,
      endsAt,
    })
    return { session: await startSessionForEmail(trx, deps.tokens, gift.recipient_email), mailId }
  })
  await deliverMails(deps, [mailId])
  return session
}
