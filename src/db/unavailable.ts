/**
 * Errors that mean the database is away (restarting, failing over, unreachable), not that the
 * request or the code is wrong: the one place that tells them apart, for answers (503) and start-up.
 */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
])

/** admin_shutdown, crash_shutdown, cannot_connect_now (starting up or shutting down). */
const SERVER_CODES = new Set(['57P01', '57P02', '57P03'])

/**
 * What node-postgres and pg-pool say when a connection breaks or cannot be had in time, and what
 * Kysely and PGlite say once the database is closed (a request still running while the service stops).
 */
const MESSAGES =
  /Connection terminated|Connection ended|not queryable|timeout exceeded when trying to connect|Client was closed|driver has already been destroyed|PGlite is closed/i

export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false
  const e = err as { code?: unknown; message?: unknown; errors?: unknown }
  const code = typeof e.code === 'string' ? e.code : ''
  if (SOCKET_CODES.has(code) || SERVER_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true
  if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true
  // Node's happy-eyeballs connect (localhost -> ::1 and 127.0.0.1) fails with an AggregateError.
  return Array.isArray(e.errors) && e.errors.some(isDatabaseUnavailable)
}
