import type { CookieOptions, Request, Response } from 'express'

/** The request's cookies (Express 5 does not parse them, and one small parser is all pages need). */
export function readCookies(req: Request): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq < 1) continue
    const name = part.slice(0, eq).trim()
    if (name in out) continue
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim())
    } catch {
      // A malformed cookie is ignored, as a browser would.
    }
  }
  return out
}

const isHttps = (publicUrl: string) => publicUrl.startsWith('https:')

/**
 * The name a cookie goes by: with the `__Host-` prefix when PUBLIC_URL is https, so the browser only
 * accepts it Secure, for Path=/ and without Domain (a sibling subdomain or a plain-http page cannot
 * set or shadow it). Over http (development) the prefix would be refused, so the plain name is used.
 */
export function cookieName(name: string, publicUrl: string): string {
  return isHttps(publicUrl) ? `__Host-${name}` : name
}

/** HttpOnly, SameSite=Lax, Path=/, no Domain; Secure when PUBLIC_URL is https. */
export function cookieOptions(publicUrl: string, maxAgeMs?: number): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    secure: isHttps(publicUrl),
    path: '/',
    ...(maxAgeMs ? { maxAge: maxAgeMs } : {}),
  }
}

/** Sets cookie `name` (under its https name, see cookieName) with cookieOptions. */
export function setCookie(res: Response, name: string, value: string, publicUrl: string, maxAgeMs?: number) {
  res.cookie(cookieName(name, publicUrl), value, cookieOptions(publicUrl, maxAgeMs))
}

export function clearCookie(res: Response, name: string, publicUrl: string): void {
  res.clearCookie(cookieName(name, publicUrl), cookieOptions(publicUrl))
}

/** The value of cookie `name` as set by setCookie. */
export function cookieValue(cookies: Record<string, string>, name: string, publicUrl: string) {
  return cookies[cookieName(name, publicUrl)]
}
