import { AsyncLocalStorage } from 'node:async_hooks'
import { createRequire } from 'node:module'
import { type DestinationStream, pino } from 'pino'
import type PinoPretty from 'pino-pretty'
import type { Config } from './config.js'

export type Logger = pino.Logger

const requestIds = new AsyncLocalStorage<string>()

/** Runs the rest of a request with its id, so every line logged meanwhile carries `reqId`. */
export function withRequestId(id: string, next: () => void): void {
  requestIds.run(id, next)
}

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

export interface LoggerOutput {
  /** Human-readable lines; default: when stdout is a terminal. */
  pretty?: boolean
  /** Default: stdout. */
  destination?: DestinationStream
}

/** JSON lines with ISO times for machines; pino-pretty's coloured lines for a person at a terminal. */
export function createLogger(
  config: Pick<Config, 'logLevel'>,
  { pretty: human = process.stdout.isTTY === true, destination }: LoggerOutput = {},
): Logger {
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: serializeError },
    mixin: () => {
      const reqId = requestIds.getStore()
      return reqId === undefined ? {} : { reqId }
    },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["stripe-signature"]',
        'res.headers["set-cookie"]',
      ],
      censor: '[redacted]',
    },
  }
  // stdout is written asynchronously (lines logged meanwhile go out together) rather than by a blocking
  // write per line; pino flushes what is left when the process exits.
  if (!human) return pino(options, destination ?? pino.destination({ dest: 1, sync: false }))
  // Loaded only for a terminal (servers log JSON and skip its start-up cost), in the main thread
  // rather than a transport worker: a terminal is a person reading, not a load.
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty
  const stream = pretty({
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    // "request completed — GET /v1/tiers 200 3 ms" on one line rather than nested req/res objects.
    messageFormat:
      '{msg}{if req.method} — {req.method} {req.url}{end}{if res.statusCode} {res.statusCode}{end}{if responseTime} {responseTime} ms{end}{if reqId} [{reqId}]{end}',
    ignore: 'pid,hostname,req,res,responseTime,reqId',
    ...(destination ? { destination, colorize: false } : {}),
  })
  return pino(options, stream)
}
