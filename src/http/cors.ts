import cors from 'cors'
import type { RequestHandler } from 'express'

/** The public JSON routes a newsroom's own site may call from a browser; never staff or patron routes. */
export const CORS_PATHS = [
  '/v1/tiers',
  '/v1/checkout',
  '/v1/auth',
  '/v1/support',
  '/v1/contributions',
  '/v1/gifts',
]

/**
 * CORS (with preflight) for origins in ALLOWED_ORIGINS only. No credentials: these routes take a
 * Bearer token, never a cookie, so a browser never sends ambient authority to them cross-site.
 */
export function publicCors(allowedOrigins: readonly string[]): RequestHandler {
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowedOrigins.includes(origin)),
    methods: ['GET', 'POST'],
    allowedHeaders: ['Content-Type', 'Authorization'],
    exposedHeaders: ['Retry-After', 'X-Request-Id'],
    credentials: false,
    maxAge: 600,
  })
}
