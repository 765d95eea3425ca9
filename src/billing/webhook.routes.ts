import express, { type Express, type Request, type Response } from 'express'
import { z } from 'zod'
import type { Deps } from '../deps.js'
import type { Metrics } from '../http/metrics.js'
import type { OpenAPIRegistry } from '../http/openapi.js'
import type { RouteTable } from '../http/route-table.js'
import { problemSchema } from '../http/schemas.js'
import { asRetryable, handleEvent, verifyEvent } from './webhook.service.js'

export const WEBHOOK_PATH = '/v1/stripe/webhook'

/**
 * Mounted before any JSON parser: the signature covers the exact bytes Stripe sent. Documented by
 * hand because route() parses JSON bodies.
 */
export function mountStripeWebhook(
  app: Express,
  table: RouteTable,
  registry: OpenAPIRegistry,
  deps: Deps,
  metrics?: Metrics,
): void {
  const rawBody = express.raw({ type: '*/*', limit: '100kb' })
  const receive = async (req: Request, res: Response) => {
    const signature = req.headers['stripe-signature']
    const event = verifyEvent(deps, req.body, typeof signature === 'string' ? signature : undefined)
    try {
      const outcome = await handleEvent(deps, event)
      metrics?.webhookEvent(event.type, outcome)
      // On the request's access line rather than a line of its own (a child logger and a line per event).
      res.logFields = { eventId: event.id, type: event.type, outcome }
    } catch (err) {
      metrics?.webhookEvent(event.type, 'failed')
      req.log?.error({ err, eventId: event.id, type: event.type }, 'stripe event not applied')
      throw asRetryable(err)
    }
    res.status(200).json({ received: true })
  }
  app.post(WEBHOOK_PATH, rawBody, receive)
  table.add('post', WEBHOOK_PATH, [rawBody], receive)

  const problem = (description: string) => ({
    description,
    content: { 'application/problem+json': { schema: problemSchema } },
  })
  registry.registerPath({
    method: 'post',
    path: WEBHOOK_PATH,
    summary: 'Stripe webhook endpoint (raw body, verified with the Stripe-Signature header)',
    tags: ['billing'],
    request: {
      headers: z.object({ 'stripe-signature': z.string() }),
      body: {
        content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
        required: true,
      },
    },
    responses: {
      200: {
        description: 'Received (also for duplicates and ignored types)',
        content: { 'application/json': { schema: z.object({ received: z.literal(true) }) } },
      },
      400: problem('invalid-signature: missing, bad or stale (>300 s) signature'),
      500: problem('The event could not be applied; Stripe retries it'),
      503: problem('Stripe is not configured or could not be reached'),
    },
  })
}
