import { randomUUID } from 'node:crypto'
import Stripe from 'stripe'
import { entitlementsOf, syncCheckoutSession } from '../billing/index.js'
import type { Db } from '../db/connect.js'
import type { Deps } from '../deps.js'
import type { AuthContext } from '../http/auth.js'
import { rateLimited, stripeNotConfigured, unauthenticated } from '../http/problems.js'
import { enqueueMail } from '../mail/outbox.repository.js'
import { deliverMails } from '../mail/sender.js'
import type { AccessClaims, AccessTokens } from './access-tokens.js'
import { findMemberForToken, findOrCreateMemberByEmail } from './identity.repository.js'
import {
  claimCheckoutSession,
  deleteStaleLoginTokens,
  insertLoginToken,
  LOGIN_TOKEN_MINUTES,
  lockLoginRequests,
  recentLoginRequests,
  useLoginToken,
} from './login.repository.js'
import { magicLinkUrl } from './messages.js'
import {
  deleteExpiredRefreshTokens,
  findRefreshTokenForUpdate,
  insertRefreshToken,
  markRotated,
  type Owner,
  revokeAllOf,
  revokeFamily,
} from './refresh.repository.js'
import { hashSecret, newSecret } from './secrets.js'
import { findStaffByEmail, findStaffById } from './staff.repository.js'

type AuthDeps = Pick<Deps, 'db' | 'tokens' | 'mailer' | 'config' | 'logger' | 'stripe'>

export interface TokenResponse {
  accessToken: string
  tokenType: 'Bearer'
  expiresIn: number
  refreshToken: string
}

const badLoginToken = () => unauthenticated('The sign-in token is unknown, used or expired.')
const badSession = () => unauthenticated('The Checkout Session is unknown, incomplete or already used.')
const badRefreshToken = () => unauthenticated('The refresh token is unknown, expired or revoked.')

/**
 * Records a one-time sign-in token (only its hash) and mails the link. Known and unknown emails take
 * the same path — an unknown one becomes a member when the link is used — so the answer says nothing
 * about who has an account. Rate limits are counted in the database, so they hold across instances.
 */
export async function requestMagicLink(deps: AuthDeps, email: string, ip: string | null): Promise<void> {
  const token = newSecret()
  const { perEmail, perIp } = deps.config.loginLimits
  const mailId = await deps.db.transaction().execute(async (trx) => {
    await lockLoginRequests(trx, email, ip)
    const byEmail = await recentLoginRequests(trx, { email })
    if (byEmail.count >= perEmail) throw rateLimited(byEmail.retryAfter)
    if (ip) {
      const byIp = await recentLoginRequests(trx, { ip })
      if (byIp.count >= perIp) throw rateLimited(byIp.retryAfter)
    }
    await deleteStaleLoginTokens(trx, email)
    await insertLoginToken(trx, { tokenHash: hashSecret(token), email, ip })
    // The link is written with its token and sent after the commit (the outbox drops it once sent).
    return enqueueMail(trx, {
      dedupeKey: `sign-in:${hashSecret(token)}`,
      kind: 'sign-in',
      recipient: email,
      memberId: null,
      payload: { url: magicLinkUrl(deps.config.publicUrl, token), minutes: LOGIN_TOKEN_MINUTES },
    })
  })
  // Sent at once; a failure is retried by the background sender, never answered: the answer must
  // not depend on the address.
  await deliverMails(deps, [mailId])
}

/** Uses a magic-link token (once, even under concurrent redemption) and starts a session. */
export async function redeemLoginToken(deps: AuthDeps, token: string): Promise<TokenResponse> {
  const session = await deps.db.transaction().execute(async (trx) => {
    const email = await useLoginToken(trx, hashSecret(token))
    if (!email) return undefined
    const staff = await findStaffByEmail(trx, email)
    const owner: Owner = staff
      ? { staffId: staff.id }
      : { memberId: (await findOrCreateMemberByEmail(trx, email)).id }
    return startSession(trx, deps.tokens, owner)
  })
  if (!session) throw badLoginToken()
  return session
}

