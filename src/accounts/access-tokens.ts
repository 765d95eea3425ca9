import { randomUUID } from 'node:crypto'
import jwt from 'jsonwebtoken'
import type { Config } from '../config.js'
import type { AuthContext, Role, TokenVerifier } from '../http/auth.js'
import { unauthenticated } from '../http/problems.js'
import { ROLES } from '../http/roles.js'
import { loadSigningKeys, type PublicJwk } from './signing-keys.js'

export const AUDIENCE = 'patronage'
const roles: readonly string[] = ROLES

export interface AccessClaims {
  sub: string
  role: Role
  /** Patrons only: what the member may do now, e.g. ['vote']. */
  ent?: string[]
  /** Patrons only: the tier id of the membership, or null. */
  tier?: string | null
}

export interface AccessTokens extends TokenVerifier {
  sign(claims: AccessClaims): { accessToken: string; expiresIn: number }
  /** The public keys that verify access tokens (empty with HS256). */
  jwks(): { keys: PublicJwk[] }
}

const invalid = () => unauthenticated('The access token is invalid or expired.', 'access-token-invalid')

/**
 * HS256 over the UTF-8 bytes of JWT_SECRET by default, or ES256/RS256 with a `kid` (the previous
 * public keys still verify during a rotation's overlap). Only the configured algorithm is accepted,
 * and `iss` and `aud` are checked. Keys are imported once, not on every call.
 */
export function createAccessTokens(
  config: Pick<Config, 'jwtSecret' | 'jwt' | 'publicUrl' | 'accessTokenTtl'>,
): AccessTokens {
  const keys = loadSigningKeys(config)
  const { algorithm } = keys
  const issuer = config.publicUrl

  return {
    sign(claims) {
      const payload =
        claims.role === 'patron'
          ? { role: claims.role, ent: claims.ent ?? [], tier: claims.tier ?? null }
          : { role: claims.role }
      const accessToken = jwt.sign(payload, keys.signing.key, {
        algorithm,
        ...(keys.signing.kid ? { keyid: keys.signing.kid } : {}),
        subject: claims.sub,
        audience: AUDIENCE,
        issuer,
        expiresIn: config.accessTokenTtl,
        jwtid: randomUUID(),
      })
      return { accessToken, expiresIn: config.accessTokenTtl }
    },

    verify(token) {
      // Only asymmetric tokens name their key; HS256 has one, so its hot path skips a second decode.
      const key = keys.verifierFor(algorithm === 'HS256' ? undefined : kidOf(token))
      if (!key) throw invalid()
      let payload: jwt.JwtPayload | string
      try {
        payload = jwt.verify(token, key, { algorithms: [algorithm], audience: AUDIENCE, issuer })
      } catch {
        throw invalid()
      }
      if (typeof payload === 'string' || !payload.sub || !roles.includes(payload.role) || !payload.jti) {
        throw invalid()
      }
      return {
        sub: payload.sub,
        role: payload.role as Role,
        ent: Array.isArray(payload.ent) ? payload.ent.filter((e): e is string => typeof e === 'string') : [],
        tier: typeof payload.tier === 'string' ? payload.tier : null,
        jti: payload.jti,
      } satisfies AuthContext
    },

    jwks: () => ({ keys: keys.jwks }),
  }
}

function kidOf(token: string): string | undefined {
  try {
    return jwt.decode(token, { complete: true })?.header.kid
  } catch {
    return undefined
  }
}
