import type { TestApp } from '../helpers/app.js'
import { readOutbox } from '../helpers/outbox.js'

export function linksTo(app: TestApp, email: string): string[] {
  return readOutbox(app)
    .filter((m) => m.to.toLowerCase().includes(email.toLowerCase()))
    .map((m) => /https?:\/\/\S+\/login\?token=[\w-]+/.exec(m.text)?.[0] ?? '')
    .filter((link) => link !== '')
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