/**
 * Signs in the member who just completed Stripe Checkout, without email: the session must be
 * complete, name the member as client_reference_id, and not have been used before.
 */
export async function redeemCheckoutSession(deps: AuthDeps, sessionId: string): Promise<TokenResponse> {
  if (!deps.stripe) throw stripeNotConfigured()
  const session = await retrieveCheckoutSession(deps.stripe, sessionId)
  const memberId = session?.client_reference_id
  if (session?.status !== 'complete' || !memberId || !isUuid(memberId)) throw badSession()
  const member = await findMemberForToken(deps.db, memberId)
  const customer = typeof session.customer === 'string' ? session.customer : session.customer?.id
  if (!member || (member.stripe_customer_id && customer && customer !== member.stripe_customer_id)) {
    throw badSession()
  }
  // The webhook may not have arrived yet: bring the subscription up to date so `ent` is right now.
  const synced = await syncCheckoutSession({ db: deps.db, stripe: deps.stripe, config: deps.config }, session)
  await deliverMails(deps, [synced?.sync?.mailId])
  const issued = await deps.db.transaction().execute(async (trx) => {
    if (!(await claimCheckoutSession(trx, session.id, member.id))) return undefined
    return startSession(trx, deps.tokens, { memberId: member.id })
  })
  if (!issued) throw badSession()
  return issued
}

async function retrieveCheckoutSession(stripe: Stripe, id: string) {
  try {
    return await stripe.checkout.sessions.retrieve(id)
  } catch (err) {
    if (err instanceof Stripe.errors.StripeInvalidRequestError && err.statusCode === 404) return undefined
    throw err
  }
}

/**
 * Rotates a refresh token: the old one stops working and a new one of the same family is issued.
 * A rotated token presented again means it was copied: the whole family is revoked.
 */
export async function refreshSession(deps: AuthDeps, refreshToken: string): Promise<TokenResponse> {
  const result = await deps.db.transaction().execute(async (trx) => {
    const row = await findRefreshTokenForUpdate(trx, hashSecret(refreshToken))
    if (!row || row.revoked_at || row.expired) return 'invalid' as const
    if (row.rotated_at) {
      await revokeFamily(trx, row.family_id)
      return 'reused' as const
    }
    await markRotated(trx, row.id)
    const owner: Owner = row.staff_id ? { staffId: row.staff_id } : { memberId: row.member_id! }
    return startSession(trx, deps.tokens, owner, row.family_id)
  })
  if (result === 'reused') deps.logger.warn('a rotated refresh token was reused; its family is revoked')
  if (typeof result === 'string') throw badRefreshToken()
  return result
}

/** Revokes every refresh token of the caller; access tokens already issued run out on their own. */
export async function logout(deps: Pick<AuthDeps, 'db'>, auth: AuthContext): Promise<void> {
  await revokeAllOf(deps.db, auth.role === 'patron' ? { memberId: auth.sub } : { staffId: auth.sub })
}

async function startSession(
  db: Db,
  tokens: AccessTokens,
  owner: Owner,
  familyId: string = randomUUID(),
): Promise<TokenResponse> {
  const claims = await claimsOf(db, owner)
  const refreshToken = newSecret()
  await deleteExpiredRefreshTokens(db, owner)
  await insertRefreshToken(db, { tokenHash: hashSecret(refreshToken), familyId, owner })
  const { accessToken, expiresIn } = tokens.sign(claims)
  return { accessToken, tokenType: 'Bearer', expiresIn, refreshToken }
}

/** Claims from the database as they are now: a staff role, or a patron's entitlements and tier. */
async function claimsOf(db: Db, owner: Owner): Promise<AccessClaims> {
  if ('staffId' in owner) {
    const staff = await findStaffById(db, owner.staffId)
    if (!staff) throw badRefreshToken()
    return { sub: staff.id, role: staff.role }
  }
  const member = await findMemberForToken(db, owner.memberId)
  if (!member) throw badRefreshToken()
  return { sub: member.id, role: 'patron', ent: await entitlementsOf(db, member.id), tier: member.tier_id }
}

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)
