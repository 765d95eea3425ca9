import { entitlementsOf, upsertMemberByEmail } from '../billing/index.js'
import type { Db } from '../db/connect.js'
import { inTransaction } from '../db/transaction.js'
import type { Deps } from '../deps.js'
import type { AuthContext } from '../http/auth.js'
import { rateLimited, unauthenticated } from '../http/problems.js'
import type { Locale } from '../locales.js'
import { enqueueMail, type NewMail } from '../mail/enqueue.js'
import { deliverMails } from '../mail/sender.js'
import type { AccessClaims, AccessTokens } from './access-tokens.js'
import { notePageLocale, noteSignIn } from './identity.repository.js'
import {
  deleteStaleLoginTokens,
  insertLoginToken,
  LOGIN_TOKEN_MINUTES,
  lockLoginRequests,
  peekLoginToken,
  recentLoginRequests,
  useLoginToken,
} from './login.repository.js'
import { magicLinkUrl } from './messages.js'
import {
  deleteExpiredRefreshTokens,
  findRefreshToken,
  insertFamily,
  insertRefreshToken,
  lockFamiliesOf,
  lockFamily,
  lockMemberOwner,
  lockOwner,
  lockStaffOwner,
  markRotated,
  type Owner,
  readTokenState,
  revokeFamilies,
} from './refresh.repository.js'
import { hashSecret, newSecret } from './secrets.js'
import { findStaffByEmail } from './staff.repository.js'

export type AuthDeps = Pick<Deps, 'db' | 'tokens' | 'mailer' | 'config' | 'logger' | 'stripe' | 'newsroom'>

export interface TokenResponse {
  accessToken: string
  tokenType: 'Bearer'
  expiresIn: number
  refreshToken: string
}

const badLoginToken = () =>
  unauthenticated('The sign-in token is unknown, used or expired.', 'login-token-invalid')
export const badSession = () =>
  unauthenticated('The Checkout Session is unknown, incomplete or already used.', 'checkout-session-invalid')
const badRefreshToken = () =>
  unauthenticated('The refresh token is unknown, expired or revoked.', 'refresh-token-invalid')

/** What a sign-in link's mail says: by default a plain sign-in mail; the join page mails its own. */
export type LinkMail = (
  trx: Db,
  link: { token: string; url: string; minutes: number },
) => Promise<Pick<NewMail, 'kind' | 'payload'>>

const signInMail: LinkMail = async (_trx, { url, minutes }) => ({
  kind: 'sign-in',
  payload: { url, minutes },
})

export interface LinkOptions {
  /** What the link's mail says (default: a plain sign-in mail). */
  mail?: LinkMail
  /** The language of the page it was asked from: the mail's, and the member's mails' until they choose one. */
  locale?: Locale | undefined
}

/**
 * Records a one-time sign-in token (only its hash) and mails the link. Known and unknown emails take
 * the same path — an unknown one becomes a member when the link is used — so the answer says nothing
 * about who has an account. Rate limits are counted in the database, so they hold across instances.
 */
export async function requestMagicLink(
  deps: AuthDeps,
  email: string,
  ip: string | null,
  { mail: mailOf = signInMail, locale }: LinkOptions = {},
): Promise<void> {
  const token = newSecret()
  const { perEmail, perIp } = deps.config.loginLimits
  const mailId = await inTransaction(deps.db, async (trx) => {
    await lockLoginRequests(trx, email, ip)
    const byEmail = await recentLoginRequests(trx, { email })
    if (byEmail.count >= perEmail) throw rateLimited(byEmail.retryAfter, undefined, 'login-rate-limited')
    if (ip) {
      const byIp = await recentLoginRequests(trx, { ip })
      if (byIp.count >= perIp) throw rateLimited(byIp.retryAfter, undefined, 'login-rate-limited')
    }
    await deleteStaleLoginTokens(trx, email)
    await insertLoginToken(trx, { tokenHash: hashSecret(token), email, ip })
    const link = { token, url: magicLinkUrl(deps.config.publicUrl, token), minutes: LOGIN_TOKEN_MINUTES }
    if (locale) await notePageLocale(trx, email, locale)
    const { kind, payload } = await mailOf(trx, link)
    // The link is written with its token and sent after the commit (the outbox drops it once sent).
    return enqueueMail(trx, {
      dedupeKey: `sign-in:${hashSecret(token)}`,
      recipient: email,
      memberId: null,
      kind,
      payload: locale ? { ...payload, locale } : payload,
    })
  })
  // Sent at once; a failure is retried by the background sender, never answered: the answer must
  // not depend on the address.
  await deliverMails(deps, [mailId])
}

/**
 * The address a usable magic link (or join link) was mailed to, without using it: mail scanners open
 * links, so a GET only shows the button and the POST uses the token.
 */
