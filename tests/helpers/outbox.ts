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

function parseEml(file: string): OutboxMail {
  const raw = readFileSync(file, 'utf8')
  const split = raw.indexOf('\r\n\r\n')
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ')
  const body = raw.slice(split + 4)
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'im').exec(head)?.[1]?.trim() ?? ''
  const encoding = header('Content-Transfer-Encoding').toLowerCase()
  const text =
    encoding === 'base64'
      ? Buffer.from(body, 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? body
            .replace(/=\r?\n/g, '')
            .replace(/=([0-9A-F]{2})/g, (_m, h) => String.fromCharCode(Number.parseInt(h, 16)))
        : body
  return { file, to: header('To'), subject: header('Subject'), text }
}
