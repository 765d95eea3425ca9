import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stripeEvent } from '../../src/dev/stripe-simulator/billing.js'
import { WebhookSender } from '../../src/dev/stripe-simulator/webhooks.js'

const SECRET = 'whsec_sender_test'
const verifier = new Stripe('sk_test_verifier_only')

/** An endpoint answering each try from `answers` (then 200), verifying every signature as the service does. */
let answers: number[] = []
let tries: { at: number; verified: boolean }[] = []
let server: Server
let url: string

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      let verified = true
      try {
        verifier.webhooks.constructEvent(
          Buffer.concat(chunks),
          String(req.headers['stripe-signature']),
          SECRET,
        )
      } catch {
        verified = false
      }
      tries.push({ at: Date.now(), verified })
      res.writeHead(answers.shift() ?? 200).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/stripe/webhook`
})
afterAll(() => new Promise((resolve) => server.close(resolve)))

const event = () => stripeEvent('invoice.paid', { id: 'in_1', object: 'invoice' }, 1_700_000_000)

describe('the simulator sends webhooks as Stripe does', () => {
  it('retries a 5xx with growing waits, each try freshly signed, until the endpoint takes it', async () => {
    answers = [500, 503]
    tries = []
    const delivery = await new WebhookSender(url, SECRET, { attempts: 5, firstDelayMs: 40 }).send(event())
    expect(delivery).toMatchObject({ status: 200, attempts: 3 })
    expect(tries.map((t) => t.verified)).toEqual([true, true, true])
    const [a, b, c] = tries.map((t) => t.at)
    expect(b! - a!).toBeGreaterThanOrEqual(35)
    expect(c! - b!).toBeGreaterThanOrEqual(75) // twice the first wait
  })

  it('gives up after the bounded number of tries, and never retries a 4xx', async () => {
    answers = [500, 500, 500, 500]
    tries = []
    const sender = new WebhookSender(url, SECRET, { attempts: 3, firstDelayMs: 5 })
    expect(await sender.send(event())).toMatchObject({ status: 500, attempts: 3 })
    expect(tries).toHaveLength(3)
    answers = [400]
    tries = []
    expect(await sender.send(event())).toMatchObject({ status: 400, attempts: 1 })
    expect(tries).toHaveLength(1)
    expect(sender.recent.map((d) => d.status)).toEqual([400, 500])
  })

  it('retries an endpoint that does not answer at all', async () => {
    const down = new WebhookSender('http://127.0.0.1:1/v1/stripe/webhook', SECRET, {
      attempts: 2,
      firstDelayMs: 5,
    })
    expect(await down.send(event())).toMatchObject({ status: 'unreachable', attempts: 2 })
  })
})
