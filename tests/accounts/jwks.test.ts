import { createHash, createPublicKey, generateKeyPairSync, type JsonWebKey } from 'node:crypto'
import jwt from 'jsonwebtoken'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAccessTokens } from '../../src/accounts/access-tokens.js'
import { ConfigError, loadConfig } from '../../src/config.js'
import { startTestApp, TEST_JWT_SECRET, type TestApp } from '../helpers/app.js'
import { createMember } from '../helpers/factories.js'
import { decodeJwt, signIn } from './helpers.js'

const ecKey = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  return {
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }) as string,
  }
}
const rsaKey = (modulusLength = 2048) => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength })
  return {
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }) as string,
  }
}

/** RFC 7638, computed independently of the service's code. */
const rfc7638 = (jwk: JsonWebKey) =>
  createHash('sha256')
    .update(
      jwk.kty === 'EC'
        ? `{"crv":"${jwk.crv}","kty":"EC","x":"${jwk.x}","y":"${jwk.y}"}`
        : `{"e":"${jwk.e}","kty":"RSA","n":"${jwk.n}"}`,
    )
    .digest('base64url')

const baseEnv = { NODE_ENV: 'test', PUBLIC_URL: 'http://patronage.test', DATA_DIR: '/nonexistent' }

const oldKey = ecKey()
const currentKey = ecKey()
let app: TestApp
beforeAll(async () => {
  // A rotation in progress: signing with the new key, still accepting the old one.
  app = await startTestApp({
    JWT_ALGORITHM: 'ES256',
    JWT_PRIVATE_KEY: currentKey.privatePem.replace(/\n/g, '\\n'), // one-line .env form
    JWT_PREVIOUS_PUBLIC_KEYS: oldKey.publicPem,
    LOGIN_LIMIT_PER_IP: '1000',
  })
})
afterAll(() => app.close())

const accepted = async (token: string) => (await app.api('POST', '/v1/auth/logout', { token })).status

describe('ES256 access tokens and GET /.well-known/jwks.json', () => {
  it('lists the current and the previous public key, with RFC 7638 kids, and no private parts', async () => {
    const res = await app.api('GET', '/.well-known/jwks.json')
    expect(res.status).toBe(200)
    const current = createPublicKey(currentKey.publicPem).export({ format: 'jwk' })
    const previous = createPublicKey(oldKey.publicPem).export({ format: 'jwk' })
    expect(res.body.keys).toEqual([
      {
        kty: 'EC',
        crv: 'P-256',
        x: current.x,
        y: current.y,
        kid: rfc7638(current),
        alg: 'ES256',
        use: 'sig',
      },
      {
        kty: 'EC',
        crv: 'P-256',
        x: previous.x,
        y: previous.y,
        kid: rfc7638(previous),
        alg: 'ES256',
        use: 'sig',
      },
    ])
  })

  it('signs with the current key and its kid; another service verifies with the JWKS alone', async () => {
    const member = await createMember(app.db, { status: 'active' })
    const session = await signIn(app, member.email)
    const { header } = decodeJwt(session.accessToken)
    expect(header).toMatchObject({
      alg: 'ES256',
      kid: rfc7638(createPublicKey(currentKey.publicPem).export({ format: 'jwk' })),
    })

    const { body } = await app.api('GET', '/.well-known/jwks.json')
    const jwk = body.keys.find((k: { kid: string }) => k.kid === header.kid)
    const key = createPublicKey({ key: jwk, format: 'jwk' })
    const claims = jwt.verify(session.accessToken, key, {
      algorithms: ['ES256'],
      audience: 'patronage',
      issuer: 'http://patronage.test',
    })
    expect(claims).toMatchObject({ sub: member.id, role: 'patron', ent: ['vote'] })
    expect(await accepted(session.accessToken)).toBe(204)
  })

  it('accepts a token of the previous key during the overlap window', async () => {
    const member = await createMember(app.db)
    const before = createAccessTokens(
      loadConfig({ ...baseEnv, JWT_ALGORITHM: 'ES256', JWT_PRIVATE_KEY: oldKey.privatePem }),
    )
    const token = before.sign({ sub: member.id, role: 'patron', ent: [], tier: null }).accessToken
    expect(await accepted(token)).toBe(204)
  })

  it('refuses a key that is not listed, an HS256 token and the public key used as an HMAC secret', async () => {
    const member = await createMember(app.db)
    const stranger = createAccessTokens(
      loadConfig({ ...baseEnv, JWT_ALGORITHM: 'ES256', JWT_PRIVATE_KEY: ecKey().privatePem }),
    )
    expect(await accepted(stranger.sign({ sub: member.id, role: 'patron' }).accessToken)).toBe(401)

    const claims = { sub: member.id, role: 'patron', jti: 'x' }
    const opts = { audience: 'patronage', issuer: 'http://patronage.test', expiresIn: 300 } as const
    expect(await accepted(jwt.sign(claims, TEST_JWT_SECRET, { ...opts, algorithm: 'HS256' }))).toBe(401)
    const { kid } = decodeJwt(stranger.sign({ sub: member.id, role: 'patron' }).accessToken).header
    const confused = jwt.sign(claims, currentKey.publicPem, { ...opts, algorithm: 'HS256', keyid: kid })
    expect(await accepted(confused)).toBe(401)
  })

  it('stops accepting the previous key once it is removed from the configuration', async () => {
    const after = createAccessTokens(
      loadConfig({ ...baseEnv, JWT_ALGORITHM: 'ES256', JWT_PRIVATE_KEY: currentKey.privatePem }),
    )
    const before = createAccessTokens(
      loadConfig({ ...baseEnv, JWT_ALGORITHM: 'ES256', JWT_PRIVATE_KEY: oldKey.privatePem }),
    )
    const old = before.sign({ sub: 'someone', role: 'editor' }).accessToken
    expect(() => after.verify(old)).toThrow(/invalid or expired/)
    expect(after.jwks().keys).toHaveLength(1)
  })
})

