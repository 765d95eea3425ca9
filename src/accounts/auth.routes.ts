import { z } from 'zod'
import type { Deps } from '../deps.js'
import { unauthenticated } from '../http/problems.js'
import { ROLES } from '../http/roles.js'
import type { apiRouter } from '../http/router.js'
import { email } from '../http/schemas.js'
import { logout, redeemLoginToken, refreshSession, requestMagicLink } from './auth.service.js'
import { redeemCheckoutSession } from './checkout-claim.service.js'

type Route = ReturnType<typeof apiRouter>['route']

const secret = z
  .string()
  .min(16)
  .max(200)
  .regex(/^[A-Za-z0-9_-]+$/, 'is not a valid token')

const tokenRequest = z
  .object({
    token: secret.optional().meta({ description: 'The one-time token of a magic link' }),
    checkoutSessionId: z
      .string()
      .max(255)
      .regex(/^cs_[A-Za-z0-9_]+$/, 'is not a Checkout Session id')
      .optional()
      .meta({ description: 'A completed Checkout Session that POST /v1/checkout created (usable once)' }),
    claimToken: secret
      .optional()
      .meta({ description: 'The claimToken POST /v1/checkout returned with that session' }),
  })
  .refine((b) => (b.token === undefined) !== (b.checkoutSessionId === undefined), {
    message: 'send either token or checkoutSessionId with its claimToken',
  })

const tokenResponse = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().meta({ description: 'Seconds until the access token expires' }),
  refreshToken: z.string(),
})

const accepted = z.object({ status: z.literal('accepted'), detail: z.string() })
const ACCEPTED = {
  status: 'accepted',
  detail: 'If the address can sign in, a link is on its way. It works once, within 15 minutes.',
} as const

const jwks = z.object({ keys: z.array(z.record(z.string(), z.unknown())) })

export function registerAuthRoutes(route: Route, deps: Deps): void {
  registerSignInRoutes(route, deps)
  registerSessionRoutes(route, deps)
}

function registerSignInRoutes(route: Route, deps: Deps): void {
  route({
    method: 'post',
    path: '/v1/auth/magic-link',
    refusals: ['login-rate-limited'],
    summary: 'Mail a one-time sign-in link (PUBLIC_URL/login?token=...)',
    tag: 'auth',
    body: z.object({ email }),
    responses: {
      202: { description: 'The same answer whether or not the address has an account', schema: accepted },
      429: { description: 'Too many requests for this email or from this IP (rate-limited)' },
    },
    handler: async ({ body, req, res }) => {
      await requestMagicLink(deps, body.email, req.ip ?? null)
      res.status(202).json(ACCEPTED)
    },
  })

  route({
    method: 'post',
    path: '/v1/auth/token',
    refusals: [
      'login-token-invalid',
      'checkout-session-invalid',
      'claim-token-required',
      'email-verification-required',
      'account-removed',
    ],
    summary: 'Exchange a magic-link token, or a completed Checkout Session with its claimToken, for tokens',
    tag: 'auth',
    body: tokenRequest,
    responses: {
      200: { description: 'An access token and a refresh token', schema: tokenResponse },
      401: {
        description:
          'Unknown, used or expired token; a session not created here, not complete or already used; a missing or wrong claimToken',
      },
      403: {
        description:
          'email-verification-required: the member has signed in or subscribed before, or is staff; a sign-in link was mailed instead',
      },
      503: { description: 'Stripe is not configured or not reachable (Checkout form)' },
    },
    handler: async ({ body, res }) => {
      if (body.checkoutSessionId && !body.claimToken) {
        throw unauthenticated(
          'A Checkout sign-in needs the claimToken that POST /v1/checkout returned.',
          'claim-token-required',
        )
      }
      const tokens = body.token
        ? await redeemLoginToken(deps, body.token)
        : await redeemCheckoutSession(deps, {
            checkoutSessionId: body.checkoutSessionId!,
            claimToken: body.claimToken!,
          })
      res.set('Cache-Control', 'no-store').json(tokens)
    },
  })
}

/** Refresh, sign-out and the public keys. */
function registerSessionRoutes(route: Route, deps: Deps): void {
  route({
    method: 'post',
    path: '/v1/auth/refresh',
    refusals: ['refresh-token-invalid', 'account-removed'],
    summary: 'Rotate a refresh token; reusing a rotated one revokes its whole family',
    tag: 'auth',
    body: z.object({ refreshToken: secret }),
    responses: {
      200: { description: 'New tokens; the presented refresh token no longer works', schema: tokenResponse },
      401: {
        description: 'Unknown, expired, rotated or revoked refresh token, or a family over 90 days old',
      },
      503: { description: 'The database stayed too busy (unavailable); retry after Retry-After' },
    },
    handler: async ({ body, res }) => {
      res.set('Cache-Control', 'no-store').json(await refreshSession(deps, body.refreshToken))
    },
  })

  route({
    method: 'post',
    path: '/v1/auth/logout',
    summary: 'Revoke every refresh token of the caller',
    tag: 'auth',
    roles: ROLES,
    responses: { 204: { description: 'Signed out' } },
    handler: async ({ auth, res }) => {
      await logout(deps, auth)
      res.status(204).end()
    },
  })

  route({
    method: 'get',
    path: '/.well-known/jwks.json',
    summary: 'Public keys that verify access tokens (empty with HS256)',
    tag: 'auth',
    responses: { 200: { description: 'A JWK Set', schema: jwks } },
    handler: ({ res }) => {
      res.set('Cache-Control', 'public, max-age=300').json(deps.tokens.jwks())
    },
  })
}
