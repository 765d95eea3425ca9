import { z } from 'zod'
import { currentStaffRole } from '../accounts/index.js'
import type { Db } from '../db/connect.js'
import { withinTransaction } from '../db/transaction.js'
import { conflict, notFound, validation } from '../http/problems.js'
import { decodeCursor, keysetPage } from '../http/schemas.js'
import { memberSupport } from '../support/member-support.js'
import {
  compsOf,
  endComp,
  findMemberView,
  historyOf,
  insertComp,
  listMemberViews,
  type MemberFilter,
  type MemberViewRow,
  memberCustomer,
  subscriptionsOf,
  tierNames,
} from './members.repository.js'
import { requireStripe, type Stripe, stripeCall } from './stripe-client.js'
import { lockMember } from './subscriptions.repository.js'
import { findTier } from './tiers.repository.js'

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null)

/** The one place member rows become response objects. */
async function toViews(db: Db, rows: MemberViewRow[]) {
  const tierIds = [...new Set(rows.map((r) => r.tier_id).filter((id): id is string => id !== null))]
  const names = new Map((await tierNames(db, tierIds)).map((t) => [t.id, t.name]))
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    status: r.status,
    tier: r.tier_id ? { id: r.tier_id, name: names.get(r.tier_id) ?? '' } : null,
    currentPeriodEnd: iso(r.current_period_end),
    cancelAtPeriodEnd: r.cancel_at_period_end ?? false,
    graceUntil: r.status === 'past_due' ? iso(r.grace_until) : null,
    entitlements: r.entitled ? ['vote'] : [],
  }))
}

export async function memberView(db: Db, id: string) {
  const row = await findMemberView(db, id)
  if (!row) throw notFound('No such member.', 'member-not-found')
  const [view] = await toViews(db, [row])
  return view!
}

const cursorShape = z.object({ c: z.string().max(64), i: z.uuid() })

export async function listMembers(
  db: Db,
  filter: Omit<MemberFilter, 'after'> & { cursor?: string | undefined },
) {
  const after = decodeCursor(filter.cursor, cursorShape)
  const rows = await listMemberViews(db, { ...filter, after: after && { createdAt: after.c, id: after.i } })
  const { rows: page, nextCursor } = keysetPage(rows, filter.limit, (r) => ({ c: r.created_key, i: r.id }))
  const views = await toViews(db, page)
  return { data: views.map((v, i) => ({ ...v, createdAt: page[i]!.created_at.toISOString() })), nextCursor }
}

export async function memberDetail(db: Db, id: string) {
  const view = await memberView(db, id)
  const [subscriptions, history, comps, support] = await Promise.all([
    subscriptionsOf(db, id),
    historyOf(db, id),
    compsOf(db, id),
    memberSupport(db, id),
  ])
  return {
    ...view,
    subscriptions: subscriptions.map((s) => ({
      id: s.id,
      status: s.status,
      tierId: s.tier_id,
      priceId: s.price_id,
      interval: s.interval,
      amount: s.amount,
      quantity: s.quantity,
      currency: s.currency,
      mrr: s.mrr,
      startDate: iso(s.start_date),
      currentPeriodStart: iso(s.current_period_start),
      currentPeriodEnd: iso(s.current_period_end),
      cancelAtPeriodEnd: s.cancel_at_period_end,
      canceledAt: iso(s.canceled_at),
      endedAt: iso(s.ended_at),
    })),
    history: history.map((h) => ({
      at: h.at.toISOString(),
      fromStatus: h.from_status,
      toStatus: h.to_status,
      mrrDelta: h.to_mrr - h.from_mrr,
      currency: h.to_currency ?? h.from_currency,
    })),
    comps: comps.map(toComp),
    ...support,
  }
}

function toComp(c: Awaited<ReturnType<typeof compsOf>>[number]) {
  return {
    id: c.id,
    memberId: c.member_id,
    tierId: c.tier_id,
    startsAt: c.starts_at.toISOString(),
    until: c.until.toISOString(),
    grantedBy: c.granted_by,
  }
}

/** A staff-granted complimentary membership: entitled until `until`, counted apart from MRR. */
export async function grantComp(
  db: Db,
  memberId: string,
  input: { until: Date; tierId?: string | undefined },
  staffId: string,
) {
  if (input.until.getTime() <= Date.now())
    throw validation(
      'until must be in the future.',
      [{ path: 'body.until', message: 'must be in the future' }],
      'comp-until-past',
    )
  if (!(await findMemberView(db, memberId))) throw notFound('No such member.', 'member-not-found')
  if (input.tierId && !(await findTier(db, input.tierId))) throw notFound('No such tier.', 'tier-not-found')
  const grantedBy = (await currentStaffRole(db, staffId)) ? staffId : null
  return toComp(
    await insertComp(db, { memberId, tierId: input.tierId ?? null, until: input.until, grantedBy }),
  )
}

/**
 * Staff end a comp early: the member's entitlement from it stops now. Under the member's update lock,
 * as a membership change from Stripe: votes in flight (which hold it FOR SHARE) land before, none after.
 */
export async function endCompNow(db: Db, memberId: string, compId: string): Promise<void> {
  const ended = await withinTransaction(db, async (trx) => {
    await lockMember(trx, memberId)
    return endComp(trx, memberId, compId)
  })
  if (!ended) throw notFound('No running comp of this member has this id.', 'comp-not-found')
}

/** A Stripe Customer Portal session for the caller's own Stripe customer. */
export async function billingPortal(
  ctx: { db: Db; stripe: Stripe | undefined; config: { publicUrl: string } },
  memberId: string,
  returnUrl: string | undefined,
) {
  const stripe = requireStripe(ctx.stripe)
  const member = await memberCustomer(ctx.db, memberId)
  if (!member) throw notFound('No such member.', 'member-not-found')
  const customer = member.stripe_customer_id
  if (!customer)
    throw conflict(
      'no-billing-account',
      'This member has no billing account yet; subscribe through Checkout first.',
    )
  const session = await stripeCall(() =>
    stripe.billingPortal.sessions.create({
      customer,
      return_url: returnUrl ?? `${ctx.config.publicUrl}/account`,
    }),
  )
  return { url: session.url }
}
