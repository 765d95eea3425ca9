import type { Deps } from '../../deps.js'
import { startContribution, startGift } from '../../support/checkout.service.js'
import { startGiftFromLink } from '../../support/gifts.service.js'
import { updateSupport } from '../../support/support.service.js'
import type { StripeSimulator } from '../stripe-simulator/api.js'
import { PaymentSimulator } from '../stripe-simulator/payments.js'
import type { WebhookSender } from '../stripe-simulator/webhooks.js'
import { deliver } from './members.js'

const DAY = 86_400

/** One-time contributions over the year, in cents, by days ago: a few a season, two this month. */
const CONTRIBUTIONS = [
  { daysAgo: 310, amount: 1500 },
  { daysAgo: 240, amount: 500 },
  { daysAgo: 170, amount: 5000 },
  { daysAgo: 120, amount: 1500 },
  { daysAgo: 75, amount: 2500 },
  { daysAgo: 40, amount: 500 },
  { daysAgo: 12, amount: 1500 },
  { daysAgo: 3, amount: 5000 },
]

/** Gift memberships: one its recipient started from the mailed link, one still waiting to be opened. */
const GIFTS = [
  {
    daysAgo: 25,
    purchaser: 'friend1@ledger.example.org',
    recipient: 'gift1@ledger.example.org',
    start: true,
  },
  {
    daysAgo: 6,
    purchaser: 'friend2@ledger.example.org',
    recipient: 'gift2@ledger.example.org',
    start: false,
  },
]

interface SupportRun {
  deps: Deps
  fake: StripeSimulator
  sender: WebhookSender
  now: number
  /** The tier given as a gift. */
  tierId: string
}

/**
 * Runs `work` and returns the gift link mailed to `recipient` meanwhile: the demo reads it out of the
 * mail on its way, as signInLink does, and the recipient opens it.
 */
async function giftLinkMailed(deps: Deps, recipient: string, work: () => Promise<void>): Promise<string> {
  const mailer = deps.mailer
  let token: string | undefined
  deps.mailer = {
    async send(mail) {
      if (mail.to === recipient) token ??= /\/gift\/start\?token=([\w-]+)/.exec(mail.text)?.[1]
      await mailer.send(mail)
    },
  }
  try {
    await work()
  } finally {
    deps.mailer = mailer
  }
  if (!token) throw new Error(`no gift link was mailed to ${recipient}`)
  return token
}

/**
 * Both ways to support switched on, then contributions and gifts paid as readers pay them: Checkout
 * through the service, the simulator's payment at its time in the year and its signed webhook.
 */
export async function seedSupport(run: SupportRun): Promise<void> {
  const { deps, fake, sender } = run
  await updateSupport(deps.db, deps.config, {
    contributions: { currencies: ['eur'], presets: [{ currency: 'eur', amounts: [500, 1500, 5000] }] },
    gifts: [{ tierId: run.tierId, months: [3, 12] }],
  })
  const pay = new PaymentSimulator(fake)
  // Checkout opened and paid at that day of the year, by the simulator's clock.
  const paidAt = async (daysAgo: number, start: () => Promise<{ sessionId: string }>) => {
    fake.now = run.now - daysAgo * DAY
    const { sessionId } = await start()
    await deliver(sender, pay.pay(sessionId).events)
  }
  for (const [i, c] of CONTRIBUTIONS.entries()) {
    const email = `friend${i + 1}@ledger.example.org`
    await paidAt(c.daysAgo, () => startContribution(deps, { email, amount: c.amount, currency: 'eur' }))
  }
  for (const g of GIFTS) {
    const gift = { purchaserEmail: g.purchaser, recipientEmail: g.recipient, tierId: run.tierId }
    const bought = () => paidAt(g.daysAgo, () => startGift(deps, { ...gift, months: 3 }))
    if (!g.start) await bought()
    else await startGiftFromLink(deps, await giftLinkMailed(deps, g.recipient, bought))
  }
}
