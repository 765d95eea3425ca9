import type { Mail } from '../accounts/mail.js'
import type { MailLocale } from '../db/schema.js'
import { type Catalog, catalogs } from './catalog.js'
import { escapeHtml } from './html.js'
import type { Body, MessageConfig } from './kind.js'
import { type MessageData, mailKindSpec } from './kinds.js'

export type { MessageConfig } from './kind.js'
export type { MessageData } from './kinds.js'

export function composeMail(to: string, locale: MailLocale, data: MessageData, config: MessageConfig): Mail {
  const t = catalogs[locale]
  const body: Body = mailKindSpec(data.kind).compose(data, { t, locale, config })
  if (data.unsubscribeUrl) body.unsubscribeUrl = data.unsubscribeUrl
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
