import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { outboxDir } from '../../src/accounts/mail.js'
import type { TestApp } from './app.js'

export interface OutboxMail {
  file: string
  to: string
  subject: string
  /** The decoded text body. */
  text: string
  /** Every header, unfolded, one per line. */
  head: string
}

/** Every .eml in DATA_DIR/outbox, oldest first, with its text part decoded. */
export function readOutbox(app: TestApp): OutboxMail[] {
  const dir = outboxDir(app.config.dataDir)
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => parseEml(join(dir, f)))
}

export function parseEml(file: string): OutboxMail {
  const raw = readFileSync(file, 'utf8')
  const { head, body } = splitPart(raw)
  const header = headerOf(head)
  return { file, to: header('To'), subject: decodeWords(header('Subject')), text: textOf(head, body), head }
}

/** RFC 2047 encoded words (=?UTF-8?B?...?= and =?UTF-8?Q?...?=), as nodemailer writes non-ASCII headers. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi, (_m, kind: string, text: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (_q, h) => String.fromCharCode(Number.parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    )
}

function splitPart(raw: string) {
  const split = raw.indexOf('\r\n\r\n')
  return { head: raw.slice(0, split).replace(/\r\n[ \t]+/g, ' '), body: raw.slice(split + 4) }
}

const headerOf = (head: string) => (name: string) =>
  new RegExp(`^${name}: (.*)$`, 'im').exec(head)?.[1]?.trim() ?? ''

/** The decoded text/plain part, of a single-part message or of a multipart one. */
function textOf(head: string, body: string): string {
  const header = headerOf(head)
  const boundary = /boundary="?([^";]+)"?/i.exec(header('Content-Type'))?.[1]
  if (boundary) {
    for (const part of body.split(`--${boundary}`).slice(1)) {
      const inner = splitPart(part.replace(/^\r\n/, ''))
      if (/^text\/plain|^multipart\//i.test(headerOf(inner.head)('Content-Type'))) {
        return textOf(inner.head, inner.body)
      }
    }
    return ''
  }
  const encoding = header('Content-Transfer-Encoding').toLowerCase()
  return encoding === 'base64'
    ? Buffer.from(body, 'base64').toString('utf8')
    : encoding === 'quoted-printable'
      ? body
          .replace(/=\r?\n/g, '')
          .replace(/=([0-9A-F]{2})/g, (_m, h) => String.fromCharCode(Number.parseInt(h, 16)))
      : body
}
