import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import type { MailLocale } from '../../src/db/schema.js'
import { type MailKind, mailKinds } from '../../src/mail/kinds.js'
import { composeMail, type MessageData } from '../../src/mail/messages.js'
import { enqueueMail } from '../../src/mail/outbox.repository.js'
import { deliverMails } from '../../src/mail/sender.js'
import { insertRound } from '../../src/voting/rounds.repository.js'
import { insertTopic } from '../../src/voting/topics.repository.js'
import { defaultNewsroom } from '../../src/web/newsroom.js'
import { TEST_JWT_SECRET, type TestApp } from '../helpers/app.js'
import { createMember, uniqueEmail } from '../helpers/factories.js'
import { readOutbox } from '../helpers/outbox.js'
import { FormClient } from '../web/form-client.js'
import { startPageApp } from '../web/harness.js'

/** A phrase only a mail in that language has, for each kind. */
const sign: Record<MailKind, Record<MailLocale, RegExp>> = {
  'sign-in': { en: /Here is your link to sign in/, uk: /Ось ваше посилання для входу/ },
  welcome: { en: /Thank you for becoming a patron/, uk: /Дякуємо, що стали меценатом/ },
  'payment-failed': { en: /could not collect/, uk: /не вдалося списати/ },
  'membership-ended': { en: /Your membership has ended/, uk: /Ваше членство завершилося/ },
  'round-opened': { en: /A new voting round has opened/, uk: /Почалося нове голосування/ },
  'topic-covered': { en: /You voted for/, uk: /Ви голосували за тему/ },
  join: { en: /You asked to become a patron/, uk: /Ви хотіли стати меценатом/ },
  'staff-invite': { en: /You have been added to the team/, uk: /Вас додано до команди/ },
  'contribution-thanks': { en: /one-time contribution of/, uk: /разовий внесок/ },
  'gift-purchased': { en: /Thank you for giving/, uk: /Дякуємо, що подарували/ },
  'gift-received': { en: /A gift for you from/, uk: /Подарунок для вас від/ },
  'gift-ending': { en: /Your gift membership ends/, uk: /подарункове членство завершується/ },
}

let app: TestApp
let roundId: string
beforeAll(async () => {
  app = await startPageApp({ SITE_TIME_ZONE: 'Europe/Kyiv', DEFAULT_LOCALE: 'en' })
  roundId = await insertRound(app.db, {
    title: 'What next?',
    description: null,
    opensAt: new Date(Date.now() - 60_000),
    closesAt: new Date(Date.now() + 86_400_000),
    votesPerMember: 3,
    resultsVisibility: 'live',
  })
  await insertTopic(app.db, { roundId, title: 'Housing', description: null })
})
afterAll(async () => {
  await app?.close()
})

const linkless = new Set<MailKind>(['contribution-thanks', 'gift-purchased'])

const payloads: Partial<Record<MailKind, Record<string, unknown>>> = {
  'round-opened': { roundId: '' },
  'topic-covered': { title: 'Housing', coverageUrl: 'https://news.example.org/housing' },
}

/** Sends one mail of each member-bound kind to the member and returns the decoded .eml texts. */
async function mailsTo(member: { id: string; email: string }) {
  const kinds = ['welcome', 'payment-failed', 'membership-ended', 'round-opened', 'topic-covered'] as const
  const before = readOutbox(app).filter((m) => m.to.includes(member.email)).length
  const ids = []
  for (const kind of kinds) {
    const payload = kind === 'round-opened' ? { roundId } : (payloads[kind] ?? {})
    ids.push(
      await enqueueMail(app.db, {
        dedupeKey: `${kind}:${member.id}`,
        kind,
        recipient: member.email,
        memberId: member.id,
        payload,
      }),
    )
  }
  await deliverMails(app.deps, ids)
  const mails = readOutbox(app)
    .filter((m) => m.to.includes(member.email))
    .slice(before)
  expect(mails).toHaveLength(kinds.length)
  return { kinds, mails }
}

describe('a mail is in the member’s language', () => {
  it('the language of the page they asked a sign-in link from, for every mail after it', async () => {
    const member = await createMember(app.db)
    const reader = new FormClient(app.url)
    await reader.get('/login?lang=uk')
    await reader.post('/login', { email: member.email })
    const signIn = readOutbox(app).find((m) => m.to.includes(member.email))!
    expect(signIn.text).toMatch(sign['sign-in'].uk)
    const { mails } = await mailsTo(member)
    for (const mail of mails) expect(mail.text).toMatch(/^Вітаємо!\n/)
    const texts = mails.map((m) => m.text).join('\n')
    for (const kind of [
      'welcome',
      'payment-failed',
      'membership-ended',
      'round-opened',
      'topic-covered',
    ] as const)
      expect(texts).toMatch(sign[kind].uk)
  })

  it('their choice on /account over the page language', async () => {
    const member = await createMember(app.db)
    await app.db
      .updateTable('members')
      .set({ locale: 'en', page_locale: 'uk' })
      .where('id', '=', member.id)
      .execute()
    const { mails } = await mailsTo(member)
    const texts = mails.map((m) => m.text).join('\n')
    for (const kind of [
      'welcome',
      'payment-failed',
      'membership-ended',
      'round-opened',
      'topic-covered',
    ] as const)
      expect(texts).toMatch(sign[kind].en)
    expect(texts).not.toMatch(/[А-Яа-яІіЇїЄє]{4}/)
  })

  it('DEFAULT_LOCALE when they never chose nor asked', async () => {
    const member = await createMember(app.db, { email: uniqueEmail() })
    const { mails } = await mailsTo(member)
    expect(mails.map((m) => m.text).join('\n')).toMatch(sign.welcome.en)
  })

  it('a round closing time names the newsroom’s time zone, and a title ending in "?" gets no second stop', async () => {
    const member = await createMember(app.db)
    const { mails } = await mailsTo(member)
    const opened = mails.find((m) => sign['round-opened'].en.test(m.text))!
    expect(opened.text).toContain('A new voting round has opened: What next?\n')
    expect(opened.text).toMatch(/Voting closes on \w+ \d{1,2}, \d{4} at \d{1,2}:\d{2} [AP]M GMT\+\d\./)
  })
})

