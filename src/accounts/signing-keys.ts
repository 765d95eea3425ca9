import {
  createHash,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto'
import type { Config } from '../config.js'

export type Algorithm = Config['jwt']['algorithm']

/** A public key as GET /.well-known/jwks.json lists it. */
export interface PublicJwk extends JsonWebKey {
  kid: string
  alg: Algorithm
  use: 'sig'
}

export interface SigningKeys {
  algorithm: Algorithm
  /** The key that signs new tokens, and its `kid` (none for HS256). */
  signing: { key: KeyObject; kid: string | undefined }
  /** The key that verifies a token carrying this `kid` (HS256: the one secret, whatever the kid). */
  verifierFor(kid: string | undefined): KeyObject | undefined
  /** Current and previous public keys; empty for HS256, whose key is secret. */
  jwks: PublicJwk[]
}

/**
 * Imports every key once, at start-up, as a KeyObject: jsonwebtoken re-imports a string key on every
 * call, which costs about fifty times more per verification.
 */
export function loadSigningKeys(config: Pick<Config, 'jwt' | 'jwtSecret'>): SigningKeys {
  const { algorithm } = config.jwt
  if (algorithm === 'HS256') {
    const key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'))
    return { algorithm, signing: { key, kid: undefined }, verifierFor: () => key, jwks: [] }
  }
  if (!config.jwt.privateKey) throw new Error(`JWT_PRIVATE_KEY is required for ${algorithm}`)
  const privateKey = createPrivateKey(config.jwt.privateKey)
  const current = createPublicKey(privateKey)
  const currentKid = config.jwt.keyId ?? thumbprint(current)
  const verifiers = new Map<string, KeyObject>([[currentKid, current]])
  // A previous key keeps the kid its tokens carry: its label, else its thumbprint (the default kid).
  for (const previous of config.jwt.previousPublicKeys) {
    const key = createPublicKey(previous.pem)
    verifiers.set(previous.kid ?? thumbprint(key), key)
  }
  return {
    algorithm,
    signing: { key: privateKey, kid: currentKid },
    verifierFor: (kid) => (kid === undefined ? undefined : verifiers.get(kid)),
    jwks: [...verifiers].map(([kid, key]) => ({ ...publicJwk(key), kid, alg: algorithm, use: 'sig' })),
  }
}

function publicJwk(key: KeyObject): JsonWebKey {
  const jwk = key.export({ format: 'jwk' })
  return jwk.kty === 'EC'
    ? { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }
    : { kty: jwk.kty, n: jwk.n, e: jwk.e }
}

/** RFC 7638: SHA-256 over the required members in lexicographic order, base64url. */
export function thumbprint(key: KeyObject): string {
  const jwk = publicJwk(key)
  const members =
    jwk.kty === 'EC'
      ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }
      : { e: jwk.e, kty: jwk.kty, n: jwk.n }
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url')
}
