import { type LinkMail, requestMagicLink } from '../accounts/auth.service.js'
import type { Deps } from '../deps.js'
import type { Locale } from '../web/i18n/index.js'
import { hasLiveMembership } from './subscriptions.repository.js'

/**
 * The mailed link's page: it shows one button, whose post uses the token and starts Checkout. The
 * link carries the chosen price and, when the reader gives more, the amount (minor units), which the
 * page checks again: a link edited by hand can only choose what the form could.
 */
export function joinContinuePath(token: string, priceId: string, amount?: number): string {
  const query = new URLSearchParams({ token, price: priceId })
  if (amount !== undefined) query.set('amount', String(amount))
  return `/join/continue?${query}`
}

/**
 * A reader who is not signed in asks to join with an email: whatever the address, the page answers
 * "check your inbox", and the rest is said by mail, in the page's language. An address without a live
 * membership gets a one-time link that continues to payment (the member and its Stripe customer are
 * made only when that link is used, so only by someone who reads that mailbox); a live patron's
 * address gets a note saying so, with a sign-in link. The link is a sign-in token (hashed at rest,
 * 15 minutes, once), rate-limited like sign-in links.
 */
export function requestJoinLink(
  deps: Deps,
  input: { email: string; priceId: string; amount?: number | undefined; locale: Locale; ip: string | null },
): Promise<void> {
  const mail: LinkMail = async (trx, link) => {
    const live = await hasLiveMembership(trx, input.email)
    const url = live
      ? `${link.url}&next=${encodeURIComponent('/account')}`
      : `${deps.config.publicUrl}${joinContinuePath(link.token, input.priceId, input.amount)}`
    return { kind: 'join', payload: { url, minutes: link.minutes, live } }
  }
  return requestMagicLink(deps, input.email, input.ip, { mail, locale: input.locale })
}
