import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requestMagicLink } from '../../src/accounts/auth.service.js'
import { loadConfig } from '../../src/config.js'
import { createDeps } from '../../src/deps.js'
import { composeMail } from '../../src/mail/messages.js'
import { defaultNewsroom } from '../../src/web/newsroom.js'
import { TEST_JWT_SECRET } from '../helpers/app.js'
import { createTestDatabase, type TestDatabase } from '../helpers/db.js'
import { uniqueEmail } from '../helpers/factories.js'

const config = loadConfig({
  NODE_ENV: 'development',
  JWT_SECRET: TEST_JWT_SECRET,
  PUBLIC_URL: 'http://patronage.test',
  SITE_NAME: 'Ledger <&> Co',
  DATA_DIR: mkdtempSync(join(tmpdir(), 'patronage-messages-')),
})

describe('mails', () => {
  it('are plain text and escaped HTML without images, links to PUBLIC_URL, in Ukrainian with its plural forms', () => {
    const round = {
      id: 'r1',
      title: 'Війна & <мир>',
      translations: {},
      closesAt: new Date(),
      votesPerMember: 5,
      topics: [{ title: 'A', translations: {} }],
    }
    const mail = composeMail(
      'a@example.test',
      'uk',
      { kind: 'round-opened', round, unsubscribeUrl: 'http://patronage.test/unsubscribe?token=x' },
      config,
      defaultNewsroom(config),
    )
    expect(mail.text).toContain('На вибір 1 тема:')
    expect(mail.text).toContain('У вас 5 голосів.')
    expect(mail.text).toContain('http://patronage.test/rounds/r1')
    expect(mail.html).toContain('Війна &amp; &lt;мир&gt;')
    expect(mail.html).toContain('Ledger &lt;&amp;&gt; Co')
    expect(mail.html).not.toMatch(/<img|<script/i)
    expect(mail.headers).toEqual({
      'List-Unsubscribe': '<http://patronage.test/unsubscribe?token=x>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    })
    const welcome = composeMail(
      'a@example.test',
      'en',
      { kind: 'welcome', membership: undefined, round: undefined },
      config,
      defaultNewsroom(config),
    )
    expect(welcome.headers).toBeUndefined()
  })

  it('name a round and its topics in the patron’s language where staff gave it, else as written', () => {
    const round = {
      id: 'r1',
      title: 'Who pays for the metro?',
      translations: { uk: { title: 'Хто платить за метро?' } },
      closesAt: new Date(),
      votesPerMember: 3,
      topics: [
        { title: 'Night trains', translations: { uk: { title: 'Нічні поїзди' } } },
        { title: 'Bike lanes', translations: {} },
      ],
    }
    const unsubscribeUrl = 'http://patronage.test/unsubscribe?token=x'
    const compose = (locale: 'en' | 'uk', mail: Parameters<typeof composeMail>[2]) =>
      composeMail('a@example.test', locale, mail, config, defaultNewsroom(config))
    const uk = compose('uk', { kind: 'round-opened', round, unsubscribeUrl })
    expect(uk.subject).toContain('Хто платить за метро?')
    expect(uk.text).toContain('Нічні поїзди')
    expect(uk.text).toContain('Bike lanes')
    expect(uk.text).not.toContain('Night trains')
    const en = compose('en', { kind: 'round-opened', round, unsubscribeUrl })
    expect(en.subject).toContain('Who pays for the metro?')
    expect(en.text).toContain('Night trains')
    expect(en.text).not.toContain('Нічні')
    const topic = round.topics[0]!
    const coverageUrl = 'https://n.example/x'
    expect(compose('uk', { kind: 'topic-covered', topic, coverageUrl, unsubscribeUrl }).subject).toContain(
      'Нічні поїзди',
    )
    expect(compose('en', { kind: 'topic-covered', topic, coverageUrl, unsubscribeUrl }).subject).toContain(
      'Night trains',
    )
  })
})

describe('in development without SMTP', () => {
  let database: TestDatabase
  beforeAll(async () => {
    database = await createTestDatabase()
  })
  afterAll(async () => {
    await database.drop()
    rmSync(config.dataDir, { recursive: true, force: true })
  })

  it('logs the sign-in link as one readable info line', async () => {
    const lines: string[] = []
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean))
        done()
      },
    })
    const deps = createDeps(config, database.db, pino({ level: 'info' }, sink))
    await requestMagicLink(deps, uniqueEmail(), null)
    const line = lines.map((l) => JSON.parse(l)).find((l) => String(l.msg).startsWith('sign-in link'))
    expect(line?.level).toBe(30)
    expect(line?.msg).toMatch(
      /^sign-in link \(development, no SMTP_URL\): http:\/\/patronage\.test\/login\?token=[\w-]{43}$/,
    )
  })
})