describe('RS256 access tokens', () => {
  it('signs with a configured kid and verifies only RS256', () => {
    const key = rsaKey()
    const tokens = createAccessTokens(
      loadConfig({
        ...baseEnv,
        JWT_ALGORITHM: 'RS256',
        JWT_PRIVATE_KEY: key.privatePem,
        JWT_KEY_ID: '2026-11',
      }),
    )
    const { accessToken } = tokens.sign({ sub: 'abc', role: 'analyst' })
    expect(decodeJwt(accessToken).header).toMatchObject({ alg: 'RS256', kid: '2026-11' })
    expect(tokens.verify(accessToken)).toMatchObject({ sub: 'abc', role: 'analyst' })
    const [jwk] = tokens.jwks().keys
    expect(jwk).toMatchObject({ kty: 'RSA', kid: '2026-11', alg: 'RS256', use: 'sig', e: 'AQAB' })
    expect(jwk).not.toHaveProperty('d')
    const ps256 = jwt.sign({ sub: 'abc', role: 'analyst', jti: 'j' }, key.privatePem, {
      algorithm: 'PS256',
      keyid: '2026-11',
      audience: 'patronage',
      issuer: 'http://patronage.test',
      expiresIn: 60,
    })
    expect(() => tokens.verify(ps256)).toThrow(/invalid or expired/)
  })
})

describe('signing-key configuration', () => {
  const problemsOf = (env: Record<string, string>) => {
    try {
      loadConfig({ ...baseEnv, ...env })
      return []
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err
      return err.problems
    }
  }

  it('names every bad key variable', () => {
    expect(problemsOf({ JWT_ALGORITHM: 'ES256' })).toEqual([
      'JWT_PRIVATE_KEY: required when JWT_ALGORITHM=ES256',
    ])
    expect(problemsOf({ JWT_ALGORITHM: 'ES256', JWT_PRIVATE_KEY: 'not a key' })).toEqual([
      'JWT_PRIVATE_KEY: not a valid PEM key',
    ])
    expect(problemsOf({ JWT_ALGORITHM: 'ES256', JWT_PRIVATE_KEY: rsaKey().privatePem })).toEqual([
      'JWT_PRIVATE_KEY: not an EC key',
    ])
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({
      format: 'pem',
      type: 'pkcs8',
    })
    expect(problemsOf({ JWT_ALGORITHM: 'ES256', JWT_PRIVATE_KEY: p384 as string })).toEqual([
      'JWT_PRIVATE_KEY: ES256 needs a P-256 key',
    ])
    expect(problemsOf({ JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY: rsaKey(1024).privatePem })).toEqual([
      'JWT_PRIVATE_KEY: RS256 needs an RSA key of at least 2048 bits',
    ])
    expect(
      problemsOf({
        JWT_ALGORITHM: 'ES256',
        JWT_PRIVATE_KEY: ecKey().privatePem,
        JWT_PREVIOUS_PUBLIC_KEYS: 'junk',
      }),
    ).toEqual(['JWT_PREVIOUS_PUBLIC_KEYS: no PEM public key found'])
    expect(problemsOf({ JWT_ALGORITHM: 'HS512' })[0]).toMatch(/^JWT_ALGORITHM:/)
    expect(problemsOf({ JWT_PRIVATE_KEY: ecKey().privatePem })).toEqual([
      'JWT_PRIVATE_KEY: set JWT_ALGORITHM=ES256 or RS256 to use it',
    ])
  })

  it('needs JWT_SECRET in production only for HS256', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual(['JWT_SECRET: required when NODE_ENV=production'])
    expect(
      problemsOf({ NODE_ENV: 'production', JWT_ALGORITHM: 'ES256', JWT_PRIVATE_KEY: ecKey().privatePem }),
    ).toEqual([])
  })
})
