import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { createMember, createStaff, staffToken } from '../helpers/factories.js'
import { createTier } from './factories.js'

let app: TestApp
let token: string

beforeAll(async () => {
  app = await startTestApp()
  token = staffToken(app.deps, await createStaff(app.db, 'analyst'))
})
afterAll(() => app.close())

const lines = (text: string) => text.split('\r\n').slice(0, -1)

describe('votes export', () => {
  it('streams a round’s votes as quoted, formula-safe CSV', async () => {
    const db = app.db
    const round = await db
      .insertInto('rounds')
      .values({
        title: 'Autumn',
        opens_at: '2025-09-01T00:00:00Z',
        closes_at: '2025-10-01T00:00:00Z',
        votes_per_member: 5,
        results_visibility: 'live',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const titles = ['Plain', 'Says "hi", twice', '=HYPERLINK("http://evil.test")', '@SUM(1)', 'Line\nbreak']
    const topics = []
    for (const title of titles)
      topics.push(
        await db
          .insertInto('topics')
          .values({ round_id: round.id, title })
          .returning('id')
          .executeTakeFirstOrThrow(),
      )
    const voter = await createMember(db, { email: '-voter@example.test' })
    for (const [i, topic] of topics.entries())
      await db
        .insertInto('votes')
        .values({
          round_id: round.id,
          topic_id: topic.id,
          member_id: voter.id,
          created_at: `2025-09-0${i + 1}T12:00:00Z`,
        })
        .execute()
    // Another round's vote must not appear.
    const other = await db
      .insertInto('rounds')
      .values({
        ...{ title: 'Other', votes_per_member: 1, results_visibility: 'live' as const },
        opens_at: '2025-01-01T00:00:00Z',
        closes_at: '2025-02-01T00:00:00Z',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const otherTopic = await db
      .insertInto('topics')
      .values({ round_id: other.id, title: 'Elsewhere' })
      .returning('id')
      .executeTakeFirstOrThrow()
    await db
      .insertInto('votes')
      .values({ round_id: other.id, topic_id: otherTopic.id, member_id: voter.id })
      .execute()

    const res = await app.api('GET', `/v1/admin/exports/rounds/${round.id}/votes.csv`, { token })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="round-${round.id}-votes.csv"`)
    const expected = topics
      .map((topic, i) => ({ topic: topic.id, title: titles[i]!, at: `2025-09-0${i + 1}T12:00:00.000Z` }))
      .sort((a, b) => a.topic.localeCompare(b.topic))
      .map((v) => {
        const title = {
          Plain: 'Plain',
          'Says "hi", twice': '"Says ""hi"", twice"',
          '=HYPERLINK("http://evil.test")': `"'=HYPERLINK(""http://evil.test"")"`,
          '@SUM(1)': "'@SUM(1)",
          'Line\nbreak': '"Line\nbreak"',
        }[v.title]
        return `${v.topic},${title},${voter.id},'-voter@example.test,${v.at}`
      })
    expect(res.text).toBe(
      ['topic_id,topic,member_id,email,voted_at', ...expected].map((l) => `${l}\r\n`).join(''),
    )
  })
})

describe('members export', () => {
  it('streams every member once, in order, past the size of one batch', async () => {
    const db = app.db
    const tier = await createTier(db, 'Sup,porter', 'eur')
    await db
      .insertInto('members')
      .values({ email: '=cmd@example.test', status: 'active', tier_id: tier.id, currency: 'eur', mrr: 417 })
      .execute()
    await sql`
      insert into members (email, status)
      select 'bulk-' || g || '@example.test', 'none' from generate_series(1, 2500) g
    `.execute(db)
    const total = await db
      .selectFrom('members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()

    const res = await app.api('GET', '/v1/admin/exports/members.csv', { token })
    expect(res.status).toBe(200)
    const rows = lines(res.text)
    expect(rows[0]).toBe('id,email,status,tier_id,tier,currency,mrr,created_at')
    const body = rows.slice(1)
    expect(body).toHaveLength(Number(total.n))
    const ids = body.map((l) => l.slice(0, 36))
    expect(new Set(ids).size).toBe(ids.length)
    expect([...ids].sort()).toEqual(ids)
    const patron = body.find((l) => l.includes('cmd@example.test'))!
    expect(patron).toMatch(
      new RegExp(
        `^[0-9a-f-]{36},'=cmd@example\\.test,active,${tier.id},"Sup,porter",eur,4\\.17,\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z$`,
      ),
    )
  })
})
