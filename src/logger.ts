import { pino } from 'pino'
import type { Config } from './config.js'

export type Logger = pino.Logger

/** Fields of an error that name what failed without carrying the data it failed on. */
const SAFE_FIELDS = [
  'code',
  'status',
  'statusCode',
  'type',
  'requestId',
  'severity',
  'routine',
  'table',
  'column',
  'constraint',
]

/**
 * Errors as logged: type, message, stack, safe fields and cause. Never a failed statement's `query`,
 * `params`, `detail` or `where` (pg and PGlite put the values there), nor a Stripe error's raw body or
 * headers. A Postgres data exception (class 22) quotes the bad value in its message, so that part goes.
 */
export function serializeError(value: unknown, depth = 0): unknown {
  // pino-http hands over pino's own serialization, which keeps the error as `raw`.
  const raw = (value as { raw?: unknown } | null)?.raw
  const err = !(value instanceof Error) && raw instanceof Error ? raw : value
  if (!(err instanceof Error))
    return typeof err === 'object' && err !== null ? { message: '[non-error object]' } : err
  const e = err as Error & Record<string, unknown>
  const dataException = typeof e.code === 'string' && /^22[0-9A-Z]{3}$/.test(e.code)
  const message = dataException ? e.message.replace(/:.*$/s, ': [redacted]') : e.message
  const out: Record<string, unknown> = {
    type: e.constructor?.name ?? e.name,
    message,
    stack: e.stack?.replace(e.message, message),
  }
  for (const field of SAFE_FIELDS) {
    const value = e[field]
    if (typeof value === 'string' || typeof value === 'number') out[field] = value
  }
  if (e.cause !== undefined && depth < 3) out.cause = serializeError(e.cause, depth + 1)
  return out
}

export function createLogger(config: Pick<Config, 'logLevel'>, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      serializers: { err: serializeError },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["stripe-signature"]',
          'res.headers["set-cookie"]',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  )
}