export function peekLoginLink(db: Db, token: string): Promise<string | undefined> {
  return peekLoginToken(db, hashSecret(token))
}

/** Uses a magic-link token (once, even under concurrent redemption) and starts a session. */
export async function redeemLoginToken(deps: AuthDeps, token: string): Promise<TokenResponse> {
  const session = await inTransaction(deps.db, async (trx) => {
    const email = await useLoginToken(trx, hashSecret(token))
    if (!email) return undefined
    return startSessionForEmail(trx, deps.tokens, email)
  })
  if (!session) throw badLoginToken()
  return session
}

/**
 * Rotates a refresh token: the old one stops working and a new one of the same family is issued.
 * A rotated token presented again means it was copied: the whole family is revoked. Locks are taken
 * in the order refresh.repository.ts describes; the token's state is read once its family is locked.
 */
export async function refreshSession(deps: AuthDeps, refreshToken: string): Promise<TokenResponse> {
  const tokenHash = hashSecret(refreshToken)
  const result = await inTransaction(deps.db, async (trx) => {
    const token = await findRefreshToken(trx, tokenHash)
    if (!token) return 'invalid' as const
    const owner: Owner = token.staff_id ? { staffId: token.staff_id } : { memberId: token.member_id! }
    const claims = await claimsOf(trx, owner)
    if (!claims) return 'invalid' as const
    const family = await lockFamily(trx, token.family_id)
    if (!family || family.revoked_at || family.ended) return 'invalid' as const
    const state = await readTokenState(trx, tokenHash)
    if (!state || state.expired) return 'invalid' as const
    if (state.rotated_at) {
      await revokeFamilies(trx, [token.family_id])
      return 'reused' as const
    }
    await markRotated(trx, state.id)
    return issueTokens(trx, deps.tokens, claims, owner, token.family_id)
  })
  if (result === 'reused') deps.logger.warn('a rotated refresh token was reused; its family is revoked')
  if (typeof result === 'string') throw badRefreshToken()
  return result
}

/**
 * Revokes every refresh-token family of the caller, a rotation in flight included; access tokens
 * already issued run out on their own.
 */
export async function logout(deps: Pick<AuthDeps, 'db'>, auth: AuthContext): Promise<void> {
  const owner: Owner = auth.role === 'patron' ? { memberId: auth.sub } : { staffId: auth.sub }
  await inTransaction(deps.db, async (trx) => {
    await lockOwner(trx, owner)
    await revokeFamilies(trx, await lockFamiliesOf(trx, owner))
  })
}

/**
 * A session for the owner of an email that a mailed one-time token has just proven (a sign-in link,
 * a gift's start link): its staff account, else its member. Runs inside the caller's transaction.
 */
export async function startSessionForEmail(
  db: Db,
  tokens: AccessTokens,
  email: string,
): Promise<TokenResponse> {
  const staff = await findStaffByEmail(db, email)
  const owner: Owner = staff ? { staffId: staff.id } : { memberId: (await upsertMemberByEmail(db, email)).id }
  return startSession(db, tokens, owner)
}

/** A new session (a new family) for an owner; runs inside the caller's transaction. */
export async function startSession(db: Db, tokens: AccessTokens, owner: Owner): Promise<TokenResponse> {
  const claims = await claimsOf(db, owner)
  if (!claims) throw unauthenticated('This account no longer exists.', 'account-removed')
  return issueTokens(db, tokens, claims, owner, await insertFamily(db, owner))
}

async function issueTokens(
  db: Db,
  tokens: AccessTokens,
  claims: AccessClaims,
  owner: Owner,
  familyId: string,
): Promise<TokenResponse> {
  if ('memberId' in owner) await noteSignIn(db, owner.memberId)
  const refreshToken = newSecret()
  await deleteExpiredRefreshTokens(db, owner)
  await insertRefreshToken(db, { tokenHash: hashSecret(refreshToken), familyId, owner })
  const { accessToken, expiresIn } = tokens.sign(claims)
  return { accessToken, tokenType: 'Bearer', expiresIn, refreshToken }
}

/**
 * Claims from the database as they are now (a staff role, or a patron's entitlements and tier), the
 * owner's row locked first; undefined when the account is gone.
 */
async function claimsOf(db: Db, owner: Owner): Promise<AccessClaims | undefined> {
  if ('staffId' in owner) {
    const staff = await lockStaffOwner(db, owner.staffId)
    return staff && { sub: staff.id, role: staff.role }
  }
  const member = await lockMemberOwner(db, owner.memberId)
  if (!member) return undefined
  return { sub: member.id, role: 'patron', ent: await entitlementsOf(db, member.id), tier: member.tier_id }
}
