import { createHash, timingSafeEqual } from 'node:crypto'
import { createRequire } from 'node:module'
import type { Request, Response } from 'express'
import type * as PromClient from 'prom-client'
import type { Registry } from 'prom-client'
import { z } from 'zod'
import type { Config } from '../config.js'
import { type Db, poolWaitingCount } from '../db/connect.js'
import { notFound, unauthenticated } from './problems.js'
import type { apiRouter } from './router.js'

type Route = ReturnType<typeof apiRouter>['route']

/** The route label of a request no route matched (404s, bodies refused before routing). */
export const UNMATCHED_ROUTE = '(unmatched)'

export type WebhookOutcomeLabel = 'applied' | 'duplicate' | 'ignored' | 'failed'

export interface Metrics {
  registry: Registry
  /** Puts a finished request into http_request_duration_seconds (called by the front for every request). */
  observeRequest(req: Request, res: Response, seconds: number): void
  webhookEvent(type: string, outcome: WebhookOutcomeLabel): void
  /** Puts one call to the Stripe API into patronage_stripe_request_duration_seconds (billing reports them). */
  stripeCall(call: { method: string; resource: string; status: number; seconds: number }): void
}

/** What the metrics read at each scrape (the app's Deps). */
export interface MetricsSources {
  config: Pick<Config, 'metricsToken'>
  db: Db
  pendingMailCount(): Promise<number>
}

/**
 * One Prometheus registry per app (tests run several apps in one process). Without METRICS_TOKEN
 * nothing is collected and GET /metrics answers 404.
 */
export function createMetrics(deps: MetricsSources): Metrics | undefined {
  if (!deps.config.metricsToken) return undefined
  // Loaded only when metrics are on: a service without METRICS_TOKEN starts without it.
  const { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } = createRequire(import.meta.url)(
    'prom-client',
  ) as typeof PromClient
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const registers = [registry]

  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from the request to the end of its response, by declared route',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers,
  })
  const webhookEvents = new Counter({
    name: 'patronage_webhook_events_total',
    help: 'Verified Stripe webhook events, by type and what became of them',
    labelNames: ['type', 'outcome'] as const,
    registers,
  })
  const stripeDuration = new Histogram({
    name: 'patronage_stripe_request_duration_seconds',
    help: 'Duration of the calls this service makes to the Stripe API',
    labelNames: ['method', 'resource', 'status_code'] as const,
    registers,
  })
  new Gauge({
    name: 'patronage_mail_pending',
    help: 'Mails waiting to be sent',
    registers,
    async collect() {
      // A scrape must answer while the database is away or busy: the gauge then keeps its last value.
      try {
        this.set(await deps.pendingMailCount())
      } catch {}
    },
  })
  new Gauge({
    name: 'patronage_db_pool_waiting',
    help: 'Queries waiting for a free database connection (always 0 on the embedded database)',
    registers,
    collect() {
      this.set(poolWaitingCount(deps.db))
    },
  })

  return {
    registry,
    observeRequest: (req, res, seconds) =>
      httpDuration.observe(
        { method: req.method, route: declaredRoute(req), status_code: res.statusCode },
        seconds,
      ),
    webhookEvent: (type, outcome) => webhookEvents.inc({ type, outcome }),
    stripeCall: ({ method, resource, status, seconds }) =>
      stripeDuration.observe({ method, resource, status_code: status }, seconds),
  }
}

/** GET /metrics: 404 while METRICS_TOKEN is unset (as for any unknown route), 401 without it. */
export function registerMetricsRoute(route: Route, metrics: Metrics | undefined, token: string | undefined) {
  const expected = token ? digest(token) : undefined
  route({
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics (Authorization: Bearer $METRICS_TOKEN; 404 when it is not set)',
    tag: 'health',
    responses: {
      200: { description: 'Prometheus text format', schema: z.string(), contentType: 'text/plain' },
      401: { description: 'Missing or wrong token' },
      404: { description: 'METRICS_TOKEN is not set' },
    },
    handler: async ({ req, res }) => {
      if (!metrics || !expected) throw notFound(`No route for ${req.method} ${req.path}.`)
      const presented = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1]
      // Equal-length digests: the comparison takes the same time whatever was presented.
      if (!presented || !timingSafeEqual(digest(presented), expected))
        throw unauthenticated('Present METRICS_TOKEN as a Bearer token.')
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics())
    },
  })
}

const digest = (value: string) => createHash('sha256').update(value).digest()

/** The route as declared (`/v1/rounds/:id/votes`), never the URL: ids would make a label per request. */
function declaredRoute(req: Request): string {
  const path: unknown = req.route?.path
  return typeof path === 'string' ? path : UNMATCHED_ROUTE
}
