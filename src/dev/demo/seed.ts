import { putStaff } from '../../accounts/staff.service.js'
import { grantComp } from '../../billing/members.service.js'
import { upsertMemberByEmail } from '../../billing/subscriptions.repository.js'
import { createTier } from '../../billing/tiers.service.js'
import type { Deps } from '../../deps.js'
import { StartupError } from '../../startup.js'
import type { StripeSimulator } from '../stripe-simulator/api.js'
import { BillingSimulator } from '../stripe-simulator/billing.js'
import { inPool, type WebhookSender } from '../stripe-simulator/webhooks.js'
import { type DemoPrice, liveMember, planMembers } from './members.js'
import { DEMO_ADMIN, DEMO_PATRON, TIERS } from './newsroom.js'
import { Phases } from './phases.js'
import { seedSupport } from './support.js'
import { demoSeeded, seedClosedRound, seedOpenRound } from './voting.js'

const DAY_MS = 86_400_000
/** Members whose chains of events run at once: enough to keep the database busy, not to drown it. */
const CONCURRENCY = 12
const COMPS = 5

export interface SeedOptions {
  /** Members who ever joined (default 300). */
  members?: number
  /** Called once the simulator holds every object the database refers to (the demo saves it then). */
  onStripeDone?: () => void
  /** Times each phase (the demo prints them). */
  phases?: Phases
}

export type SeedOutcome = 'seeded' | 'reused'

/** The tiers, through the service's tier service: the simulator gets their products and prices. */
async function seedTiers(deps: Deps, fake: StripeSimulator): Promise<DemoPrice[]> {
  const prices: DemoPrice[] = []
  for (const [tier, input] of TIERS.entries()) {
    const { tier: created } = await createTier(deps, { ...input, currency: 'eur' }, `demo-tier-${tier}`)
    for (const p of created.prices)
      prices.push({ tier, interval: p.interval, id: p.id, stripe: fake.get(p.stripePriceId!, 'price') })
  }
  return prices
}

/** A few complimentary memberships staff granted: to former patrons, then to press guests. */
async function seedComps(deps: Deps, staffId: string, formerPatrons: string[]) {
  const ids = formerPatrons.slice(0, 2)
  for (let i = 1; ids.length < COMPS; i++)
    ids.push((await upsertMemberByEmail(deps.db, `press${i}@ledger.example.org`)).id)
  for (const [i, memberId] of ids.entries()) {
    await grantComp(deps.db, memberId, { until: new Date(Date.now() + (60 + 30 * i) * DAY_MS) }, staffId)
  }
}

const membersWith = (deps: Deps, statuses: string[]) =>
  deps.db
    .selectFrom('members')
    .select(['id', 'email'])
    .where('status', 'in', statuses as never[])
    .orderBy('email')
    .execute()

/**
 * The demo newsroom, made the way production makes it: tiers through the tier service, members
 * through Checkout and the simulator's signed webhooks over a past year, one-time contributions and
 * gifts the same way, comps, staff and rounds through their services. Idempotent: a database that has it already is left as it is.
 */
export async function seedDemo(
  deps: Deps,
  fake: StripeSimulator,
  sender: WebhookSender,
  options: SeedOptions = {},
): Promise<SeedOutcome> {
  if (await demoSeeded(deps.db)) return 'reused'
  if (await deps.db.selectFrom('tiers').select('id').executeTakeFirst())
    throw new StartupError(
      'The demo data is incomplete (an earlier start was interrupted): run npm run demo -- --reset',
    )
  const phases = options.phases ?? new Phases()
  const { staff, prices } = await phases.time('tiers', async () => ({
    staff: (await putStaff(deps.db, DEMO_ADMIN, 'admin')).staff,
    prices: await seedTiers(deps, fake),
  }))
  const now = Math.floor(Date.now() / 1000)
  const run = { deps, fake, sim: new BillingSimulator(fake), sender, prices, now }
  const plans = planMembers(options.members ?? 300, prices, now)
  await phases.time('members', () => inPool(plans, CONCURRENCY, (plan) => liveMember(run, plan)))
  await phases.time('support', async () => {
    const gifted = await deps.db
      .selectFrom('tiers')
      .select('id')
      .where('name', '=', TIERS[1].name)
      .executeTakeFirstOrThrow()
    await seedSupport({ deps, fake, sender, now, tierId: gifted.id })
  })
  fake.now = Math.max(fake.now, Math.floor(Date.now() / 1000))
  options.onStripeDone?.()

  await phases.time('comps', async () => {
    const former = (await membersWith(deps, ['canceled'])).map((m) => m.id)
    await seedComps(deps, staff.id, former)
  })
  await phases.time('rounds', async () => {
    const paying = (await membersWith(deps, ['active'])).map((m) => m.id)
    await seedClosedRound(deps.db, paying.slice(0, Math.ceil(paying.length * 0.45)))
    // The demo patron has not voted in the open round yet: that is for the person trying the demo.
    const others = (await membersWith(deps, ['active']))
      .filter((m) => m.email !== DEMO_PATRON)
      .map((m) => m.id)
    await seedOpenRound(
      deps.db,
      others.filter((_, i) => i % 3 !== 0),
      others.slice(-3),
    )
  })
  return 'seeded'
}
