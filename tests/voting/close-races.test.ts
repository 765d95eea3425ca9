import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BillingFixture, seedMember, seedTier, startBilling } from '../billing/billing-fixture.js'
import type { TestApp } from '../helpers/app.js'
import { createStaff, patronToken, staffToken } from '../helpers/factories.js'
import { deliver } from '../helpers/stripe-events.js'
import { createRound, createTopics, voter } from './fixtures.js'

// On PGlite every statement runs one at a time, so these races only bite on a Postgres server: they
// run in the Postgres pass (TEST_DATABASE_URL) only, where requests really interleave.
const onServer = Boolean(process.env.TEST_DATABASE_URL)
const TRIALS = 25
/** More trials while one outcome has not been seen yet: on a loaded machine the timing may miss it. */
const MAX_TRIALS = TRIALS * 4
// Many votes of one member at once queue on its budget row: the widest window for a late commit.
const PATRONS = 4
const TOPICS = 16

let billing: BillingFixture
let app: TestApp
let editor: string

const { activePatron, vote, withdraw } = voter(() => app)

/** Every vote row of the round, as `member:topic`, sorted. */
async function voteRows(roundId: string): Promise<string[]> {
  const { rows } = await sql<{ k: string }>`
    select member_id || ':' || topic_id as k from votes where round_id = ${roundId} order by 1`.execute(
    app.db,
  )
  return rows.map((r) => r.k)
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe.runIf(onServer)('a close is final and exact, with real concurrent requests', () => {
  beforeAll(async () => {
    billing = await startBilling()
    app = billing.app
    editor = staffToken(app.deps, await createStaff(app.db, 'editor'))
  })
  afterAll(() => billing.close())

  it('lets no vote or withdrawal commit once the PATCH that closes the round has answered', async () => {
    const patrons = await Promise.all(Array.from({ length: PATRONS }, () => activePatron()))
    const seen = { landed: 0, refused: 0 }
    for (let trial = 0; trial < TRIALS; trial++) {
      const round = await createRound(app.db, { votesPerMember: TOPICS })
      const topics = await createTopics(app.db, round.id, TOPICS)
      // Each patron starts with a vote on the first topic, to withdraw during the close.
      for (const p of patrons) expect((await vote(p.token, round.id, topics[0]!)).status).toBe(201)

      const inFlight = patrons.flatMap((p) => [
        ...topics.slice(1).map((t) => vote(p.token, round.id, t)),
        withdraw(p.token, round.id, topics[0]!),
      ])
      await pause(trial % 5)
      const closed = await app.api('PATCH', `/v1/admin/rounds/${round.id}`, {
        token: editor,
        body: { closesAt: new Date(Date.now() - 1000).toISOString() },
      })
      const atClose = await voteRows(round.id)
      expect(closed.status).toBe(200)
      expect(closed.body.state).toBe('closed')

      const answers = await Promise.all(inFlight)
      for (const res of answers) {
        expect([200, 201, 204, 409]).toContain(res.status)
        if (res.status === 409) expect(res.body.type).toBe('/problems/round-closed')
        if (res.status === 409) seen.refused++
        else seen.landed++
      }
      expect(await voteRows(round.id)).toEqual(atClose)
      // Every vote answered 201 is in the tally, every withdrawal answered 204 is out of it.
      for (const [i, res] of answers.entries()) {
        const p = patrons[Math.floor(i / topics.length)]!
        const t = i % topics.length === topics.length - 1 ? topics[0]! : topics[(i % topics.length) + 1]!
        if (res.status === 201) expect(atClose).toContain(`${p.member.id}:${t}`)
        if (res.status === 204) expect(atClose).not.toContain(`${p.member.id}:${t}`)
      }
      const { rows } = await sql<{ used: number; cast: number }>`
        select coalesce(sum(votes_used), 0)::int as used,
          (select count(*)::int from votes where round_id = ${round.id}) as cast
        from round_participants where round_id = ${round.id}`.execute(app.db)
      expect(rows[0]!.used).toBe(rows[0]!.cast)
    }
    // The close did land among the requests: some of them before it, some refused by it.
    expect(seen.landed).toBeGreaterThan(0)
    expect(seen.refused).toBeGreaterThan(0)
  }, 120_000)

  it('lets no vote of a member commit once the webhook that ends its membership has answered', async () => {
    const tier = await seedTier(app.db, billing.sim)
    const seen = { landed: 0, refused: 0 }
    const bothSeen = () => seen.landed > 0 && seen.refused > 0
    for (let trial = 0; trial < MAX_TRIALS && (trial < TRIALS || !bothSeen()); trial++) {
      const { member, customer } = await seedMember(app.db, billing.sim)
      const checkout = billing.sim.checkout(member.id, customer, tier.month)
      for (const e of checkout.events) expect((await deliver(app.url, e)).status).toBe(200)
      const token = patronToken(app.deps, member)
      const round = await createRound(app.db, { votesPerMember: 40 })
      const topics = await createTopics(app.db, round.id, 40)

      // Votes come in bursts while the webhook is applied (it re-fetches from Stripe first); a burst of
      // one member's votes queues on its budget row, which keeps some in flight across the webhook.
      const inFlight: ReturnType<typeof vote>[] = []
      let hook: Promise<{ status: number; atEnd: string[] }> | undefined
      for (let wave = 0; wave < 5; wave++) {
        if (wave === trial % 3) {
          const [ended] = billing.sim.end(checkout.sub, { afterSeconds: 1 })
          hook = deliver(app.url, ended!).then(async (res) => ({
            status: res.status,
            atEnd: await voteRows(round.id),
          }))
        }
        for (const t of topics.slice(wave * 8, wave * 8 + 8)) inFlight.push(vote(token, round.id, t))
        await pause(2)
      }
      const { status, atEnd } = await hook!
      expect(status).toBe(200)

      const answers = await Promise.all(inFlight)
      for (const res of answers) {
        expect([201, 403]).toContain(res.status)
        if (res.status === 403) seen.refused++
        else seen.landed++
      }
      expect(await voteRows(round.id)).toEqual(atEnd)
      expect(atEnd).toHaveLength(answers.filter((r) => r.status === 201).length)
      const row = await app.db
        .selectFrom('members')
        .select('status')
        .where('id', '=', member.id)
        .executeTakeFirstOrThrow()
      expect(row.status).toBe('canceled')
    }
    expect(seen.landed).toBeGreaterThan(0)
    expect(seen.refused).toBeGreaterThan(0)
  }, 120_000)
})
