import { createSecretKey, randomUUID } from 'node:crypto'
import jwt from 'jsonwebtoken'
import type { Config } from '../config.js'
import { type AuthContext, type Role, staffRoles, type TokenVerifier } from '../http/auth.js'
import { unauthenticated } from '../http/problems.js'

export const AUDIENCE = 'patronage'
const ALGORITHM = 'HS256'
const roles: readonly string[] = ['patron', ...staffRoles]

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
}

/** HS256 over the UTF-8 bytes of JWT_SECRET; the key is imported once, not on every call. */
export function createAccessTokens(
  config: Pick<Config, 'jwtSecret' | 'publicUrl' | 'accessTokenTtl'>,
): AccessTokens {
  const key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'))
  const issuer = config.publicUrl

  return {
    sign(claims) {
      const payload =
        claims.role === 'patron'
          ? { role: claims.role, ent: claims.ent ?? [], tier: claims.tier ?? null }
          : { role: claims.role }
      const accessToken = jwt.sign(payload, key, {
        algorithm: ALGORITHM,
        subject: claims.sub,
        audience: AUDIENCE,
        issuer,
        expiresIn: config.accessTokenTtl,
        jwtid: randomUUID(),
      })
      return { accessToken, expiresIn: config.accessTokenTtl }
    },

    verify(token) {
      let payload: jwt.JwtPayload | string
      try {
        payload = jwt.verify(token, key, { algorithms: [ALGORITHM], audience: AUDIENCE, issuer })
      } catch {
        throw unauthenticated('The access token is invalid or expired.')
      }
      if (typeof payload === 'string' || !payload.sub || !roles.includes(payload.role) || !payload.jti) {
        throw unauthenticated('The access token is invalid or expired.')
      }
      return {
        sub: payload.sub,
        role: payload.role as Role,
        ent: Array.isArray(payload.ent) ? payload.ent.filter((e): e is string => typeof e === 'string') : [],
        tier: typeof payload.tier === 'string' ? payload.tier : null,
        jti: payload.jti,
      } satisfies AuthContext
    },
  }
}
