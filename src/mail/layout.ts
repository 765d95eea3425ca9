import type { MailLocale } from '../db/schema.js'
import type { Newsroom } from '../web/newsroom.js'
import { escapeHtml } from './html.js'
import type { Body, Part } from './kind.js'

/** What frames a mail's paragraphs: its greeting above, the newsroom and why it came below. */
export interface MailFrame {
  locale: MailLocale
  newsroom: Newsroom
  greeting: string
  /** Why this mail came and how to stop such mails (announcements only). */
  unsubscribe?: { why: string; label: string; url: string }
}

/**
 * A link as a button: an HTML link styled as one, in the newsroom's accent colour (its white words
 * keep AA contrast: settings/contrast.ts). Mail clients drop stylesheets, so the style is inline.
 */
export function mailButton(url: string, label: string, accent: string): string {
  const style = [
    'display:inline-block',
    `background:${accent}`,
    'color:#ffffff',
    'font-weight:600',
    'text-decoration:none',
    'padding:12px 22px',
    'border-radius:8px',
    'line-height:1.3',
  ].join(';')
  return `<p style="margin:24px 0"><a href="${escapeHtml(url)}" style="${style}">${escapeHtml(label)}</a></p>`
}

/** A link in the plain-text part: its words, then the address alone on its own line (nothing to cut). */
export const textLink = (url: string, label: string) => `${label}:\n${url}`

/** "Closes at noon?." -> "Closes at noon?": a title ending a sentence brings its own stop. */
export const tidyStops = (text: string) => text.replace(/([.?!…])([»”"']?)\./g, '$1$2')

function partText(p: Part): string {
  if (typeof p === 'string') return tidyStops(p)
  if ('list' in p) return p.list.map((item) => `- ${item}`).join('\n')
  return textLink(p.link, p.label)
}

function partHtml(p: Part, accent: string): string {
  if (typeof p === 'string') return `<p style="margin:0 0 16px">${escapeHtml(tidyStops(p))}</p>`
  if ('list' in p)
    return `<ul style="margin:0 0 16px;padding-left:22px">${p.list.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`
  return mailButton(p.link, p.label, accent)
}

/** The plain-text part. */
export function mailText(frame: MailFrame, body: Body): string {
  const footer = ['-- ', frame.newsroom.name]
  if (frame.newsroom.url) footer.push(frame.newsroom.url)
  if (frame.unsubscribe)
    footer.push('', frame.unsubscribe.why, textLink(frame.unsubscribe.url, frame.unsubscribe.label))
  return [frame.greeting, '', body.parts.map(partText).join('\n\n'), '', footer.join('\n'), ''].join('\n')
}

/** The HTML part: plain, no images or tracking, every link its real address; readable at 320 px. */
export function mailHtml(frame: MailFrame, body: Body): string {
  const { newsroom } = frame
  const muted = 'color:#5a5750;font-size:13px;margin:0 0 8px'
  const name = newsroom.url
    ? `<a href="${escapeHtml(newsroom.url)}" style="color:${newsroom.accent}">${escapeHtml(newsroom.name)}</a>`
    : escapeHtml(newsroom.name)
  const unsubscribe = frame.unsubscribe
    ? `<p style="${muted}">${escapeHtml(frame.unsubscribe.why)} <a href="${escapeHtml(frame.unsubscribe.url)}" style="color:#5a5750">${escapeHtml(frame.unsubscribe.label)}</a></p>`
    : ''
  return [
    `<!doctype html><html lang="${frame.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(tidyStops(body.subject))}</title></head>`,
    `<body style="margin:0;padding:0;background:#ffffff;color:#1c1b19">`,
    `<div style="font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:16px;line-height:1.55;max-width:36em;margin:0 auto;padding:24px 20px">`,
    `<p style="margin:0 0 24px;padding-bottom:12px;border-bottom:3px solid ${newsroom.accent};font-weight:700;font-size:18px;color:${newsroom.accent}">${escapeHtml(newsroom.name)}</p>`,
    `<p style="margin:0 0 16px">${escapeHtml(frame.greeting)}</p>`,
    ...body.parts.map((p) => partHtml(p, newsroom.accent)),
    `<hr style="border:0;border-top:1px solid #d9d5cc;margin:24px 0 12px">`,
    `<p style="${muted}">${name}</p>`,
    unsubscribe,
    `</div></body></html>`,
  ].join('\n')
}
