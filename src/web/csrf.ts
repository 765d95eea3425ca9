import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Request } from 'express'

export const CSRF_COOKIE = 'patronage_csrf'
export const CSRF_FIELD = '_csrf'

/** A fresh random id for a browser that has no session yet (kept in the CSRF cookie). */
export const newBrowserId = () => randomBytes(18).toString('base64url')

/**
 * The form token of a session: an HMAC of the session's refresh-token family (or, before sign-in, of
 * the browser's random id), so it needs no storage and changes when the session does.
 */
export function csrfToken(secret: string, bindTo: string): string {
  return createHmac('sha256', secret).update(`csrf:${bindTo}`).digest('base64url')
}

export function validCsrfToken(secret: string, bindTo: string, presented: unknown): boolean {
  if (typeof presented !== 'string') return false
  const expected = Buffer.from(csrfToken(secret, bindTo))
  const given = Buffer.from(presented)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/**
 * The Origin header, where the browser sends it, must be this site (PUBLIC_URL or the host the
 * request was made to); Sec-Fetch-Site must not say cross-site.
 */
export function sameOriginRequest(req: Request, publicUrl: string): boolean {
  if (req.headers['sec-fetch-site'] === 'cross-site') return false
  const origin = req.headers.origin
  if (origin === undefined) return true
  if (origin === 'null') return false
  const own = new Set([new URL(publicUrl).origin, `${req.protocol}://${req.get('host')}`])
  return own.has(origin)
}
