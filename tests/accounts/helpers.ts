import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { outboxDir } from '../../src/accounts/mail.js'
import type { TestApp } from '../helpers/app.js'

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

export function linksTo(app: TestApp, email: string): string[] {
  return readOutbox(app)
    .filter((m) => m.to.toLowerCase().includes(email.toLowerCase()))
    .map((m) => /https?:\/\/\S+\/login\?token=[\w-]+/.exec(m.text)?.[0] ?? '')
}

/** Asks for a magic link and returns the token of the newest link mailed to that address. */
export async function requestLoginToken(app: TestApp, email: string): Promise<string> {
  const before = linksTo(app, email).length
  const res = await app.api('POST', '/v1/auth/magic-link', { body: { email } })
  if (res.status !== 202) throw new Error(`magic-link answered ${res.status}: ${res.text}`)
  const links = linksTo(app, email)
  if (links.length !== before + 1) throw new Error(`expected a new mail to ${email}`)
  return new URL(links.at(-1)!).searchParams.get('token')!
}

/** Magic link -> token: the tokens a user gets after clicking the link. */
export async function signIn(app: TestApp, email: string) {
  const token = await requestLoginToken(app, email)
  const res = await app.api('POST', '/v1/auth/token', { body: { token } })
  if (res.status !== 200) throw new Error(`token answered ${res.status}: ${res.text}`)
  return res.body as { accessToken: string; tokenType: 'Bearer'; expiresIn: number; refreshToken: string }
}

export function decodeJwt(token: string) {
  const [header, payload] = token.split('.')
  return {
    header: JSON.parse(Buffer.from(header!, 'base64url').toString('utf8')),
    payload: JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')),
  }
}
