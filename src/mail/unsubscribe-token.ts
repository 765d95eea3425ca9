import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Config } from '../config.js'

export type AnnouncementKind = 'rounds' | 'coverage'

export interface UnsubscribeClaim {
  memberId: string
  kind: AnnouncementKind
}

const KIND_CODE = { rounds: 'r', coverage: 'c' } as const
const CODE_KIND: Record<string, AnnouncementKind> = { r: 'rounds', c: 'coverage' }
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * Unsubscribe links must work years later, so the token does not expire: an HMAC over member and
 * kind, keyed by a key derived from the JWT secret (or, with ES256/RS256, the private key), so it
 * needs no storage and no configuration of its own. Replacing that secret voids old links.
 */
export function unsubscribeKey(config: Pick<Config, 'jwtSecret' | 'jwt'>): Buffer {
  const root = config.jwtSecret || config.jwt.privateKey || ''
  return createHmac('sha256', root).update('patronage/unsubscribe/v1').digest()
}

export function signUnsubscribe(key: Buffer, claim: UnsubscribeClaim): string {
  const body = `${claim.memberId}.${KIND_CODE[claim.kind]}`
  return `${body}.${mac(key, body)}`
}

export function verifyUnsubscribe(key: Buffer, token: unknown): UnsubscribeClaim | undefined {
  if (typeof token !== 'string' || token.length > 200) return undefined
  const [memberId, code, signature] = token.split('.')
  if (!memberId || !code || !signature || !UUID.test(memberId) || !CODE_KIND[code]) return undefined
  const expected = Buffer.from(mac(key, `${memberId}.${code}`))
  const given = Buffer.from(signature)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined
  return { memberId, kind: CODE_KIND[code] }
}

const mac = (key: Buffer, body: string) => createHmac('sha256', key).update(body).digest('base64url')
