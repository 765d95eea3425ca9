import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'
import { type Env, KID, KID_RULE, PREVIOUS_KEY } from './env-schema.js'

/** A previous signing key: its public PEM and its kid (undefined = its RFC 7638 thumbprint). */
export interface PreviousKey {
  readonly kid: string | undefined
  readonly pem: string
}

/** Each previous key is its public PEM, optionally preceded by `kid=<label>`, the kid it signed with. */
export function previousKeys(value: string | undefined): PreviousKey[] {
  return [...(value ?? '').matchAll(PREVIOUS_KEY)].map((m) => Object.freeze({ kid: m[1], pem: m[2]! }))
}

const keyTypeOf = { ES256: 'ec', RS256: 'rsa' } as const

/** The asymmetric keys must parse and match the algorithm (ES256: P-256; RS256: RSA of 2048+ bits). */
export function signingKeyProblems(env: Env): string[] {
  if (env.JWT_ALGORITHM === 'HS256') {
    return env.JWT_PRIVATE_KEY ? ['JWT_PRIVATE_KEY: set JWT_ALGORITHM=ES256 or RS256 to use it'] : []
  }
  const problems: string[] = []
  const check = (name: string, load: () => KeyObject) => {
    try {
      const key = load()
      const expected = keyTypeOf[env.JWT_ALGORITHM as 'ES256' | 'RS256']
      const details = key.asymmetricKeyDetails
      if (key.asymmetricKeyType !== expected) problems.push(`${name}: not an ${expected.toUpperCase()} key`)
      else if (expected === 'ec' && details?.namedCurve !== 'prime256v1')
        problems.push(`${name}: ES256 needs a P-256 key`)
      else if (expected === 'rsa' && (details?.modulusLength ?? 0) < 2048)
        problems.push(`${name}: RS256 needs an RSA key of at least 2048 bits`)
    } catch {
      problems.push(`${name}: not a valid PEM key`)
    }
  }
  if (!env.JWT_PRIVATE_KEY) problems.push(`JWT_PRIVATE_KEY: required when JWT_ALGORITHM=${env.JWT_ALGORITHM}`)
  else check('JWT_PRIVATE_KEY', () => createPrivateKey(env.JWT_PRIVATE_KEY!))
  const previous = previousKeys(env.JWT_PREVIOUS_PUBLIC_KEYS)
  if (env.JWT_PREVIOUS_PUBLIC_KEYS && previous.length === 0)
    problems.push('JWT_PREVIOUS_PUBLIC_KEYS: no PEM public key found')
  else if (env.JWT_PREVIOUS_PUBLIC_KEYS?.replace(PREVIOUS_KEY, '').trim())
    problems.push('JWT_PREVIOUS_PUBLIC_KEYS: write each key as its PEM, optionally preceded by kid=<label>')
  const kids = new Set(env.JWT_KEY_ID ? [env.JWT_KEY_ID] : [])
  for (const { kid, pem } of previous) {
    if (kid !== undefined && !KID.test(kid))
      problems.push(`JWT_PREVIOUS_PUBLIC_KEYS: kid "${kid}" ${KID_RULE}`)
    else if (kid !== undefined && kids.has(kid))
      problems.push(`JWT_PREVIOUS_PUBLIC_KEYS: kid "${kid}" is used by another key`)
    if (kid !== undefined) kids.add(kid)
    check('JWT_PREVIOUS_PUBLIC_KEYS', () => createPublicKey(pem))
  }
  return problems
}
