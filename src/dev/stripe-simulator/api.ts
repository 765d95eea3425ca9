import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import qs from 'qs'
import { type FakeRequest, type Handler, type Obj, StripeSimulatorError, TEST_STRIPE_KEY } from './core.js'
import { registerPayments } from './payments.js'
import { registerProducts } from './products.js'

export type { FakeRequest, StripeObject } from './core.js'
export { StripeSimulatorError, TEST_STRIPE_KEY, TEST_WEBHOOK_SECRET } from './core.js'

/**
 * A local stand-in for api.stripe.com speaking its wire format: form-encoded requests, JSON objects
 * with `object`, `{ error }` bodies, idempotency keys. The real SDK talks to it via STRIPE_API_BASE.
 * Features register the endpoints they use with `on()`; objects live in `objects` by id.
 */
export class StripeSimulator {
  readonly objects = new Map<string, Obj>()
  readonly requests: FakeRequest[] = []
  private readonly routes: { method: string; pattern: RegExp; keys: string[]; handler: Handler }[] = []
  private readonly idempotent = new Map<string, { params: string; body: Obj }>()
  private server!: Server
  url = ''
  /** Makes the next N requests fail with a 500, to test retries and rollbacks. */
  failNext = 0
  /** While set, every request fails this way (`down` drops the connection), until set back to undefined. */
  failWith: FakeFailure | undefined
  /** Where Checkout and the Customer Portal live; browser tests point these at `pages` below. */
  checkoutPageBase = 'https://checkout.stripe.test'
  portalPageBase = 'https://billing.stripe.test'
  /** Browser tests: serves Stripe's hosted pages from this fake's origin (true = handled). */
  pages?: (req: IncomingMessage, res: ServerResponse) => boolean
  /** Seconds since the epoch as this fake's clock; tests move it to date objects. */
  now = Math.floor(Date.now() / 1000)
  /** How many times a person pressed "advance one month" (see clock.ts). */
  advances = 0

  constructor() {
    this.on('GET', '/v1/customers/:id', (_r, p) => this.get(p.id!, 'customer'))
    this.on('POST', '/v1/customers', (r) =>
      this.create('cus', 'customer', { email: r.body.email ?? null, metadata: r.body.metadata ?? {} }),
    )
    this.on('POST', '/v1/checkout/sessions', (r) => {
      const id = this.id('cs_test')
      return this.put({
        id,
        object: 'checkout.session',
        mode: r.body.mode,
        status: 'open',
        payment_status: 'unpaid',
        customer: r.body.customer ?? null,
        customer_email: r.body.customer_email ?? null,
        client_reference_id: r.body.client_reference_id ?? null,
        success_url: r.body.success_url ?? null,
        cancel_url: r.body.cancel_url ?? null,
        line_items: r.body.line_items,
        subscription: null,
        metadata: r.body.metadata ?? {},
        subscription_data: r.body.subscription_data ?? null,
        payment_intent_data: r.body.payment_intent_data ?? null,
        payment_intent: null,
        url: `${this.checkoutPageBase}/c/pay/${id}`,
        created: this.now,
      })
    })
    this.on('GET', '/v1/subscriptions/:id', (r, p) =>
      this.expand(this.get(p.id!, 'subscription'), r.query.expand),
    )
    this.on('GET', '/v1/subscriptions', (r) => {
      const all = [...this.objects.values()]
        .filter((o) => o.object === 'subscription')
        .sort((a, b) => b.created - a.created || (a.id < b.id ? 1 : -1))
      const start = r.query.starting_after ? all.findIndex((o) => o.id === r.query.starting_after) + 1 : 0
      const limit = Number(r.query.limit ?? 10)
      const page = all.slice(start, start + limit)
      const expand = ([] as string[])
        .concat(r.query.expand ?? [])
        .filter((e) => e.startsWith('data.'))
        .map((e) => e.slice(5))
      return {
        object: 'list',
        url: '/v1/subscriptions',
        has_more: start + limit < all.length,
        data: page.map((o) => this.expand(o, expand)),
      }
    })
    this.on('POST', '/v1/billing_portal/sessions', (r) => {
      const id = this.id('bps')
      return this.put({
        id,
        object: 'billing_portal.session',
        customer: r.body.customer,
        return_url: r.body.return_url ?? null,
        url: `${this.portalPageBase}/p/session/${id}`,
        created: this.now,
        livemode: false,
      })
    })
    registerProducts(this)
    registerPayments(this)
  }

  /** Registers an endpoint; `:name` segments become params. Later registrations win. */
  on(method: string, path: string, handler: Handler): this {
    const keys: string[] = []
    const pattern = new RegExp(
      `^${path.replace(/:(\w+)/g, (_m, k) => {
        keys.push(k)
        return '([^/]+)'
      })}$`,
    )
    this.routes.unshift({ method, pattern, keys, handler })
    return this
  }

  id(prefix: string): string {
    return `${prefix}_${randomBytes(12).toString('hex')}`
  }

  put<T extends Obj>(obj: T): T {
    this.objects.set(obj.id, obj)
    return obj
  }

  create(prefix: string, object: string, fields: Obj): Obj {
    return this.put({ id: this.id(prefix), object, created: this.now, livemode: false, ...fields })
  }

