import { generateKeyPairSync, randomUUID } from 'node:crypto'
import jwt from 'jsonwebtoken'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, TEST_JWT_SECRET, type TestApp } from '../helpers/app.js'
import { createMember, createStaff, patronToken, staffToken } from '../helpers/factories.js'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
})
afterAll(() => app.close())

/** A route any signed-in caller may use: what it answers tells whether the token was accepted. */
const callWith = (token: string) => app.api('POST', '/v1/auth/logout', { token })

const claims = (sub: string) => ({ role: 'patron', ent: ['vote'], tier: null, sub, jti: randomUUID() })
const good = {
  algorithm: 'HS256',
  audience: 'patronage',
  issuer: 'http://patronage.test',
  expiresIn: 300,
} as const

describe('access tokens', () => {
  it('accepts a token the service issued', async () => {
    const member = await createMember(app.db)
    expect((await callWith(patronToken(app.deps, member))).status).toBe(204)
    const staff = await createStaff(app.db, 'editor')
    expect((await callWith(staffToken(app.deps, staff))).status).toBe(204)
  })

  it('accepts a token made independently with the documented HS256 rules (a front end could)', async () => {
    const member = await createMember(app.db)
    const token = jwt.sign(claims(member.id), TEST_JWT_SECRET, good)
    expect((await callWith(token)).status).toBe(204)
  })

  const refusals: [string, (sub: string) => string][] = [
    [
      'a tampered signature',
      (sub) => {
        const token = jwt.sign(claims(sub), TEST_JWT_SECRET, good)
        const at = token.lastIndexOf('.') + 10 // a character in the middle of the signature
        return token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1)
      },
    ],
    [
      'a tampered payload',
      (sub) => {
        const [h, , s] = jwt.sign(claims(sub), TEST_JWT_SECRET, good).split('.')
        const payload = Buffer.from(
          JSON.stringify({ ...claims(sub), role: 'admin', aud: 'patronage' }),
        ).toString('base64url')
        return `${h}.${payload}.${s}`
      },
    ],
    [
      'alg none',
      (sub) => {
        const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')
        const now = Math.floor(Date.now() / 1000)
        const payload = Buffer.from(
          JSON.stringify({
            ...claims(sub),
            aud: 'patronage',
            iss: 'http://patronage.test',
            iat: now,
            exp: now + 300,
          }),
        ).toString('base64url')
        return `${header}.${payload}.`
      },
    ],
    [
      'another HMAC algorithm (HS512, same secret)',
      (sub) => jwt.sign(claims(sub), TEST_JWT_SECRET, { ...good, algorithm: 'HS512' }),
    ],
    [
      'an asymmetric algorithm (RS256)',
      (sub) => {
        const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
        return jwt.sign(claims(sub), privateKey, { ...good, algorithm: 'RS256' })
      },
    ],
    ['another secret', (sub) => jwt.sign(claims(sub), 'another-secret-that-is-at-least-32-bytes!!', good)],
    [
      'an expired token',
      (sub) =>
        jwt.sign({ ...claims(sub), exp: Math.floor(Date.now() / 1000) - 10 }, TEST_JWT_SECRET, {
          algorithm: 'HS256',
          audience: 'patronage',
          issuer: 'http://patronage.test',
        }),
    ],
    [
      'another audience',
      (sub) => jwt.sign(claims(sub), TEST_JWT_SECRET, { ...good, audience: 'another-service' }),
    ],
    [
      'another issuer',
      (sub) => jwt.sign(claims(sub), TEST_JWT_SECRET, { ...good, issuer: 'https://evil.example' }),
    ],
    [
      'no audience',
      (sub) =>
        jwt.sign(claims(sub), TEST_JWT_SECRET, {
          algorithm: 'HS256',
          issuer: 'http://patronage.test',
          expiresIn: 300,
        }),
    ],
    ['an unknown role', (sub) => jwt.sign({ ...claims(sub), role: 'superuser' }, TEST_JWT_SECRET, good)],
    ['garbage', () => 'not.a.jwt'],
  ]

  it.each(refusals)('refuses %s with 401 unauthenticated', async (_name, make) => {
    const member = await createMember(app.db)
    const res = await callWith(make(member.id))
    expect(res.status).toBe(401)
    expect(res.body).toMatchObject({ type: '/problems/unauthenticated', status: 401 })
    expect(res.headers.get('www-authenticate')).toBe('Bearer')
  })

  it('refuses a missing or non-Bearer Authorization header with 401', async () => {
    expect((await app.api('POST', '/v1/auth/logout')).status).toBe(401)
    const basic = await app.api('POST', '/v1/auth/logout', {
      headers: { authorization: 'Basic Zm9vOmJhcg==' },
    })
    expect(basic.status).toBe(401)
  })

  it('publishes an empty JWK Set with HS256 (its key is secret)', async () => {
    const res = await app.api('GET', '/.well-known/jwks.json')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ keys: [] })
  })
})
