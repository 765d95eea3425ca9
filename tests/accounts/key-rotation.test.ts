import { generateKeyPairSync } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.js'
import { ConfigError, loadConfig } from '../../src/config.js'
import { createDeps } from '../../src/deps.js'
import { createLogger } from '../../src/logger.js'
import { request, startTestApp, type TestApp } from '../helpers/app.js'
import { createMember, createStaff, staffToken } from '../helpers/factories.js'
import { decodeJwt, signIn } from './helpers.js'

const ecKey = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  return {
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }) as string,
  }
}
const oneLine = (pem: string) => pem.trim().replace(/\n/g, '\\n') // the .env form

const mayKey = ecKey()
const novemberKey = ecKey()

let before: TestApp
const restarted: TestApp[] = []
beforeAll(async () => {
  before = await startTestApp({
    JWT_ALGORITHM: 'ES256',
    JWT_PRIVATE_KEY: oneLine(mayKey.privatePem),
    JWT_KEY_ID: '2026-05',
    LOGIN_LIMIT_PER_IP: '1000',
  })
})
afterAll(async () => {
  for (const app of restarted) await app.close()
  await before.close()
})

/** The service restarted with another key configuration, on the same database and data folder. */
async function restartWith(env: Record<string, string>): Promise<TestApp> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: before.config.dataDir,
    PUBLIC_URL: before.config.publicUrl,
    JWT_ALGORITHM: 'ES256',
    LOGIN_LIMIT_PER_IP: '1000',
    ...env,
  })
  const deps = createDeps(config, before.db, createLogger(config))
  const server = createApp(deps).listen(0)
  await new Promise((resolve) => server.once('listening', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const app: TestApp = {
    url,
    config,
    deps,
    db: before.db,
    api: (method, path, options) => request(url, method, path, options),
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
  restarted.push(app)
  return app
}

const kids = async (app: TestApp) =>
  ((await app.api('GET', '/.well-known/jwks.json')).body.keys as { kid: string }[]).map((k) => k.kid)

describe('rotating the signing key with JWT_KEY_ID', () => {
  it('keeps tokens signed before the switch working, lists both kids, and refuses them once dropped', async () => {
    const member = await createMember(before.db, { status: 'active' })
    const patron = await signIn(before, member.email)
    const editor = staffToken(before.deps, await createStaff(before.db, 'editor'))
    expect(decodeJwt(patron.accessToken).header.kid).toBe('2026-05')
    expect(await kids(before)).toEqual(['2026-05'])

    // The switch: a new key and kid; the old public key stays, labelled with the kid it signed with.
    const during = await restartWith({
      JWT_PRIVATE_KEY: oneLine(novemberKey.privatePem),
      JWT_KEY_ID: '2026-11',
      JWT_PREVIOUS_PUBLIC_KEYS: oneLine(`kid=2026-05\n${mayKey.publicPem}`),
    })
    expect(await kids(during)).toEqual(['2026-11', '2026-05'])
    expect((await during.api('GET', '/v1/me', { token: patron.accessToken })).status).toBe(200)
    expect((await during.api('GET', '/v1/admin/rounds', { token: editor })).status).toBe(200)
    // A refresh token of before the switch is opaque: it rotates into a token of the new key.
    const refreshed = await during.api('POST', '/v1/auth/refresh', {
      body: { refreshToken: patron.refreshToken },
    })
    expect(refreshed.status).toBe(200)
    expect(decodeJwt(refreshed.body.accessToken).header.kid).toBe('2026-11')

    // After ACCESS_TOKEN_TTL the old key is dropped: its tokens are refused, the new ones live on.
    const after = await restartWith({
      JWT_PRIVATE_KEY: oneLine(novemberKey.privatePem),
      JWT_KEY_ID: '2026-11',
    })
    expect(await kids(after)).toEqual(['2026-11'])
    const refused = await after.api('GET', '/v1/me', { token: patron.accessToken })
    expect(refused.status).toBe(401)
    expect(refused.body).toMatchObject({ type: '/problems/unauthenticated' })
    expect((await after.api('GET', '/v1/admin/rounds', { token: editor })).status).toBe(401)
    expect((await after.api('GET', '/v1/me', { token: refreshed.body.accessToken })).status).toBe(200)
  })

  it('names a bad or repeated kid label, and text that is not a key', () => {
    const problemsOf = (previous: string) => {
      try {
        loadConfig({
          NODE_ENV: 'test',
          DATA_DIR: before.config.dataDir,
          JWT_ALGORITHM: 'ES256',
          JWT_PRIVATE_KEY: novemberKey.privatePem,
          JWT_KEY_ID: '2026-11',
          JWT_PREVIOUS_PUBLIC_KEYS: previous,
        })
        return []
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err
        return err.problems
      }
    }
    expect(problemsOf(`kid=2026-05 ${mayKey.publicPem}`)).toEqual([])
    expect(problemsOf(`kid=may/2026 ${mayKey.publicPem}`)).toEqual([
      'JWT_PREVIOUS_PUBLIC_KEYS: kid "may/2026" must be 1-100 letters, digits, _ . or -',
    ])
    expect(problemsOf(`kid=2026-11 ${mayKey.publicPem}`)).toEqual([
      'JWT_PREVIOUS_PUBLIC_KEYS: kid "2026-11" is used by another key',
    ])
    expect(problemsOf(`key 2026-05: ${mayKey.publicPem}`)).toEqual([
      'JWT_PREVIOUS_PUBLIC_KEYS: write each key as its PEM, optionally preceded by kid=<label>',
    ])
  })
})
