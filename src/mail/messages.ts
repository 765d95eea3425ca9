import type { Mail } from '../accounts/mail.js'
import type { Config } from '../config.js'
import type { MailLocale } from '../db/schema.js'
import { type SupportMessageData, supportBody } from '../support/mail-messages.js'
import { type Catalog, catalogs } from './catalog.js'
import { escapeHtml } from './html.js'

export type MessageConfig = Pick<Config, 'publicUrl' | 'gracePeriodDays' | 'site'>

/** What each kind of mail says, from its outbox payload (and, for a round, the round as it is now). */
export type MessageData =
  | { kind: 'sign-in'; url: string; minutes: number }
  | { kind: 'welcome' | 'payment-failed' | 'membership-ended' }
  | {
      kind: 'round-opened'
      round: { id: string; title: string; closesAt: Date; votesPerMember: number; topics: string[] }
      unsubscribeUrl: string
    }
  | { kind: 'topic-covered'; title: string; coverageUrl: string; unsubscribeUrl: string }
  | SupportMessageData

interface Body {
  subject: string
  /** Paragraphs; a paragraph that is a link is written as one, a list as a list. */
  parts: Array<string | { link: string; label: string } | { list: string[] }>
  unsubscribeUrl?: string
}

export function composeMail(to: string, locale: MailLocale, data: MessageData, config: MessageConfig): Mail {
  const t = catalogs[locale]
  const body = bodyOf(t, locale, data, config)
  const site = config.site.name
  const mail: Mail = {
    to,
    subject: body.subject,
    text: asText(t, body, site),
    html: asHtml(t, body, site, locale),
  }
  if (body.unsubscribeUrl) {
    mail.headers = {
      'List-Unsubscribe': `<${body.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    }
  }
  return mail
}

function bodyOf(t: Catalog, locale: MailLocale, data: MessageData, config: MessageConfig): Body {
  switch (data.kind) {
    case 'sign-in':
      return {
        subject: t.signIn.subject,
        parts: [
          t.signIn.intro,
          { link: data.url, label: data.url },
          t.signIn.validity(data.minutes),
          t.signIn.ignore,
        ],
      }
    case 'welcome':
      return {
        subject: t.welcome.subject,
        parts: [t.welcome.thanks, t.welcome.signIn(`${config.publicUrl}/login`)],
      }
    case 'payment-failed':
      return { subject: t.paymentFailed.subject, parts: [t.paymentFailed.body(config.gracePeriodDays)] }
    case 'membership-ended':
      return { subject: t.ended.subject, parts: [t.ended.body] }
    case 'round-opened': {
      const { round } = data
      const closes = new Intl.DateTimeFormat(locale, {
        dateStyle: 'long',
        timeStyle: 'short',
        timeZone: config.site.timeZone,
      }).format(round.closesAt)
      const url = `${config.publicUrl}/rounds/${round.id}`
      return {
        subject: t.roundOpened.subject(config.site.name, round.title),
        parts: [
          t.roundOpened.intro(round.title),
          ...(round.topics.length ? [t.roundOpened.topics(round.topics.length), { list: round.topics }] : []),
          `${t.roundOpened.budget(round.votesPerMember)} ${t.roundOpened.closes(closes)}`,
          { link: url, label: t.roundOpened.action },
        ],
        unsubscribeUrl: data.unsubscribeUrl,
      }
    }
    case 'topic-covered':
      return {
        subject: t.topicCovered.subject(data.title),
        parts: [t.topicCovered.intro(data.title), { link: data.coverageUrl, label: t.topicCovered.action }],
        unsubscribeUrl: data.unsubscribeUrl,
      }
    default:
      return supportBody(t, locale, data, config)
  }
}

function asText(t: Catalog, body: Body, site: string): string {
  const paragraphs = body.parts.map((p) =>
    typeof p === 'string'
      ? p
      : 'list' in p
        ? p.list.map((item) => `- ${item}`).join('\n')
        : p.label === p.link
          ? p.link
          : `${p.label}: ${p.link}`,
  )
  const footer = [`-- `, site]
  if (body.unsubscribeUrl) footer.push(t.footer.why(site), `${t.footer.unsubscribe}: ${body.unsubscribeUrl}`)
  return [t.hello, '', paragraphs.join('\n\n'), '', footer.join('\n'), ''].join('\n')
}

/** Plain HTML, no images or tracking: every link is the real address. */
function asHtml(t: Catalog, body: Body, site: string, locale: MailLocale): string {
  const paragraphs = body.parts.map((p) =>
    typeof p === 'string'
      ? `<p>${escapeHtml(p)}</p>`
      : 'list' in p
        ? `<ul>${p.list.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`
        : `<p><a href="${escapeHtml(p.link)}">${escapeHtml(p.label)}</a></p>`,
  )
  const footer = body.unsubscribeUrl
    ? `<p style="color:#555;font-size:13px">${escapeHtml(t.footer.why(site))} <a href="${escapeHtml(body.unsubscribeUrl)}">${escapeHtml(t.footer.unsubscribe)}</a></p>`
    : `<p style="color:#555;font-size:13px">${escapeHtml(site)}</p>`
  return [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(body.subject)}</title></head>`,
    `<body style="font-family:system-ui,sans-serif;line-height:1.5;max-width:36em">`,
    `<p>${escapeHtml(t.hello)}</p>`,
    ...paragraphs,
    `<hr>${footer}</body></html>`,
  ].join('\n')
}
