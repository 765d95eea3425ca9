import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StaffRole } from '../../src/db/schema.js'
import type { TestApp } from '../helpers/app.js'
import { createMember, createStaff, uniqueEmail } from '../helpers/factories.js'
import { readOutbox } from '../helpers/outbox.js'
import { FormClient } from '../web/form-client.js'
import { signedInClient, startPageApp } from '../web/harness.js'

let app: TestApp
beforeAll(async () => {
  app = await startPageApp({ SITE_NAME: 'Env Name', MAIL_FROM: 'Env Sender <news@example.test>' })
})
afterAll(async () => {
  await app?.close()
})

const good = {
  name: 'The Kyiv Ledger',
  url: 'https://ledger.example.org',
  appealEn: 'Our reporting is paid for by readers like you.',
  appealUk: '',
  accent: '#8A1C1C',
  senderName: 'Ledger Newsroom',
}
const stored = () => app.db.selectFrom('newsroom_settings').selectAll().execute()
const formFor = async (client: FormClient, fields: Record<string, string> = good) => {
  const form = await client.get('/admin/settings')
  const key = /name="key" value="([^"]+)"/.exec(form.text)?.[1] ?? ''
  return client.post('/admin/settings', { key, ...fields })
}

describe('/admin/settings: admins only', () => {
  it('sends a visitor without a session to sign in', async () => {
    const res = await new FormClient(app.url).get('/admin/settings')
    expect(res.status).toBe(303)
    expect(res.location).toBe('/login?next=%2Fadmin%2Fsettings')
  })

  for (const role of ['editor', 'analyst'] as StaffRole[]) {
    it(`refuses an ${role} (page and post) and writes nothing`, async () => {
      const client = await signedInClient(app, (await createStaff(app.db, role)).email)
      expect((await client.get('/admin/settings')).status).toBe(403)
      await client.get('/admin')
      const posted = await client.post('/admin/settings', { key: crypto.randomUUID(), ...good })
      expect(posted.status).toBe(403)
      expect(await stored()).toEqual([])
    })
  }

  it('refuses a patron, and an admin post without the form token', async () => {
    const patron = await signedInClient(app, (await createMember(app.db, { status: 'active' })).email)
    expect((await patron.get('/admin/settings')).status).toBe(403)
    const admin = await signedInClient(app, (await createStaff(app.db, 'admin')).email)
    await admin.get('/admin/settings')
    const forged = await admin.request('POST', '/admin/settings', { key: crypto.randomUUID(), ...good })
    expect(forged.status).toBe(403)
    expect(await stored()).toEqual([])
  })

  it('shows the settings link in the admin nav only', async () => {
    const admin = await signedInClient(app, (await createStaff(app.db, 'admin')).email)
    expect((await admin.get('/admin')).text).toContain('href="/admin/settings"')
    const editor = await signedInClient(app, (await createStaff(app.db, 'editor')).email)
    expect((await editor.get('/admin')).text).not.toContain('href="/admin/settings"')
  })
})

describe('/admin/settings: bad input', () => {
  const cases: [string, Record<string, string>][] = [
    ['accent', { ...good, accent: '#ffff66' }],
    ['accent', { ...good, accent: 'red' }],
    ['name', { ...good, name: '' }],
    ['url', { ...good, url: 'javascript:alert(1)' }],
    ['senderName', { ...good, senderName: 'Evil <x@y>\r\nBcc: a@b' }],
    ['appealEn', { ...good, appealEn: 'x'.repeat(601) }],
  ]
  for (const [field, fields] of cases) {
    it(`answers 400 naming ${field} and writes nothing (${fields[field]?.slice(0, 20)})`, async () => {
      const admin = await signedInClient(app, (await createStaff(app.db, 'admin')).email)
      const res = await formFor(admin, fields)
      expect(res.status).toBe(400)
      expect(res.text).toContain(`id="field-${field}-error"`)
      expect(await stored()).toEqual([])
    })
  }

  it('says how far a light colour falls short', async () => {
    const admin = await signedInClient(app, (await createStaff(app.db, 'admin')).email)
    const res = await formFor(admin, { ...good, accent: '#ffff66' })
    expect(res.text).toMatch(/contrast of 1\.\d:1, and at least 4\.5:1/)
  })
})

