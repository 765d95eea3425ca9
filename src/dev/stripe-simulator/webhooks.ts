import { type SignedEvent, signatureFor } from './billing.js'

export interface Delivery {
  id: string
  type: string
  /** The endpoint's last answer, or `unreachable` when no answer came. */
  status: number | 'unreachable'
  attempts: number
  at: Date
}

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number
  /** Wait before the first retry; each further retry waits twice as long. */
  firstDelayMs: number
}

const RECENT = 30
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Sends events to a webhook endpoint as Stripe does: the raw JSON, a Stripe-Signature made with the
 * endpoint's secret (fresh at each try), and when the endpoint fails (5xx or no answer) retries with
 * exponential backoff, a bounded number of times. Stripe spreads its retries over three days; the
 * simulator keeps the shape and shortens the waits.
 */
export class WebhookSender {
  readonly recent: Delivery[] = []

  constructor(
    readonly endpoint: string,
    readonly secret: string,
    readonly retry: RetryPolicy = { attempts: 6, firstDelayMs: 500 },
  ) {}

  async send(event: SignedEvent): Promise<Delivery> {
    for (let attempt = 1; ; attempt++) {
      const status = await this.post(event)
      const failed = status === 'unreachable' || status >= 500
      if (!failed || attempt >= this.retry.attempts) {
        const delivery = { id: event.id, type: event.type, status, attempts: attempt, at: new Date() }
        this.recent.unshift(delivery)
        this.recent.length = Math.min(this.recent.length, RECENT)
        return delivery
      }
      await sleep(this.retry.firstDelayMs * 2 ** (attempt - 1))
    }
  }

  /** Events of one object, one after the other: each is answered before the next is sent. */
  async sendInOrder(events: SignedEvent[]): Promise<Delivery[]> {
    const deliveries: Delivery[] = []
    for (const event of events) deliveries.push(await this.send(event))
    return deliveries
  }

  /** Several objects' event chains at once, `concurrency` chains at a time, each chain in order. */
  async sendChains(chains: SignedEvent[][], concurrency = 16): Promise<void> {
    await inPool(chains, concurrency, async (chain) => void (await this.sendInOrder(chain)))
  }

  private async post(event: SignedEvent): Promise<number | 'unreachable'> {
    try {
      const res = await fetch(this.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'stripe-signature': signatureFor(event.payload, { secret: this.secret }),
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks) simulated',
        },
        body: event.payload,
      })
      await res.arrayBuffer()
      return res.status
    } catch {
      return 'unreachable'
    }
  }
}

/** Runs `task` over the items, `concurrency` at a time. */
export async function inPool<T>(items: T[], concurrency: number, task: (item: T) => Promise<void>) {
  let next = 0
  const worker = async () => {
    while (next < items.length) await task(items[next++]!)
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker))
}
