import { z } from 'zod'
import type { MemberStatus } from '../db/schema.js'
import type { Deps } from '../deps.js'
import type { apiRouter } from '../http/router.js'
import { id, idParams, isoDateTime, page, pageQuery, redirectUrl } from '../http/schemas.js'
import { giftView } from '../support/gifts.service.js'
import { memberSupportSchema } from '../support/member-support.js'
import { billingPortal, grantComp, listMembers, memberDetail, memberView } from './members.service.js'
import { SUBSCRIPTION_STATUSES } from './membership.js'

type Route = ReturnType<typeof apiRouter>['route']

const statuses = ['none', ...SUBSCRIPTION_STATUSES] as [MemberStatus, ...MemberStatus[]]

const member = z.object({
  id: z.string(),
  email: z.string(),
  status: z.enum(statuses),
  tier: z.object({ id: z.string(), name: z.string() }).nullable(),
  currentPeriodEnd: z.string().nullable(),
  cancelAtPeriodEnd: z.boolean(),
  graceUntil: z.string().nullable(),
  entitlements: z.array(z.string()),
})
const comp = z.object({
  id: z.string(),
  memberId: z.string(),
  tierId: z.string().nullable(),
  startsAt: z.string(),
  until: z.string(),
  grantedBy: z.string().nullable(),
})
const memberDetailSchema = member.extend({
  subscriptions: z.array(z.record(z.string(), z.unknown())),
  history: z.array(
    z.object({
      at: z.string(),
      fromStatus: z.enum(statuses),
      toStatus: z.enum(statuses),
      mrrDelta: z.number().int(),
      currency: z.string().nullable(),
    }),
  ),
  comps: z.array(comp),
  ...memberSupportSchema,
})

export const membersQuery = pageQuery.extend({
  status: z.enum(statuses).optional(),
  tierId: id.optional(),
  q: z.string().trim().min(1).max(254).optional(),
})
export const compBody = z.object({ until: isoDateTime, tierId: id.optional() })
/** The body of POST /v1/me/billing-portal; returnUrl must be on one of the allowed origins. */
export const portalBody = (allowedOrigins: readonly string[]) =>
  z.object({ returnUrl: redirectUrl(allowedOrigins).optional() }).default({})

const giftSchema = z
  .object({ tierId: z.string(), startsAt: z.string(), endsAt: z.string() })
  .nullable()
  .meta({ description: 'A started gift membership running now (or next), else null' })

export function registerMemberRoutes(route: Route, deps: Deps): void {
  route({
    method: 'get',
    path: '/v1/me',
    summary: 'The caller’s membership: status, tier, period, grace and entitlements',
    tag: 'members',
    roles: ['patron'],
    responses: { 200: { description: 'The member', schema: member.extend({ gift: giftSchema }) } },
    handler: async ({ auth, res }) =>
      res.json({ ...(await memberView(deps.db, auth.sub)), gift: await giftView(deps.db, auth.sub) }),
  })

  route({
    method: 'post',
    path: '/v1/me/billing-portal',
    refusals: ['member-not-found', 'no-billing-account'],
    summary: 'A Stripe Customer Portal session for the caller',
    tag: 'members',
    roles: ['patron'],
    body: portalBody(deps.config.allowedOrigins),
    responses: {
      201: { description: 'Send the patron to `url`', schema: z.object({ url: z.string() }) },
      400: { description: 'Invalid body, e.g. a returnUrl not on an allowed origin (ALLOWED_ORIGINS)' },
      409: { description: 'The member has no Stripe customer yet' },
      503: { description: 'Stripe is not configured or not reachable' },
    },
    handler: async ({ auth, body, res }) =>
      res.status(201).json(await billingPortal(deps, auth.sub, body.returnUrl)),
  })

  route({
    method: 'get',
    path: '/v1/admin/members',
    refusals: ['invalid-cursor'],
    summary: 'Members, newest first; filter by status, tierId or an email fragment (q)',
    tag: 'members',
    roles: ['analyst'],
    query: membersQuery,
    responses: {
      200: { description: 'A page of members', schema: page(member.extend({ createdAt: z.string() })) },
    },
    handler: async ({ query, res }) => res.json(await listMembers(deps.db, query)),
  })

  route({
    method: 'get',
    path: '/v1/admin/members/:id',
    refusals: ['member-not-found'],
    summary: 'A member with its subscriptions, history (oldest first) and comps',
    tag: 'members',
    roles: ['analyst'],
    params: idParams,
    responses: { 200: { description: 'The member', schema: memberDetailSchema } },
    handler: async ({ params, res }) => res.json(await memberDetail(deps.db, params.id)),
  })

  route({
    method: 'post',
    path: '/v1/admin/members/:id/comp',
    refusals: ['member-not-found', 'tier-not-found', 'comp-until-past'],
    summary: 'Grant a complimentary membership until a time (entitles the member to vote)',
    tag: 'members',
    roles: ['admin'],
    params: idParams,
    body: compBody,
    responses: { 201: { description: 'The comp', schema: comp } },
    handler: async ({ auth, params, body, res }) =>
      res.status(201).json(await grantComp(deps.db, params.id, body, auth.sub)),
  })
}
