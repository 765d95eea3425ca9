import type { MailLocale } from '../db/schema.js'

/** Where the language of a mail can come from, strongest first (API.md, "Mail to patrons"). */
export interface MailLocaleSources {
  /** What the member chose on /account; null when they never chose. */
  chosen: MailLocale | null
  /** The page this very mail was asked from (a sign-in link, a join), for an address not yet a member. */
  askedFrom?: MailLocale | undefined
  /** The pages where the member joined or last asked for a sign-in link. */
  pages: MailLocale | null
}

/** The one rule for the language of a member's mails: the sender and /account both read it here. */
export function mailLocale(sources: MailLocaleSources, defaultLocale: MailLocale): MailLocale {
  return sources.chosen ?? sources.askedFrom ?? sources.pages ?? defaultLocale
}
