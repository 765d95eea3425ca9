/** The sign-in link a front end serves at /login: it posts `token` to POST /v1/auth/token. */
export function magicLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/login?token=${encodeURIComponent(token)}`
}