  /** Applies form fields to a stored object (metadata merges), as Stripe's update endpoints do. */
  update(id: string, object: string, fields: Obj): Obj {
    const found = this.get(id, object)
    const { metadata, ...rest } = fields
    for (const [k, v] of Object.entries(rest)) found[k] = v === 'true' ? true : v === 'false' ? false : v
    if (metadata) found.metadata = { ...found.metadata, ...metadata }
    return found
  }

  /** A copy with the listed fields (e.g. `customer`) replaced by their objects. */
  expand(obj: Obj, fields: unknown): Obj {
    const copy = structuredClone(obj)
    for (const field of ([] as string[]).concat((fields as string[]) ?? [])) {
      const id = copy[field]
      if (typeof id === 'string' && this.objects.has(id)) copy[field] = structuredClone(this.objects.get(id))
    }
    return copy
  }

  get(id: string, object?: string): Obj {
    const found = this.objects.get(id)
    if (!found || (object && found.object !== object)) {
      throw new StripeSimulatorError(404, {
        type: 'invalid_request_error',
        code: 'resource_missing',
        message: `No such ${object ?? 'object'}: '${id}'`,
        param: 'id',
      })
    }
    return found
  }

  /** Listens on 127.0.0.1 (port 0 = a free one); refused in production or beside a real Stripe key. */
  async start(port = 0): Promise<this> {
    assertSimulatorAllowed()
    this.server = createServer((req, res) => {
      if (this.pages?.(req, res)) return
      this.handle(req).then(
        ({ status, body }) => {
          res.writeHead(status, { 'content-type': 'application/json', 'request-id': this.id('req') })
          res.end(JSON.stringify(body))
        },
        (err) => {
          res.writeHead(500, { 'content-type': 'application/json' })
          res.end(JSON.stringify({ error: { type: 'api_error', message: String(err) } }))
        },
      )
    })
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(port, '127.0.0.1', resolve)
    })
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise((resolve) => this.server.close(resolve))
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: Obj }> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const url = new URL(req.url ?? '/', 'http://fake')
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      body: qs.parse(Buffer.concat(chunks).toString('utf8'), { depth: 20, arrayLimit: 1000 }) as Obj,
      query: qs.parse(url.search.slice(1), { depth: 20, arrayLimit: 1000 }) as Obj,
      idempotencyKey: req.headers['idempotency-key'] as string | undefined,
    }
    this.requests.push(request)
    if (this.failWith === 'down') {
      req.socket.destroy()
      return new Promise(() => {})
    }
    if (this.failWith) return { status: 400, body: { error: FAILURES[this.failWith] } }
    if (!String(req.headers.authorization ?? '').startsWith('Bearer sk_')) {
      return {
        status: 401,
        body: { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } },
      }
    }
    if (this.failNext > 0) {
      this.failNext--
      return { status: 500, body: { error: { type: 'api_error', message: 'Simulated outage' } } }
    }
    const replayKey = request.idempotencyKey && `${request.method} ${request.path} ${request.idempotencyKey}`
    const sentParams = JSON.stringify(request.body)
    const replay = replayKey ? this.idempotent.get(replayKey) : undefined
    if (replay && replay.params !== sentParams) return { status: 400, body: { error: FAILURES.idempotency } }
    if (replay) return { status: 200, body: replay.body }
    for (const route of this.routes) {
      const m = route.method === request.method ? route.pattern.exec(request.path) : null
      if (!m) continue
      const params = Object.fromEntries(route.keys.map((k, i) => [k, decodeURIComponent(m[i + 1]!)]))
      try {
        const body = await route.handler(request, params)
        if (replayKey) this.idempotent.set(replayKey, { params: sentParams, body })
        return { status: 200, body }
      } catch (err) {
        if (err instanceof StripeSimulatorError) return { status: err.status, body: { error: err.body } }
        throw err
      }
    }
    return {
      status: 404,
      body: {
        error: {
          type: 'invalid_request_error',
          message: `Unrecognized request URL (${request.method}: ${request.path})`,
        },
      },
    }
  }
}

export type FakeFailure = 'down' | 'invalid-request' | 'idempotency' | 'no-portal-configuration'

/** Stripe's error bodies for the failures `failWith` can simulate. */
const FAILURES: Record<Exclude<FakeFailure, 'down'>, StripeSimulatorError['body']> = {
  'invalid-request': { type: 'invalid_request_error', message: 'Invalid request (simulated)', param: 'x' },
  idempotency: {
    type: 'idempotency_error',
    message:
      'Keys for idempotent requests can only be used with the same parameters they were first used with.',
  },
  'no-portal-configuration': {
    type: 'invalid_request_error',
    message:
      'No configuration provided and your test mode default configuration has not been created. Provide a configuration or create your default by saving your customer portal settings in test mode at https://dashboard.stripe.com/test/settings/billing/portal.',
  },
}

export class SimulatorRefused extends Error {
  override name = 'SimulatorRefused'
}

/**
 * The simulator never runs where real money could be involved: not with NODE_ENV=production, and not
 * beside a STRIPE_SECRET_KEY other than its own (a real test or live key means real Stripe is meant).
 */
export function assertSimulatorAllowed(env: Record<string, string | undefined> = process.env): void {
  if (env.NODE_ENV === 'production')
    throw new SimulatorRefused('The Stripe simulator does not run with NODE_ENV=production.')
  const key = env.STRIPE_SECRET_KEY
  if (key && key !== TEST_STRIPE_KEY)
    throw new SimulatorRefused(
      'STRIPE_SECRET_KEY is set to a real Stripe key: the Stripe simulator does not run beside one. Unset it for the demo.',
    )
}
