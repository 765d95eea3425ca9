import type { Config } from '../config.js'
import type { Db } from '../db/connect.js'
import type { MailLocale } from '../db/schema.js'
import type { I18n } from '../web/i18n/index.js'
import type { Newsroom } from '../web/newsroom.js'
import type { Catalog } from './catalog.js'

/** A paragraph, a link (a button in HTML, its address on a line of its own in text) or a list. */
export type Part = string | { link: string; label: string } | { list: string[] }

/** A mail's words before layout (mail/layout.ts): its subject and paragraphs. */
export interface Body {
  subject: string
  parts: Part[]
  unsubscribeUrl?: string
}

/** The settings a mail's words use. */
export type MessageConfig = Pick<Config, 'publicUrl' | 'gracePeriodDays' | 'site'>

/** What a kind's words are written with: the member's language, the site and the newsroom's settings. */
export interface Words {
  t: Catalog
  /** The same words and Intl formats as pages (dates in SITE_TIME_ZONE, with it named). */
  i18n: I18n
  locale: MailLocale
  config: MessageConfig
  newsroom: Newsroom
}

/** What `load` may read at send time. */
export interface LoadContext {
  db: Db
  /** Reads `key` once per send pass (a round announced to thousands is read once). */
  once<T>(key: string, read: () => Promise<T>): Promise<T>
}

/**
 * One kind of mail: all the mail system needs to know of it. A new mail is a file in `kinds/` with
 * one of these, and its line in the registry (`kinds.ts`).
 */
export interface MailKindSpec<Data extends object> {
  /** An announcement: sent after membership and sign-in mails, within MAIL_RATE_PER_SECOND. */
  bulk: boolean
  /** The member's switch that must still be on when it is sent; the mail then carries a link to turn it off. */
  preference?: 'rounds' | 'coverage'
  /** What the mail says, from its outbox payload (and what it is about, read now); undefined: nothing to say. */
  load(payload: Record<string, unknown>, ctx: LoadContext): Data | undefined | Promise<Data | undefined>
  /** Its words, in the member's language. */
  compose(data: Data, words: Words): Body
}

export const defineMailKind = <Data extends object>(spec: MailKindSpec<Data>): MailKindSpec<Data> => spec
