// What the simulator's parts share, so that the endpoints each registers need not import the server.
export type Obj = Record<string, any>
/** A Stripe object as the simulator stores it (JSON, loosely typed as Stripe's own are). */
export type StripeObject = Obj
export interface FakeRequest {
  method: string
  path: string
  body: Obj
  query: Obj
  idempotencyKey: string | undefined
}
export type Handler = (req: FakeRequest, params: Record<string, string>) => Obj | Promise<Obj>

export class StripeSimulatorError extends Error {
  constructor(
    readonly status: number,
    readonly body: { type: string; message: string; code?: string; param?: string },
  ) {
    super(body.message)
  }
}

/** The object store and router that `StripeSimulator` is, as the endpoint modules see it. */
export interface SimulatorStore {
  readonly objects: Map<string, Obj>
  now: number
  on(method: string, path: string, handler: Handler): unknown
  create(prefix: string, object: string, fields: Obj): Obj
  update(id: string, object: string, fields: Obj): Obj
  get(id: string, object?: string): Obj
}

export const TEST_STRIPE_KEY = 'sk_test_fake_patronage'
export const TEST_WEBHOOK_SECRET = 'whsec_test_fake_patronage'
