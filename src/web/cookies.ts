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

/** HttpOnly, SameSite=Lax, Secure when PUBLIC_URL is https. */
export function cookieOptions(publicUrl: string, maxAgeMs?: number): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    secure: publicUrl.startsWith('https:'),
    path: '/',
    ...(maxAgeMs ? { maxAge: maxAgeMs } : {}),
  }
}

export function clearCookie(res: Response, name: string, publicUrl: string): void {
  res.clearCookie(name, cookieOptions(publicUrl))
}
