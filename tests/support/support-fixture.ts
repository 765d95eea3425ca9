import type { SignedEvent } from '../../src/dev/stripe-simulator/billing.js'
import { PaymentSimulator } from '../../src/dev/stripe-simulator/payments.js'
import { type BillingFixture, seedTier, startBilling } from '../billing/billing-fixture.js'
import { createStaff, staffToken } from '../helpers/factories.js'
import { deliver } from '../helpers/stripe-events.js'

export interface SupportFixture extends BillingFixture {
  pay: PaymentSimulator
  tier: Awaited<ReturnType<typeof seedTier>>
  adminToken: string
  /** Delivers events as Stripe would; each must be answered 200. */
  send(events: SignedEvent[]): Promise<void>
}

/** The app with a fake Stripe, a tier (€5 a month, €50 a year) and both ways to support switched on. */
export async function startSupport(env: Record<string, string | undefined> = {}): Promise<SupportFixture> {
  const f = await startBilling(env)
  const tier = await seedTier(f.app.db, f.sim)
  const adminToken = staffToken(f.app.deps, await createStaff(f.app.db, 'admin'))
  const res = await f.app.api('PUT', '/v1/admin/support', {
    token: adminToken,
    body: {
      contributions: {
        currencies: ['eur', 'usd'],
        presets: [
          { currency: 'eur', amounts: [500, 1500, 5000] },
          { currency: 'usd', amounts: [1000] },
        ],
      },
      gifts: [{ tierId: tier.tierId, months: [1, 3, 6, 12] }],
    },
  })
  if (res.status !== 200) throw new Error(`PUT /v1/admin/support answered ${res.status}: ${res.text}`)
  return {
    ...f,
    pay: new PaymentSimulator(f.fake),
    tier,
    adminToken,
    async send(events) {
      for (const e of events) {
        const answer = await deliver(f.app.url, e)
        if (answer.status !== 200) throw new Error(`${e.type} answered ${answer.status}: ${answer.text}`)
      }
    },
  }
}

/** A seeded shuffle (a linear congruential generator), so a failing order can be replayed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items]
  let state = seed >>> 0 || 1
  const next = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0
    return state / 2 ** 32
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}
