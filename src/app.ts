import express, { type RequestHandler } from 'express'
import helmet from 'helmet'
import { z } from 'zod'
import { registerAuthRoutes } from './accounts/auth.routes.js'
import { documentSetup } from './accounts/setup.routes.js'
import { currentStaffRole } from './accounts/staff.repository.js'
import { registerStaffRoutes } from './accounts/staff.routes.js'
import { registerBillingRoutes } from './billing/billing.routes.js'
import { observeStripeCalls, stripeProblem } from './billing/stripe-client.js'
import { mountStripeWebhook } from './billing/webhook.routes.js'
import type { Deps } from './deps.js'
import { CORS_PATHS, publicCors } from './http/cors.js'
import { createClassifier, createErrorHandler, notFoundHandler } from './http/error-handler.js'
import { headersOf, serveInFront } from './http/front.js'
import { registerHealthRoutes } from './http/health.routes.js'
import { createMetrics, registerMetricsRoute } from './http/metrics.js'
import { createRegistry, openApiDocument } from './http/openapi.js'
import { unsupportedMediaType } from './http/problems.js'
import { createRouteTable } from './http/route-table.js'
import { apiRouter } from './http/router.js'
import { rejectMalformedUrl } from './http/validate.js'
import { registerPages } from './pages.js'
import { registerReportsRoutes } from './reports/reports.routes.js'
import { registerSupportRoutes } from './support/support.routes.js'
import { registerVotingRoutes } from './voting/voting.routes.js'

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
  const metrics = createMetrics(deps)
  observeStripeCalls(deps.stripe, metrics)
  const table = createRouteTable()
  const cors = publicCors(deps.config.allowedOrigins)
  app.use(rejectMalformedUrl)
  app.use(CORS_PATHS, cors)

  // One classifier of errors for the API and the pages; billing maps the Stripe SDK's errors.
  const classify = createClassifier([stripeProblem])
  const registry = createRegistry()
  mountStripeWebhook(app, table, registry, deps, metrics)
  documentSetup(registry)
  // HTML pages take form posts, so they come before the JSON-only body parser; the API never walks them.
  const pages = registerPages(deps, classify)
  app.use((req, res, next) => (req.path.startsWith('/v1/') ? next() : pages.router(req, res, next)))
  const jsonBody = [requireJsonBody, express.json({ limit: BODY_LIMIT, type: 'application/json' })]
  app.use(...jsonBody)

  const api = apiRouter({
    registry,
    tokens: deps.tokens,
    staffRoleOf: (id) => currentStaffRole(deps.db, id),
    table,
    // What the Express path runs before the API router: CORS on its paths, then the JSON body.
    before: [corsOnItsPaths(cors), ...jsonBody],
  })
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
    // Generated on first request: it costs a noticeable part of start-up.
    handler: ({ res }) => {
      document ??= openApiDocument(registry, deps.config.publicUrl)
      res.json(document)
    },
  })
  app.use(api.router)
  let document: ReturnType<typeof openApiDocument> | undefined

  app.use(pages.notFound)
  app.use(pages.errorPage)
  app.use(notFoundHandler)
  const errorHandler = createErrorHandler(classify)
  app.use(errorHandler)
  serveInFront(app, {
    logger: deps.logger,
    headers: headersOf(helmet()),
    observe: metrics?.observeRequest,
    table,
    fail: (err, req, res) => pages.errorPage(err, req, res, (e) => errorHandler(e, req, res, () => {})),
  })
  return app
}

function corsOnItsPaths(cors: RequestHandler): RequestHandler {
  return (req, res, next) =>
    CORS_PATHS.some((p) => req.path === p || req.path.startsWith(`${p}/`)) ? cors(req, res, next) : next()
}
