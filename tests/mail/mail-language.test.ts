import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import type { MailLocale } from '../../src/db/schema.js'
import { enqueueMail } from '../../src/mail/enqueue.js'
import { type MailKind, mailKinds } from '../../src/mail/kinds.js'
import { composeMail, type MessageData } from '../../src/mail/messages.js'
import { deliverMails } from '../../src/mail/sender.js'
import { insertRound } from '../../src/voting/rounds.repository.js'
import { insertTopic } from '../../src/voting/topics.repository.js'
import { defaultNewsroom } from '../../src/web/newsroom.js'
import { TEST_JWT_SECRET, type TestApp } from '../helpers/app.js'
import { createMember, uniqueEmail } from '../helpers/factories.js'
import { readOutbox } from '../helpers/outbox.js'
import { FormClient } from '../web/form-client.js'
import { signedInClient, startPageApp } from '../web/harness.js'

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
async function mailsTo(member: { id: string; email: string }, time = 'first') {
  const kinds = ['welcome', 'payment-failed', 'membership-ended', 'round-opened', 'topic-covered'] as const
  const before = readOutbox(app).filter((m) => m.to.includes(member.email)).length
  const ids = []
  for (const kind of kinds) {
    const payload = kind === 'round-opened' ? { roundId } : (payloads[kind] ?? {})
    ids.push(
      await enqueueMail(app.db, {
        dedupeKey: `${kind}:${member.id}:${time}`,
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

  it('/account shows the language mails will use, and "as the pages" clears a choice', async () => {
    const member = await createMember(app.db)
    const reader = new FormClient(app.url)
    await reader.get('/login?lang=uk')
    await reader.post('/login', { email: member.email })
    const token = /[?&]token=([\w-]+)/.exec(
      readOutbox(app)
        .filter((m) => m.to.includes(member.email))
        .at(-1)!.text,
    )![1]!
    await reader.get(`/login?token=${token}`)
    expect((await reader.post('/login/confirm', { token })).status).toBe(303)
    const chosen = async () =>
      (
        await app.db
          .selectFrom('members')
          .select('locale')
          .where('id', '=', member.id)
          .executeTakeFirstOrThrow()
      ).locale
    const selectedOption = (html: string) => {
      const select = /<select id="mail-locale"[^>]*>([\s\S]*?)<\/select>/.exec(html)![1]!
      return /<option value="(\w+)"[^>]*selected[^>]*>([^<]*)</.exec(select)!.slice(1)
    }

    // Never chosen: the select names the pages' language, and saving it unchanged pins nothing.
    const account = await reader.get('/account')
    expect(selectedOption(account.text)).toEqual(['pages', 'Як на сторінках (Українська)'])
    expect(
      (await reader.post('/account/mail', { rounds: 'on', coverage: 'on', locale: 'pages' })).location,
    ).toBe('/account?saved=mail')
    expect(await chosen()).toBeNull()

    await reader.post('/account/mail', { rounds: 'on', coverage: 'on', locale: 'en' })
    expect(await chosen()).toBe('en')
    expect(selectedOption((await reader.get('/account')).text)).toEqual(['en', 'English'])
    const english = (await mailsTo(member)).mails.map((m) => m.text).join('\n')
    expect(english).toMatch(sign.welcome.en)
    expect(english).not.toMatch(/[А-Яа-яІіЇїЄє]{4}/)

    await reader.post('/account/mail', { rounds: 'on', coverage: 'on', locale: 'pages' })
    expect(await chosen()).toBeNull()
    expect(selectedOption((await reader.get('/account?lang=en')).text)).toEqual([
      'pages',
      'Same as the pages (Українська)',
    ])
    const ukrainian = (await mailsTo(member, 'again')).mails.map((m) => m.text).join('\n')
    expect(ukrainian).toMatch(sign.welcome.uk)
  })

  it('a language that is not offered changes nothing', async () => {
    const member = await createMember(app.db)
    await app.db.updateTable('members').set({ locale: 'uk' }).where('id', '=', member.id).execute()
    const reader = await signedInClient(app, member.email)
    await reader.get('/account')
    expect(
      (await reader.post('/account/mail', { rounds: 'on', coverage: 'on', locale: 'de' })).location,
    ).toBe('/account')
    const row = await app.db
      .selectFrom('members')
      .select('locale')
      .where('id', '=', member.id)
      .executeTakeFirstOrThrow()
    expect(row.locale).toBe('uk')
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
    tier_translations: { uk: { name: 'Прихильник' } },
    message: 'For you.',
    send_at: null,
    status: 'paid',
    id: 'g1',
    ends_at: null,
  } as Extract<MessageData, { kind: 'gift-received' }>['gift']
  const data: MessageData[] = [
    { kind: 'sign-in', url: 'http://patronage.test/login?token=x', minutes: 15 },
    {
      kind: 'welcome',
      membership: {
        tier: 'Supporter',
        tierTranslations: { uk: { name: 'Прихильник' } },
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
        // A sentence does not end in a colon only to be followed by a button's label ending in one.
        expect(mail.text).not.toMatch(/:\n\n[^\n]*:\n/)
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

  it('come from the newsroom’s name unless MAIL_FROM names another sender', () => {
    const sender = (env: Record<string, string>) =>
      defaultNewsroom(loadConfig({ ...env, NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, DATA_DIR: '/tmp' }))
        .senderName
    expect(sender({ SITE_NAME: 'The Kyiv Ledger' })).toBe('The Kyiv Ledger')
    expect(sender({ SITE_NAME: 'The Kyiv Ledger', MAIL_FROM: 'Ledger desk <desk@ledger.test>' })).toBe(
      'Ledger desk',
    )
  })

  it('the tier is named in the mail’s language where staff translated it', () => {
    const mailIn = (locale: MailLocale, kind: MailKind) =>
      composeMail('a@example.test', locale, data.find((d) => d.kind === kind)!, config, newsroom).text
    for (const kind of ['welcome', 'gift-purchased', 'gift-received'] as const) {
      expect(mailIn('uk', kind)).toContain('Прихильник')
      expect(mailIn('uk', kind)).not.toContain('Supporter')
      expect(mailIn('en', kind)).toContain('Supporter')
    }
  })

  it('the welcome names the tier, price, renewal, the account page and the open round', () => {
    const mail = composeMail('a@example.test', 'en', data[1]!, config, newsroom)
    expect(mail.text).toContain('Your membership: Supporter, €5 / month. It renews on January 3, 2027.')
    expect(mail.text).toContain('Go to your account:\nhttp://patronage.test/account\n')
    expect(mail.text).toContain('Vote now:\nhttp://patronage.test/rounds/r1\n')
    expect(mail.text).toContain('cancel')
  })
})
