import { readFileSync } from 'node:fs'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { connectDatabase, type Db } from '../../src/db/connect.js'
import { pendingMailCount } from '../../src/mail/outbox.repository.js'
import { mailPreferences, setMailPreferences } from '../../src/mail/preferences.js'
import { sendDueBulkMails, sendDuePromptMails, startMailSender } from '../../src/mail/sender.js'
import { mailJobs } from '../../src/mail-jobs.js'
import { announceOpenedRounds } from '../../src/voting/announcements.service.js'
import { type BillingFixture, seedMember, seedTier, startBilling } from '../billing/billing-fixture.js'
import { request } from '../helpers/app.js'
import { createMember, createStaff, patronToken, staffToken } from '../helpers/factories.js'
import { readOutbox } from '../helpers/outbox.js'
import { preparedStatements, withDatabase } from '../helpers/postgres.js'
import { deliver } from '../helpers/stripe-events.js'

let f: BillingFixture
let editor: string
/** A second connection pool on the same database: a second instance of the service. */
let other: Db

beforeAll(async () => {
  f = await startBilling({ MAIL_RATE_PER_SECOND: '1000', SITE_NAME: 'The Kyiv Ledger' })
  editor = staffToken(f.app.deps, await createStaff(f.app.db, 'editor'))
  const serverUrl = process.env.TEST_DATABASE_URL
  if (serverUrl) {
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(f.app.db)
    other = connectDatabase({ url: withDatabase(serverUrl, rows[0]!.name), preparedStatements })
  } else other = f.app.db
})
afterAll(async () => {
  if (other !== f.app.db) await other.destroy()
  await f.close()
})

/** Sends everything due, as the background sender would, until nothing is left. */
async function drain() {
  const deps = f.app.deps
  while ((await sendDuePromptMails(deps)) + (await sendDueBulkMails(deps)) > 0) {}
  expect(await pendingMailCount(f.app.db)).toBe(0)
}

const mailsTo = (email: string) => readOutbox(f.app).filter((m) => m.to.includes(email))

async function patron(fields: { status?: 'active' | 'canceled' | 'past_due'; graceUntil?: Date } = {}) {
  return createMember(f.app.db, { status: fields.status ?? 'active', graceUntil: fields.graceUntil ?? null })
}

/** A round opened a minute ago, made with its topics in one request, as the staff form does. */
async function openRound(title: string, topics: string[]) {
  const round = await f.app.api('POST', '/v1/admin/rounds', {
    token: editor,
    body: {
      title,
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      votesPerMember: 3,
      resultsVisibility: 'live',
      topics: topics.map((t) => ({ title: t })),
    },
  })
  expect(round.status).toBe(201)
  expect(round.body.topics.map((t: { title: string }) => t.title)).toEqual(topics)
  return {
    id: round.body.id as string,
    topicIds: round.body.topics.map((t: { id: string }) => t.id) as string[],
  }
}

describe('a round opens', () => {
  it('mails each entitled, opted-in patron once: not the lapsed, not staff, not twice across instances and restarts', async () => {
    const active = await patron()
    const inGrace = await patron({ status: 'past_due', graceUntil: new Date(Date.now() + 86_400_000) })
    await f.app.db.updateTable('members').set({ locale: 'uk' }).where('id', '=', inGrace.id).execute()
    const lapsed = await patron({ status: 'canceled' })
    const optedOut = await patron()
    await setMailPreferences(f.app.db, optedOut.id, { rounds: false })
    const staffPatron = await patron()
    await createStaff(f.app.db, 'analyst', staffPatron.email)

    const round = await openRound('Housing in Kyiv', ['Rents', 'Shelters'])
    // Two instances at once, then a restart: one mail per member and round.
    await Promise.all([announceOpenedRounds(f.app.db), announceOpenedRounds(other)])
    expect(await announceOpenedRounds(f.app.db)).toEqual({ rounds: 0, mails: 0 })
    await drain()

    expect(mailsTo(lapsed.email)).toEqual([])
    expect(mailsTo(optedOut.email)).toEqual([])
    expect(mailsTo(staffPatron.email)).toEqual([])
    const [mail] = mailsTo(active.email)
    expect(mailsTo(active.email)).toHaveLength(1)
    expect(mail!.subject).toBe('The Kyiv Ledger: voting is open — Housing in Kyiv')
    expect(mail!.text).toContain(`http://patronage.test/rounds/${round.id}`)
    expect(mail!.text).toContain('- Rents\n- Shelters')
    expect(mail!.text).toContain('You have 3 votes.')
    const raw = `${mail!.head}\r\n\r\n${readFileSync(mail!.file, 'utf8')}`
    expect(raw).toMatch(/^List-Unsubscribe: <http:\/\/patronage\.test\/unsubscribe\?token=[\w.-]+>$/m)
    expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m)
    expect(raw).toMatch(/^Message-ID: <[0-9a-f-]{36}@patronage\.test>$/m)
    expect(raw).toMatch(/^Date: /m)
    expect(raw).toContain('Content-Type: text/html')

    const [uk] = mailsTo(inGrace.email)
    expect(mailsTo(inGrace.email)).toHaveLength(1)
    expect(uk!.subject).toBe('The Kyiv Ledger: голосування відкрито — Housing in Kyiv')
    expect(uk!.text).toContain('На вибір 2 теми:')
    expect(uk!.text).toContain('У вас 3 голоси.')
  })

  it('is announced by the background sender, which runs the jobs the wiring hands it', async () => {
    const reader = await patron()
    await openRound('Water supply', ['Wells'])
    const sender = startMailSender(f.app.deps, mailJobs)
    try {
      await vi.waitFor(
        () =>
          expect(mailsTo(reader.email).map((m) => m.subject)).toEqual([
            'The Kyiv Ledger: voting is open — Water supply',
          ]),
        { timeout: 15_000, interval: 100 },
      )
    } finally {
      await sender.stop()
    }
  })
})

