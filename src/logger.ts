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
  if (!human) return destination ? pino(options, destination) : pino(options)
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
