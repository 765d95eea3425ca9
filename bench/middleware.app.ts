/**
 * A child of the middleware bench: GET /healthz answered by a stack of LAYERS (names, comma-separated,
 * cumulative in the order given by bench/middleware.bench.ts), so each layer's cost per request shows
 * as the difference from the stack before it. `node-http` alone is a bare node:http server; `service`
 * is the real createApp of this branch (its database, DATABASE_URL, is not touched by /healthz).
 */
import { randomUUID } from 'node:crypto'
import { createServer, type RequestListener } from 'node:http'
import { createRequire } from 'node:module'
import express, { type Request, type RequestHandler, type Response } from 'express'
import helmet from 'helmet'
import { pino } from 'pino'
import { createApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { connectDatabase } from '../src/db/connect.js'
import { createDeps } from '../src/deps.js'
import { CORS_PATHS, publicCors } from '../src/http/cors.js'
import { createClassifier } from '../src/http/error-handler.js'
import { rejectMalformedUrl } from '../src/http/validate.js'
import { createLogger, withRequestId } from '../src/logger.js'
import { registerPages } from '../src/pages.js'

// Untyped on purpose: its declarations of req.id and req.log would clash with the service's own.
const { pinoHttp } = createRequire(import.meta.url)('pino-http') as {
  pinoHttp: (o: object) => RequestHandler
}
const layers = (process.env.LAYERS ?? '').split(',').filter(Boolean)
const level = (process.env.LOG_LEVEL ?? 'warn') as 'warn' | 'info'
const config = loadConfig({ ...process.env, LOG_LEVEL: level })
const devNull = pino.destination({ dest: '/dev/null', sync: false })
const logger = pino({ level }, devNull)
const body = JSON.stringify({ status: 'ok' })

function listener(): RequestListener {
  if (layers[0] === 'node-http')
    return (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length })
      res.end(body)
    }
  if (layers[0] === 'service') {
    const db = connectDatabase({ url: process.env.DATABASE_URL })
    const deps = createDeps(config, db, createLogger(config, { pretty: false, destination: devNull }))
    return createApp(deps) as unknown as RequestListener
  }
  const app = express()
  app.disable('x-powered-by')
  for (const layer of layers.slice(1)) {
    if (layer === 'pino-http')
      app.use(
        pinoHttp({
          logger,
          serializers: {
            req: (req: Request) => ({ id: req.id, method: req.method, url: req.url.split('?')[0] }),
            res: (res: Response) => ({ statusCode: res.statusCode }),
          },
          genReqId: (req: Request, res: Response) => {
            const incoming = req.headers['x-request-id']
            const id =
              typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID()
            res.setHeader('X-Request-Id', id)
            return id
          },
        }),
      )
    else if (layer === 'request-id-context') app.use((req, _res, next) => withRequestId(String(req.id), next))
    else if (layer === 'metrics-timer')
      app.use((_req, res, next) => {
        const started = process.hrtime.bigint()
        res.once('finish', () => void (Number(process.hrtime.bigint() - started) / 1e9))
        next()
      })
    else if (layer === 'helmet') app.use(helmet())
    else if (layer === 'malformed-url') app.use(rejectMalformedUrl)
    else if (layer === 'cors') app.use(CORS_PATHS, publicCors([]))
    else if (layer === 'pages-router') {
      const db = connectDatabase({ url: process.env.DATABASE_URL })
      app.use(registerPages(createDeps(config, db, logger), createClassifier([])).router)
    } else if (layer === 'json-parser') app.use(express.json())
    else throw new Error(`unknown layer ${layer}`)
  }
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' })
  })
  return app as unknown as RequestListener
}

const server = createServer(listener()).listen(Number(process.env.PORT ?? 0))
process.once('SIGTERM', () => {
  server.close(() => process.exit(0))
  server.closeAllConnections()
})
