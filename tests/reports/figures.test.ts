import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { createMember, createStaff, staffToken } from '../helpers/factories.js'
import { createComp, createTier, play, state } from './factories.js'

/*
 * A hand-computed history (all times UTC, 2025):
 *   Supporter (eur): monthly 500, yearly 5000 -> round(5000 / 12) = 417 a month
 *   Champion  (eur): monthly 1000
 *   Friend    (usd): monthly 700, yearly 7800 -> 650 a month
 *
 *   A  01-10 new, Supporter monthly 500
 *   B  01-20 new, Supporter yearly 417; 03-05 10:00 tier change to Champion monthly 1000
 *   C  01-31 23:59:59 new, Friend monthly 700 (a January patron); 02-15 cancels (voluntary)
 *   D  02-01 00:00 trial of Friend yearly (0 MRR); 02-15 pays (new); 03-10 past_due; 03-20 unpaid (involuntary)
 *   E  02-10 new, Supporter monthly 500; 03-01 cancels (voluntary); 04-05 resubscribes to Champion 1000 (new again)
 *   F  a comp from 02-01 to 06-01, never pays
 *   G  04-01 00:00 new, Friend monthly 700 (an April patron)
 */
let app: TestApp
let token: string
let tiers: Record<'supporter' | 'champion' | 'friend', { id: string; name: string }>

beforeAll(async () => {
  app = await startTestApp()
  const db = app.db
  token = staffToken(app.deps, await createStaff(db, 'analyst'))
  tiers = {
    supporter: await createTier(db, 'Supporter', 'eur'),
    champion: await createTier(db, 'Champion', 'eur'),
    friend: await createTier(db, 'Friend', 'usd'),
  }
  const { supporter, champion, friend } = tiers
  const member = async () => (await createMember(db)).id

  await play(db, await member(), [{ at: '2025-01-10T09:00:00Z', to: state('active', supporter, 'eur', 500) }])
  await play(db, await member(), [
    { at: '2025-01-20T09:00:00Z', to: state('active', supporter, 'eur', 417) },
    { at: '2025-03-05T10:00:00Z', to: state('active', champion, 'eur', 1000) },
  ])
  await play(db, await member(), [
    { at: '2025-01-31T23:59:59Z', to: state('active', friend, 'usd', 700) },
    { at: '2025-02-15T08:00:00Z', to: state('canceled', friend, 'usd'), churn: 'voluntary' },
  ])
  await play(db, await member(), [
    { at: '2025-02-01T00:00:00Z', to: state('trialing', friend, 'usd') },
    { at: '2025-02-15T09:00:00Z', to: state('active', friend, 'usd', 650) },
    { at: '2025-03-10T09:00:00Z', to: state('past_due', friend, 'usd', 650) },
    { at: '2025-03-20T09:00:00Z', to: state('unpaid', friend, 'usd'), churn: 'involuntary' },
  ])
  await play(db, await member(), [
    { at: '2025-02-10T09:00:00Z', to: state('active', supporter, 'eur', 500) },
    { at: '2025-03-01T09:00:00Z', to: state('canceled', supporter, 'eur'), churn: 'voluntary' },
    { at: '2025-04-05T09:00:00Z', to: state('active', champion, 'eur', 1000) },
  ])
  await createComp(db, await member(), '2025-02-01T00:00:00Z', '2025-06-01T00:00:00Z')
  await play(db, await member(), [{ at: '2025-04-01T00:00:00Z', to: state('active', friend, 'usd', 700) }])
})
afterAll(() => app.close())

const summaryAt = async (at: string) => {
  const res = await app.api('GET', `/v1/admin/reports/summary?at=${encodeURIComponent(at)}`, { token })
  expect(res.status).toBe(200)
  return res.body
}

