import { afterAll, describe, expect, it } from 'vitest'
import { startTestApp } from '../helpers/app.js'
import { createStaff, staffToken } from '../helpers/factories.js'

/** JSON nested far deeper than any schema is refused as a 400, not a stack overflow answered with a 500. */

const app = await startTestApp()
afterAll(() => app.close())
const token = staffToken(app.deps, await createStaff(app.db, 'admin'))
const rounds = async () => (await app.db.selectFrom('rounds').select('id').execute()).length

describe('deeply nested JSON', () => {
  it.each([
    ['arrays', `${'['.repeat(20_000)}${']'.repeat(20_000)}`],
    ['objects in a field', `{"title":${'{"a":'.repeat(15_000)}1${'}'.repeat(15_000)}}`],
  ])('answers a body of nested %s with 400 validation and writes nothing', async (_name, body) => {
    const res = await app.api('POST', '/v1/admin/rounds', { body, token })
    expect(res.status, res.text).toBe(400)
    expect(res.body.type).toBe('/problems/validation')
    expect(await rounds()).toBe(0)
  })

  it('still names the field of a NUL character a few levels down', async () => {
    const res = await app.api('POST', '/v1/admin/rounds', {
      body: { title: 'x', extra: [{ a: 'b\u0000' }] },
      token,
    })
    expect(res.status).toBe(400)
    expect(res.body.errors).toEqual([{ path: 'body.extra.0.a', message: 'must not contain NUL characters' }])
  })
})
