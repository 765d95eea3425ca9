import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp({ ALLOWED_ORIGINS: 'https://news.example,https://shop.news.example' })
})
afterAll(() => app.close())

const preflight = (path: string, origin: string, headers = 'content-type,authorization') =>
  app.api('OPTIONS', path, {
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': headers,
    },
  })

describe('CORS on the public JSON routes', () => {
  it('answers an allowed origin, without credentials', async () => {
    for (const origin of ['https://news.example', 'https://shop.news.example']) {
      const res = await app.api('GET', '/v1/tiers', { headers: { origin } })
      expect(res.status).toBe(200)
      expect(res.headers.get('access-control-allow-origin')).toBe(origin)
      expect(res.headers.get('access-control-allow-credentials')).toBeNull()
      expect(res.headers.get('vary')).toMatch(/origin/i)
    }
  })

  it('answers preflight for /v1/checkout and /v1/auth/* from an allowed origin', async () => {
    for (const path of ['/v1/checkout', '/v1/auth/token', '/v1/auth/magic-link', '/v1/auth/refresh']) {
      const res = await preflight(path, 'https://news.example')
      expect(res.status, path).toBe(204)
      expect(res.headers.get('access-control-allow-origin')).toBe('https://news.example')
      expect(res.headers.get('access-control-allow-methods')).toContain('POST')
      expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type')
      expect(res.headers.get('access-control-allow-credentials')).toBeNull()
    }
    const post = await app.api('POST', '/v1/auth/magic-link', {
      headers: { origin: 'https://news.example' },
      body: { email: 'reader@example.test' },
    })
    expect(post.status).toBe(202)
    expect(post.headers.get('access-control-allow-origin')).toBe('https://news.example')
  })

  it('says nothing to other origins, never *', async () => {
    for (const origin of [
      'https://evil.test',
      'https://news.example.evil.test',
      'http://news.example',
      'null',
    ]) {
      const get = await app.api('GET', '/v1/tiers', { headers: { origin } })
      expect(get.headers.get('access-control-allow-origin'), origin).toBeNull()
      const pre = await preflight('/v1/checkout', origin)
      expect(pre.headers.get('access-control-allow-origin'), origin).toBeNull()
      expect(pre.headers.get('access-control-allow-methods')).toBeNull()
    }
  })

  it('is never offered on patron or staff routes', async () => {
    for (const path of ['/v1/me', '/v1/me/billing-portal', '/v1/admin/members', '/v1/rounds']) {
      const pre = await preflight(path, 'https://news.example')
      expect(pre.headers.get('access-control-allow-origin'), path).toBeNull()
      const get = await app.api('GET', path, { headers: { origin: 'https://news.example' } })
      expect(get.headers.get('access-control-allow-origin'), path).toBeNull()
    }
  })
})