describe('summary', () => {
  it('shows 2025-03-15 as it was: past due still paying, 30-day window, per currency and tier', async () => {
    const { supporter, champion, friend } = tiers
    expect(await summaryAt('2025-03-15T12:00:00Z')).toEqual({
      at: '2025-03-15T12:00:00.000Z',
      activePatrons: 3, // A, B (eur) and D (usd, past due)
      compedMembers: 1, // F
      giftedMembers: 0,
      oneTime30d: [],
      pastDue: 1,
      newPatrons30d: 1, // D on 02-15; window is (02-13 12:00, 03-15 12:00]
      churnedPatrons30d: { voluntary: 2, involuntary: 0 }, // C 02-15, E 03-01
      churnRate30d: 0.4, // 2 / (4 active at 02-13 12:00 [A B C E] + 1 new)
      revenue: [
        { currency: 'eur', mrr: 1500, arpu: 750 }, // A 500 + B 1000
        { currency: 'usd', mrr: 650, arpu: 650 }, // D
      ],
      byTier: [
        {
          tierId: champion.id,
          name: 'Champion',
          activePatrons: 1,
          revenue: [{ currency: 'eur', mrr: 1000 }],
        },
        { tierId: friend.id, name: 'Friend', activePatrons: 1, revenue: [{ currency: 'usd', mrr: 650 }] },
        {
          tierId: supporter.id,
          name: 'Supporter',
          activePatrons: 1,
          revenue: [{ currency: 'eur', mrr: 500 }],
        },
      ],
    })
  })

  it('counts the involuntary churn after D became unpaid', async () => {
    const { supporter, champion } = tiers
    expect(await summaryAt('2025-03-25T00:00:00Z')).toEqual({
      at: '2025-03-25T00:00:00.000Z',
      activePatrons: 2,
      compedMembers: 1,
      giftedMembers: 0,
      oneTime30d: [],
      pastDue: 0,
      newPatrons30d: 0,
      churnedPatrons30d: { voluntary: 1, involuntary: 1 }, // E 03-01, D 03-20
      churnRate30d: 0.5, // 2 / (4 active at 02-23 [A B D E] + 0)
      revenue: [{ currency: 'eur', mrr: 1500, arpu: 750 }],
      byTier: [
        {
          tierId: champion.id,
          name: 'Champion',
          activePatrons: 1,
          revenue: [{ currency: 'eur', mrr: 1000 }],
        },
        {
          tierId: supporter.id,
          name: 'Supporter',
          activePatrons: 1,
          revenue: [{ currency: 'eur', mrr: 500 }],
        },
      ],
    })
  })

  it('moves MRR between tiers at the instant of the change, within its day', async () => {
    const before = await summaryAt('2025-03-05T09:59:59Z')
    expect(before.revenue).toEqual([
      { currency: 'eur', mrr: 917, arpu: 459 }, // (500 + 417) / 2 = 458.5, half up
      { currency: 'usd', mrr: 650, arpu: 650 },
    ])
    expect(before.byTier.map((t: any) => [t.name, t.activePatrons])).toEqual([
      ['Friend', 1],
      ['Supporter', 2],
    ])
    const after = await summaryAt('2025-03-05T10:00:00Z')
    expect(after.revenue[0]).toEqual({ currency: 'eur', mrr: 1500, arpu: 750 })
    expect(after.activePatrons).toBe(3)
  })

  it('includes a transition at exactly `at` and none after it', async () => {
    const atC = await summaryAt('2025-01-31T23:59:59Z')
    expect(atC.revenue).toEqual([
      { currency: 'eur', mrr: 917, arpu: 459 },
      { currency: 'usd', mrr: 700, arpu: 700 },
    ])
    expect(atC.newPatrons30d).toBe(3)
    const beforeC = await summaryAt('2025-01-31T23:59:58Z')
    expect(beforeC.revenue).toEqual([{ currency: 'eur', mrr: 917, arpu: 459 }])
    expect(beforeC.activePatrons).toBe(2)
  })

  it('is empty before any history and counts no comp once it ended', async () => {
    const early = await summaryAt('2024-12-31T23:59:59Z')
    expect(early).toMatchObject({
      activePatrons: 0,
      compedMembers: 0,
      churnRate30d: 0,
      revenue: [],
      byTier: [],
    })
    const later = await summaryAt('2025-06-01T00:00:00Z')
    expect(later).toMatchObject({ activePatrons: 4, compedMembers: 0, pastDue: 0 })
    expect(later.revenue).toEqual([
      { currency: 'eur', mrr: 2500, arpu: 833 }, // A 500 + B 1000 + E 1000 over 3
      { currency: 'usd', mrr: 700, arpu: 700 }, // G
    ])
  })
})

