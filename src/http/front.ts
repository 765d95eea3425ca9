import { randomUUID } from 'node:crypto'
import type { Express, Request, RequestHandler, Response } from 'express'
import { type Logger, withRequestId } from '../logger.js'
import { type RouteTable, runHit } from './route-table.js'

declare module 'http' {
  interface IncomingMessage {
    /** X-Request-Id: the caller's when it is a plain token, otherwise a new UUID. */
    id: string
    /** The app's logger with this request (id, method, path) bound; made on first use. */
    log: Logger
  }
  interface ServerResponse {
    /** The error of a 5xx, set by the error handler; it goes on the request's log line. */
    err?: Error
    /** What a route adds to its request's access line (a webhook's event id, type and outcome). */
    logFields?: Record<string, unknown>
  }
}

export interface FrontOptions {
  logger: Logger
  /** Headers every response carries (helmet's, computed once). */
  headers: [string, string][]
  /** Sees every finished request with its duration (the metrics histogram). */
  observe?: ((req: Request, res: Response, seconds: number) => void) | undefined
  table: RouteTable
  /** The error handlers the Express path ends in. */
  fail(err: unknown, req: Request, res: Response): void
}

const INCOMING_ID = /^[\w.-]{1,100}$/

/**
 * What every request gets before any route, done once and cheaply in front of Express: its id (the
 * X-Request-Id header), the security headers, one access log line and one metrics observation when
 * it ends (a single 'close' listener), and the id in the logging context for every line logged meanwhile.
 * The routes of the table then run directly; the rest (pages, assets, anything unusual) goes through
 * Express as before. Replaces pino-http, helmet and the metrics middleware, which did the same at
 * several times the cost per request (`npm run bench -- middleware`).
 */
export function serveInFront(app: Express, options: FrontOptions): void {
  const { logger, headers, observe, table, fail } = options
  const expressHandle = (app as unknown as { handle: RequestHandler }).handle.bind(app)
  Object.defineProperty(app.request, 'log', {
    configurable: true,
    get(this: Request & { ownLog?: Logger }) {
      this.ownLog ??= logger.child({ req: requestFields(this) })
      return this.ownLog
    },
  })

  const handle = (req: Request, res: Response, callback?: (err?: unknown) => void) => {
    const started = performance.now()
    const incoming = req.headers['x-request-id']
    const id = typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : randomUUID()
    req.id = id
    res.setHeader('X-Request-Id', id)
    for (const [name, value] of headers) res.setHeader(name, value)
    res.once('close', () => {
      const ms = performance.now() - started
      observe?.(req, res, ms / 1000)
      const level = res.err || res.statusCode >= 500 ? 'error' : 'info'
      if (!logger.isLevelEnabled(level)) return
      const msg = res.err ? 'request errored' : res.writableFinished ? 'request completed' : 'request aborted'
      const line = {
        reqId: id,
        req: requestFields(req),
        res: { statusCode: res.statusCode },
        responseTime: Math.round(ms),
        ...res.logFields,
      }
      logger[level](res.err ? { ...line, err: res.err } : line, msg)
    })
    const hit = table.match(req.method, req.url)
    withRequestId(id, () =>
      hit
        ? void runHit(app, hit, req, res, (err) => fail(err, req, res))
        : expressHandle(req, res, callback as never),
    )
  }
  ;(app as unknown as { handle: typeof handle }).handle = handle
}

/** The request as logged: the query string stays out (it may carry an email or a token). */
function requestFields(req: Request) {
  const url = req.originalUrl ?? req.url
  const q = url.indexOf('?')
  return { id: req.id, method: req.method, url: q < 0 ? url : url.slice(0, q) }
}

/** The headers a header-setting middleware (helmet) sets on every response, captured once. */
export function headersOf(middleware: RequestHandler): [string, string][] {
  const headers: [string, string][] = []
  const res = {
    setHeader: (name: string, value: unknown) => headers.push([name, String(value)]),
    removeHeader: () => {},
  }
  middleware({} as Request, res as unknown as Response, () => {})
  return headers
}
