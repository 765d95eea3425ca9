import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStaff, staffToken } from '../helpers/factories.js'
import { type BillingFixture, startBilling } from './billing-fixture.js'

// Tier names are distinct (whatever the case, archived or not), and a tier's words may be translated.
let f: BillingFixture
let editor: string
beforeAll(async () => {
  f = await startBilling()
  editor = staffToken(f.app.deps, await createStaff(f.app.db, 'editor'))
})
afterAll(() => f.close())

const create = (body: Record<string, unknown>, key?: string) =>
  f.app.api('POST', '/v1/admin/tiers', {
    token: editor,
    body: { currency: 'eur', monthlyAmount: 450, yearlyAmount: 4500, ...body },
    ...(key ? { headers: { 'idempotency-key': key } } : {}),
  })
const tierCount = async () =>
  Number(
    (
      await f.app.db
        .selectFrom('tiers')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

describe('tier names', () => {
  it('refuses a second tier of the same name, in any case: 409 tier-name-taken, nothing created', async () => {
    expect((await create({ name: 'Cup of coffee' })).status).toBe(201)
    const before = await tierCount()
    const again = await create({ name: '  CUP OF COFFEE ' })
    expect(again.status).toBe(409)
    expect(again.body).toMatchObject({ type: '/problems/conflict', code: 'tier-name-taken' })
    expect(await tierCount()).toBe(before)
  })

  it('still answers a retry of a created tier (same Idempotency-Key) with that tier', async () => {
    const first = await create({ name: 'Retried' }, 'tier-names-retry')
    const again = await create({ name: 'Retried' }, 'tier-names-retry')
    expect([first.status, again.status]).toEqual([201, 200])
    expect(again.body.id).toBe(first.body.id)
  })

  it('refuses renaming a tier to another tier’s name, archived or not, and allows keeping its own', async () => {
    const a = await create({ name: 'Alpha' })
    const b = await create({ name: 'Beta' })
    await f.app.api('PATCH', `/v1/admin/tiers/${a.body.id}`, { token: editor, body: { active: false } })
    const rename = await f.app.api('PATCH', `/v1/admin/tiers/${b.body.id}`, {
      token: editor,
      body: { name: 'alpha' },
    })
    expect(rename.status).toBe(409)
    expect(rename.body.code).toBe('tier-name-taken')
    const same = await f.app.api('PATCH', `/v1/admin/tiers/${b.body.id}`, {
      token: editor,
      body: { name: 'BETA' },
    })
    expect(same.status).toBe(200)
    expect(same.body.name).toBe('BETA')
  })

  it('lets exactly one of concurrent creates of one name through', async () => {
    const answers = await Promise.all([1, 2, 3, 4].map(() => create({ name: 'Raced' })))
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409])
    const rows = await f.app.db.selectFrom('tiers').select('id').where('name', '=', 'Raced').execute()
    expect(rows).toHaveLength(1)
  })
})

describe('tier translations', () => {
  it('stores, answers and replaces a tier’s words in other languages, keeping the original fields', async () => {
    const res = await create({
      name: 'Espresso',
      description: 'A small cup',
      translations: { uk: { name: 'Еспресо', description: 'Маленька чашка' } },
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ name: 'Espresso', translations: { uk: { name: 'Еспресо' } } })
    const listed = (await f.app.api('GET', '/v1/tiers')).body.data.find(
      (t: { id: string }) => t.id === res.body.id,
    )
    expect(listed).toMatchObject({
      name: 'Espresso',
      description: 'A small cup',
      translations: { uk: { name: 'Еспресо', description: 'Маленька чашка' } },
    })
    const patched = await f.app.api('PATCH', `/v1/admin/tiers/${res.body.id}`, {
      token: editor,
      body: { translations: { uk: { name: 'Еспресо ☕', description: '' } } },
    })
    expect(patched.status).toBe(200)
    expect(patched.body.translations).toEqual({ uk: { name: 'Еспресо ☕' } })
  })

  it('refuses an unknown language or field, or an over-long name: 400 validation, nothing stored', async () => {
    for (const translations of [
      { fr: { name: 'Café' } },
      { uk: { title: 'x' } },
      { uk: { name: 'x'.repeat(201) } },
    ]) {
      const res = await create({ name: `Bad ${JSON.stringify(translations).length}`, translations })
      expect(res.status).toBe(400)
      expect(res.body.type).toBe('/problems/validation')
    }
  })
})