describe('monthly', () => {
  it('gives each month-end figure per currency, with UTC month boundaries', async () => {
    const res = await app.api('GET', '/v1/admin/reports/monthly?from=2025-01&to=2025-05', { token })
    expect(res.status).toBe(200)
    const row = (
      month: string,
      currency: string,
      mrr: number,
      active: number,
      n: number,
      voluntary: number,
      involuntary = 0,
    ) => ({
      month,
      currency,
      mrr,
      activePatrons: active,
      newPatrons: n,
      churnedPatrons: voluntary + involuntary,
      churnedVoluntary: voluntary,
      churnedInvoluntary: involuntary,
      netChange: n - voluntary - involuntary,
      oneTimeAmount: 0,
      oneTimeCount: 0,
    })
    expect(res.body.data).toEqual([
      row('2025-01', 'eur', 917, 2, 2, 0), // A, B
      row('2025-01', 'usd', 700, 1, 1, 0), // C at 01-31 23:59:59
      row('2025-02', 'eur', 1417, 3, 1, 0), // + E
      row('2025-02', 'usd', 650, 1, 1, 1), // C out, D in (trial from 02-01 00:00 counts 0)
      row('2025-03', 'eur', 1500, 2, 0, 1), // E out, B up to 1000
      row('2025-03', 'usd', 0, 0, 0, 0, 1), // D unpaid: involuntary
      row('2025-04', 'eur', 2500, 3, 1, 0), // E back at 1000
      row('2025-04', 'usd', 700, 1, 1, 0), // G at 04-01 00:00
      row('2025-05', 'eur', 2500, 3, 0, 0),
      row('2025-05', 'usd', 700, 1, 0, 0),
    ])
  })

  it('starts a later range from the levels reached before it', async () => {
    const res = await app.api('GET', '/v1/admin/reports/monthly?from=2025-03&to=2025-03', { token })
    expect(res.body.data).toEqual([
      {
        month: '2025-03',
        currency: 'eur',
        mrr: 1500,
        activePatrons: 2,
        newPatrons: 0,
        churnedPatrons: 1,
        churnedVoluntary: 1,
        churnedInvoluntary: 0,
        netChange: -1,
        oneTimeAmount: 0,
        oneTimeCount: 0,
      },
      {
        month: '2025-03',
        currency: 'usd',
        mrr: 0,
        activePatrons: 0,
        newPatrons: 0,
        churnedPatrons: 1,
        churnedVoluntary: 0,
        churnedInvoluntary: 1,
        netChange: -1,
        oneTimeAmount: 0,
        oneTimeCount: 0,
      },
    ])
  })
})

describe('cohorts', () => {
  it('groups patrons by the month they first paid and follows them to each month end', async () => {
    const res = await app.api('GET', '/v1/admin/reports/cohorts?from=2025-01&to=2025-04', { token })
    expect(res.status).toBe(200)
    expect(res.body.data).toEqual([
      {
        cohort: '2025-01', // A, B, C
        size: 3,
        retained: [
          { month: '2025-01', patrons: 3, rate: 1 },
          { month: '2025-02', patrons: 2, rate: 0.6667 },
          { month: '2025-03', patrons: 2, rate: 0.6667 },
          { month: '2025-04', patrons: 2, rate: 0.6667 },
        ],
      },
      {
        cohort: '2025-02', // D, E (E's return in April does not make a new cohort)
        size: 2,
        retained: [
          { month: '2025-02', patrons: 2, rate: 1 },
          { month: '2025-03', patrons: 0, rate: 0 },
          { month: '2025-04', patrons: 1, rate: 0.5 },
        ],
      },
      { cohort: '2025-04', size: 1, retained: [{ month: '2025-04', patrons: 1, rate: 1 }] }, // G
    ])
  })

  it('leaves out patrons who first paid before the range', async () => {
    const res = await app.api('GET', '/v1/admin/reports/cohorts?from=2025-04&to=2025-05', { token })
    expect(res.body.data).toEqual([
      {
        cohort: '2025-04',
        size: 1,
        retained: [
          { month: '2025-04', patrons: 1, rate: 1 },
          { month: '2025-05', patrons: 1, rate: 1 },
        ],
      },
    ])
  })
})

describe('cohort rollups', () => {
  it('are what the 10-40 migration back-fills from the history', async () => {
    const read = () =>
      app.db
        .selectFrom('membership_cohort_daily')
        .select(['cohort', 'day', 'joined', 'paying_delta'])
        .orderBy('cohort')
        .orderBy('day')
        .execute()
    const kept = await read()
    expect(kept.length).toBeGreaterThan(5)
    const migration = await import('../../migrations/2026-11-27T10-40_membership_cohorts.js')
    await migration.down(app.db)
    await migration.up(app.db)
    expect(await read()).toEqual(kept)
  })
})

describe('source of the figures', () => {
  it('is the history, not the members’ current rows', async () => {
    const before = await summaryAt('2025-04-15T00:00:00Z')
    await app.db.updateTable('members').set({ status: 'canceled', mrr: 0, currency: null }).execute()
    expect(await summaryAt('2025-04-15T00:00:00Z')).toEqual(before)
    expect(before.activePatrons).toBe(4)
  })
})