describe('/admin/settings: saved', () => {
  it('shows the saved name, appeal, website and colour on the home page, and the name and sender in mails', async () => {
    const admin = await signedInClient(app, (await createStaff(app.db, 'admin')).email)
    const saved = await formFor(admin)
    expect(saved.status).toBe(303)
    expect(saved.location).toBe('/admin/settings?done=saved')
    const [row] = await stored()
    expect(row).toMatchObject({ name: 'The Kyiv Ledger', accent: '#8a1c1c', appeal_uk: null })

    const reader = new FormClient(app.url)
    const home = await reader.get('/?lang=en')
    expect(home.text).toContain('<title>')
    expect(home.text).toContain('The Kyiv Ledger</a>')
    expect(home.text).toContain('Our reporting is paid for by readers like you.')
    expect(home.text).toContain('href="https://ledger.example.org"')
    expect(home.text).toContain('href="/theme/8a1c1c.css"')
    // Ukrainian pages fall back to the English appeal rather than the catalog's.
    expect((await reader.get('/?lang=uk')).text).toContain('Our reporting is paid for by readers like you.')
    const theme = await reader.get('/theme/8a1c1c.css')
    expect(theme.text).toContain('--accent: #8a1c1c;')
    expect(theme.text).toMatch(
      /prefers-color-scheme: dark\) \{ :root \{ --accent: #[0-9a-f]{6}; --accent-text: #111111/,
    )

    const email = uniqueEmail()
    await reader.get('/login')
    await reader.post('/login', { email })
    const mail = readOutbox(app).find((m) => m.to.includes(email))!
    // Asked from a page in Ukrainian (the reader's last choice), so written in Ukrainian.
    expect(mail.subject).toBe('Посилання для входу до «The Kyiv Ledger»')
    expect(mail.head).toMatch(/^From: Ledger Newsroom <news@example\.test>$/m)
    expect(mail.text).toContain('The Kyiv Ledger\nhttps://ledger.example.org')
  })

  it('a form sent twice with one key saves once', async () => {
    const admin = await signedInClient(app, (await createStaff(app.db, 'admin')).email)
    const form = await admin.get('/admin/settings')
    const key = /name="key" value="([^"]+)"/.exec(form.text)![1]!
    const before = (await stored())[0]?.version ?? 0
    const sends = await Promise.all([1, 2, 3].map(() => admin.post('/admin/settings', { key, ...good })))
    expect(sends.map((s) => s.status)).toEqual([303, 303, 303])
    expect((await stored())[0]!.version).toBe(before + 1)
  })
})

describe('staff invitation', () => {
  it('mails a new staff member a sign-in link naming the newsroom and role, in the page language', async () => {
    const admin = await signedInClient(app, (await createStaff(app.db, 'admin')).email)
    await admin.get('/admin/staff?lang=uk')
    const email = uniqueEmail('invited')
    expect((await admin.post('/admin/staff', { email, role: 'editor' })).status).toBe(303)
    const mail = readOutbox(app).find((m) => m.to.includes(email))!
    expect(mail.text).toMatch(/з роллю «редактор»/)
    expect(mail.text).toMatch(/Увійти:\nhttp:\/\/127\.0\.0\.1:\d+\/login\?token=[\w-]{43}\n/)
    // The link signs the invited editor in.
    const token = /token=([\w-]{43})/.exec(mail.text)![1]!
    const invited = new FormClient(app.url)
    await invited.get(`/login?token=${token}`)
    expect((await invited.post('/login/confirm', { token })).status).toBe(303)
    expect((await invited.get('/admin/rounds')).status).toBe(200)
    // Changing a role invites nobody again.
    const before = readOutbox(app).length
    await admin.get('/admin/staff')
    await admin.post('/admin/staff', { email, role: 'analyst' })
    expect(readOutbox(app).length).toBe(before)
  })

  it('invites through POST /v1/admin/staff too, and an editor may not add staff', async () => {
    const adminStaff = await createStaff(app.db, 'admin')
    const token = app.deps.tokens.sign({ sub: adminStaff.id, role: 'admin' }).accessToken
    const email = uniqueEmail('api-invited')
    const res = await app.api('POST', '/v1/admin/staff', { token, body: { email, role: 'analyst' } })
    expect(res.status).toBe(201)
    const mail = readOutbox(app).find((m) => m.to.includes(email))!
    expect(mail.subject).toContain('You are invited to')
    expect(mail.text).toContain('as an analyst')
    const editor = await createStaff(app.db, 'editor')
    const editorToken = app.deps.tokens.sign({ sub: editor.id, role: 'editor' }).accessToken
    const other = uniqueEmail('sneaked')
    const refused = await app.api('POST', '/v1/admin/staff', {
      token: editorToken,
      body: { email: other, role: 'admin' },
    })
    expect(refused.status).toBe(403)
    expect(readOutbox(app).some((m) => m.to.includes(other))).toBe(false)
  })
})