describe('every mail in both languages', () => {
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    PUBLIC_URL: 'http://patronage.test',
    DATA_DIR: '/tmp',
  })
  const newsroom = { ...defaultNewsroom(config), name: 'Ledger', accent: '#8a1c1c' }
  const round = {
    id: 'r1',
    title: 'Who pays?',
    translations: {},
    closesAt: new Date(),
    votesPerMember: 3,
    topics: [{ title: 'A', translations: {} }],
  }
  const gift = {
    recipient_email: 'b@example.test',
    purchaser_email: 'a@example.test',
    months: 3,
    tier_name: 'Supporter',
    message: 'For you.',
    send_at: null,
    status: 'paid',
  } as Extract<MessageData, { kind: 'gift-received' }>['gift']
  const data: MessageData[] = [
    { kind: 'sign-in', url: 'http://patronage.test/login?token=x', minutes: 15 },
    {
      kind: 'welcome',
      membership: {
        tier: 'Supporter',
        amount: 500,
        currency: 'eur',
        interval: 'month',
        renewsAt: new Date('2027-01-03T10:00:00Z'),
      },
      round: { id: 'r1', title: 'Who pays?' },
    },
    { kind: 'payment-failed' },
    { kind: 'membership-ended' },
    { kind: 'round-opened', round, unsubscribeUrl: 'http://patronage.test/unsubscribe?token=y' },
    {
      kind: 'topic-covered',
      topic: { title: 'Who pays?', translations: undefined },
      coverageUrl: 'https://n.example/x',
      unsubscribeUrl: 'http://patronage.test/u',
    },
    { kind: 'join', url: 'http://patronage.test/join/continue?token=x', minutes: 15, live: false },
    { kind: 'staff-invite', url: 'http://patronage.test/login?token=x', minutes: 15, role: 'editor' },
    { kind: 'contribution-thanks', amount: 1500, currency: 'eur' },
    { kind: 'gift-purchased', gift },
    { kind: 'gift-received', gift, url: 'http://patronage.test/gift/start?token=x' },
    { kind: 'gift-ending', endsAt: new Date('2027-01-03T10:00:00Z') },
  ]
  expect(data.map((d) => d.kind).sort()).toEqual(Object.keys(mailKinds).sort())
  for (const locale of ['en', 'uk'] as const) {
    for (const d of data) {
      it(`${d.kind} in ${locale}: its language, a capital after the greeting, buttons, no double stop`, () => {
        const mail = composeMail('a@example.test', locale, d, config, newsroom)
        expect(mail.text).toMatch(sign[d.kind][locale])
        const [greeting, blank, first] = mail.text.split('\n')
        expect([greeting, blank]).toEqual([locale === 'en' ? 'Hello,' : 'Вітаємо!', ''])
        expect(first).toMatch(/^[A-ZА-ЯІЇЄҐ]/)
        expect(mail.text + mail.subject).not.toMatch(/[?!.]["”»]?\./)
        // Links: a button in the accent colour, the address alone on its own line in text (the two
        // confirmations of a payment carry none).
        if (linkless.has(d.kind)) expect(mail.text).not.toMatch(/https?:/)
        else {
          expect(mail.html).toMatch(
            /<a href="[^"]+" style="display:inline-block;background:#8a1c1c;color:#ffffff/,
          )
          expect(mail.text).toMatch(/:\n(https?:\/\/\S+)\n/)
        }
        expect(mail.html).toContain(`lang="${locale}"`)
        expect(mail.fromName).toBe(newsroom.senderName)
      })
    }
  }

  it('the welcome names the tier, price, renewal, the account page and the open round', () => {
    const mail = composeMail('a@example.test', 'en', data[1]!, config, newsroom)
    expect(mail.text).toContain('Your membership: Supporter, €5 / month. It renews on January 3, 2027.')
    expect(mail.text).toContain('Go to your account:\nhttp://patronage.test/account\n')
    expect(mail.text).toContain('Vote now:\nhttp://patronage.test/rounds/r1\n')
    expect(mail.text).toContain('cancel')
  })
})
