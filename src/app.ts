import { randomUUID } from 'node:crypto'
import express, { type RequestHandler } from 'express'
import helmet from 'helmet'
import { pinoHttp } from 'pino-http'
import { z } from 'zod'
import { registerAuthRoutes } from './accounts/auth.routes.js'
import { mountSetup } from './accounts/setup.routes.js'
import { currentStaffRole } from './accounts/staff.repository.js'
import { registerStaffRoutes } from './accounts/staff.routes.js'
import { registerBillingRoutes } from './billing/billing.routes.js'
import { mountStripeWebhook } from './billing/webhook.routes.js'
import type { Deps } from './deps.js'
import { CORS_PATHS, publicCors } from './http/cors.js'
import { errorHandler, notFoundHandler } from './http/error-handler.js'
import { registerHealthRoutes } from './http/health.routes.js'
import { createMetrics, registerMetricsRoute } from './http/metrics.js'
import { createRegistry, openApiDocument } from './http/openapi.js'
import { unsupportedMediaType } from './http/problems.js'
import { apiRouter } from './http/router.js'
import { rejectMalformedUrl } from './http/validate.js'
import { serializeError, withRequestId } from './logger.js'
import { unsubscribeRouter } from './mail/unsubscribe.pages.js'
import { registerReportsRoutes } from './reports/reports.routes.js'
import { registerSupportRoutes } from './support/support.routes.js'
import { registerVotingRoutes } from './voting/voting.routes.js'
import { registerPages } from './web/register.js'

const BODY_LIMIT = '100kb'

/** A request that carries a body must say it is JSON. */
const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody =
    Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined
  if (hasBody && !req.is('application/json')) throw unsupportedMediaType()
  next()
}

export function createApp(deps: Deps): express.Express {
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', deps.config.trustProxy)
  app.use(
    pinoHttp({
      logger: deps.logger,
      serializers: {
        // The query string stays out of the logs: it may carry an email (`q=`) or a token.
        req: (req) => ({ id: req.id, method: req.method, url: req.url.split('?')[0] }),
        res: (res) => ({ statusCode: res.statusCode }),
        err: serializeError,
      },
      // One line per request; the error handler puts a 5xx's error on it (a 4xx gets no stack).
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id']
        const id = typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID()
        res.setHeader('X-Request-Id', id)
        return id
      },
    }),
  )
  app.use((req, _res, next) => withRequestId(String(req.id), next))
  const metrics = createMetrics(deps)
  if (metrics) app.use(metrics.timeRequests)
  app.use(helmet())
  app.use(rejectMalformedUrl)
  app.use(CORS_PATHS, publicCors(deps.config.allowedOrigins))

  const registry = createRegistry()
  mountStripeWebhook(app, registry, deps, metrics)
  mountSetup(app, registry, deps)
  // One-click unsubscribe posts a form body (RFC 8058), so it comes before the JSON-only rule.
  app.use(unsubscribeRouter(deps))
  // HTML pages take form posts, so they come before the JSON-only body parser.
  const pages = registerPages(deps)
  app.use(pages.router)
  app.use(requireJsonBody, express.json({ limit: BODY_LIMIT, type: 'application/json' }))

  const api = apiRouter({ registry, tokens: deps.tokens, staffRoleOf: (id) => currentStaffRole(deps.db, id) })
  registerHealthRoutes(api.route, deps.db)
  registerAuthRoutes(api.route, deps)
  registerStaffRoutes(api.route, deps)
  registerVotingRoutes(api.route, deps)
  registerReportsRoutes(api.route, deps)
  registerBillingRoutes(api.route, deps)
  registerSupportRoutes(api.route, deps)
  registerMetricsRoute(api.route, metrics, deps.config.metricsToken)
  api.route({
    method: 'get',
    path: '/openapi.json',
    summary: 'This OpenAPI 3.1 document',
    tag: 'health',
    responses: { 200: { description: 'The document', schema: z.record(z.string(), z.unknown()) } },
    handler: ({ res }) => res.json(document),
  })
  app.use(api.router)
  const document = openApiDocument(registry, deps.config.publicUrl)

  app.use(pages.notFound)
  app.use(pages.errorPage)
  app.use(notFoundHandler)
  app.use(errorHandler)
  return app
}
