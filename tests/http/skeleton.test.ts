import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
})
afterAll(() => app.close())

describe('service skeleton', () => {
  it('answers /healthz', async () => {
    const res = await app.api('GET', '/healthz')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ status: 'ok' })
    expect(res.headers.get('x-powered-by')).toBeNull()
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('is ready when the database answers and migrations are current', async () => {
    const res = await app.api('GET', '/readyz')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ status: 'ok' })
  })

  it('serves an OpenAPI 3.1 document of its routes', async () => {
    const res = await app.api('GET', '/openapi.json')
    expect(res.status).toBe(200)
    expect(res.body.openapi).toBe('3.1.0')
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/healthz', '/readyz', '/openapi.json']),
    )
  })

  it('answers malformed JSON with 400 validation', async () => {
    const res = await app.api('POST', '/healthz', { body: '{"broken":' })
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect(res.body).toMatchObject({ type: '/problems/validation', status: 400 })
  })

  it('answers a body over 100 kB with 413', async () => {
    const res = await app.api('POST', '/healthz', { body: { text: 'x'.repeat(101 * 1024) } })
    expect(res.status).toBe(413)
    expect(res.body).toMatchObject({ type: '/problems/payload-too-large', status: 413 })
  })

  it('answers a body that is not JSON with 415', async () => {
    const res = await app.api('POST', '/healthz', { body: 'a=1', headers: { 'content-type': 'text/plain' } })
    expect(res.status).toBe(415)
    expect(res.body).toMatchObject({ type: '/problems/unsupported-media-type' })
  })

  it('answers an unknown route with 404 not-found', async () => {
    const res = await app.api('GET', '/v1/nothing-here')
    expect(res.status).toBe(404)
    expect(res.body).toMatchObject({ type: '/problems/not-found', title: 'Not found', status: 404 })
  })

  it('echoes a sane X-Request-Id and invents one otherwise', async () => {
    const mine = await app.api('GET', '/healthz', { headers: { 'x-request-id': 'abc-123' } })
    expect(mine.headers.get('x-request-id')).toBe('abc-123')
    const other = await app.api('GET', '/healthz', { headers: { 'x-request-id': 'bad id\twith spaces' } })
    expect(other.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })
})