describe('a round is never announced empty', () => {
  it('waits for its first topic, then mails it; a round that closed empty is set aside without mail', async () => {
    const reader = await patron()
    const empty = await openRound('Transport', [])
    expect(await announceOpenedRounds(f.app.db)).toMatchObject({ mails: 0 })
    await drain()
    expect(mailsTo(reader.email)).toEqual([])

    const topic = await f.app.api('POST', `/v1/admin/rounds/${empty.id}/topics`, {
      token: editor,
      body: { title: 'Night trams' },
    })
    expect(topic.status).toBe(201)
    await announceOpenedRounds(f.app.db)
    await drain()
    const mails = mailsTo(reader.email).filter((m) => m.subject.includes('Transport'))
    expect(mails).toHaveLength(1)
    expect(mails[0]!.text).toContain('- Night trams')

    const closedEmpty = await openRound('Closed before anyone added a topic', [])
    await f.app.db
      .updateTable('rounds')
      .set({ closes_at: new Date(Date.now() - 1000) })
      .where('id', '=', closedEmpty.id)
      .execute()
    await announceOpenedRounds(f.app.db)
    const marked = await f.app.db
      .selectFrom('rounds')
      .select('announced_at')
      .where('id', '=', closedEmpty.id)
      .executeTakeFirstOrThrow()
    expect(marked.announced_at).not.toBeNull()
    await drain()
    expect(mailsTo(reader.email).filter((m) => m.subject.includes('Closed before'))).toEqual([])
  })
})

describe('a topic is covered', () => {
  it('mails its voters who want coverage news, once, however often staff edit it', async () => {
    const [a, b, quiet] = [await patron(), await patron(), await patron()]
    await setMailPreferences(f.app.db, quiet.id, { coverage: false })
    const round = await openRound('Energy', ['Blackouts', 'Solar'])
    const [blackouts, solar] = round.topicIds as [string, string]
    for (const [member, topicId] of [
      [a, blackouts],
      [quiet, blackouts],
      [b, solar],
    ] as const) {
      const vote = await f.app.api('POST', `/v1/rounds/${round.id}/votes`, {
        token: patronToken(f.app.deps, member),
        body: { topicId },
      })
      expect(vote.status).toBe(201)
    }
    await announceOpenedRounds(f.app.db)
    await drain()
    const before = readOutbox(f.app).length

    const story = 'https://news.example.test/blackouts'
    for (const body of [{ status: 'covered', coverageUrl: story }, { title: 'Blackouts, a year on' }]) {
      const res = await f.app.api('PATCH', `/v1/admin/topics/${blackouts}`, { token: editor, body })
      expect(res.status).toBe(200)
    }
    await drain()
    const coverage = readOutbox(f.app)
      .slice(before)
      .filter((m) => m.subject.startsWith('You asked, we reported'))
    expect(coverage.map((m) => m.to)).toEqual([a.email])
    expect(coverage[0]!.text).toContain(story)
  })
})

describe('unsubscribe', () => {
  it('one-click: a plain POST without a session opts out, and no further announcement arrives', async () => {
    const member = await patron()
    await openRound('Schools', ['Bomb shelters in schools'])
    await announceOpenedRounds(f.app.db)
    await drain()
    const link = /^List-Unsubscribe: <(.+)>$/m.exec(mailsTo(member.email)[0]!.head)![1]!
    const path = link.replace('http://patronage.test', '')

    const page = await request(f.app.url, 'GET', path, { headers: { 'accept-language': 'uk,en;q=0.5' } })
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toContain('text/html')
    expect(page.text).toContain('<html lang="uk">')
    expect(page.text).toMatch(/<form method="post" action="\/unsubscribe\?token=[^"]+">/)
    expect(page.text).not.toContain('<script')
    expect((await mailPreferences(f.app.db, member.id))!.rounds).toBe(true) // GET changes nothing

    const bad = await request(f.app.url, 'POST', `${path.slice(0, -3)}xyz`, {
      body: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(bad.status).toBe(400)
    expect((await mailPreferences(f.app.db, member.id))!.rounds).toBe(true)

    const res = await request(f.app.url, 'POST', path, {
      body: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(res.status).toBe(200)
    expect(await mailPreferences(f.app.db, member.id)).toEqual({
      rounds: false,
      coverage: true,
      locale: null,
      pageLocale: null,
    })

    const before = mailsTo(member.email).length
    await openRound('Transport', ['Night buses'])
    await announceOpenedRounds(f.app.db)
    await drain()
    expect(mailsTo(member.email)).toHaveLength(before)
  })

  it('membership and sign-in mails still reach a patron who turned announcements off', async () => {
    const tier = await seedTier(f.app.db, f.sim)
    const { member, customer } = await seedMember(f.app.db, f.sim)
    await setMailPreferences(f.app.db, member.id, { rounds: false, coverage: false })
    for (const e of f.sim.checkout(member.id, customer, tier.month).events) {
      expect((await deliver(f.app.url, e)).status).toBe(200)
    }
    expect((await f.app.api('POST', '/v1/auth/magic-link', { body: { email: member.email } })).status).toBe(
      202,
    )
    expect(mailsTo(member.email).map((m) => m.subject)).toEqual([
      'Welcome, patron of The Kyiv Ledger',
      'Your sign-in link for The Kyiv Ledger',
    ])
  })
})
