import type { Mail } from './mail.js'

/** The sign-in link a front end serves at /login: it posts `token` to POST /v1/auth/token. */
export function magicLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/login?token=${encodeURIComponent(token)}`
}

export function magicLinkMail(publicUrl: string, to: string, token: string, minutes: number): Mail {
  return {
    to,
    subject: 'Your sign-in link',
    text: [
      'Hello,',
      '',
      'open this link to sign in:',
      '',
      magicLinkUrl(publicUrl, token),
      '',
      `It works once, within ${minutes} minutes, on any device.`,
      'If you did not ask to sign in, ignore this message; nothing changes.',
      '',
    ].join('\n'),
  }
}
