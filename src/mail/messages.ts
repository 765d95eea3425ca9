import type { Mail } from '../accounts/mail.js'
import type { MailLocale } from '../db/schema.js'
import { i18nFor } from '../web/i18n/index.js'
import type { Newsroom } from '../web/newsroom.js'
import { catalogs } from './catalog.js'
import type { Body, MessageConfig } from './kind.js'
import { type MessageData, mailKindSpec } from './kinds.js'
import { type MailFrame, mailHtml, mailText, tidyStops } from './layout.js'

export type { MessageConfig } from './kind.js'
export type { MessageData } from './kinds.js'

/** A mail of its kind, in the member's language, in the newsroom's name and colour. */
export function composeMail(
  to: string,
  locale: MailLocale,
  data: MessageData,
  config: MessageConfig,
  newsroom: Newsroom,
): Mail {
  const t = catalogs[locale]
  const i18n = i18nFor(locale, config.site.timeZone)
  const body: Body = mailKindSpec(data.kind).compose(data, { t, i18n, locale, config, newsroom })
  if (data.unsubscribeUrl) body.unsubscribeUrl = data.unsubscribeUrl
  const frame: MailFrame = { locale, newsroom, greeting: t.hello }
  if (body.unsubscribeUrl) {
    frame.unsubscribe = {
      why: t.footer.why(newsroom.name),
      label: t.footer.unsubscribe,
      url: body.unsubscribeUrl,
    }
  }
  const mail: Mail = {
    to,
    subject: tidyStops(body.subject),
    text: mailText(frame, body),
    html: mailHtml(frame, body),
    fromName: newsroom.senderName,
  }
  if (body.unsubscribeUrl) {
    mail.headers = {
      'List-Unsubscribe': `<${body.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    }
  }
  return mail
}
