import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import type { StaffRole } from '../../src/db/schema.js'
import type { TestApp } from '../helpers/app.js'
import { createMember, createStaff, staffToken, uniqueEmail } from '../helpers/factories.js'
import { createTier, play, state } from '../reports/factories.js'
import { a11yViolations, newContext, screenshot, type Variant, variantName } from './browser.js'
import { signInContext, useBrowserApp } from './harness.js'

const web = useBrowserApp({ SITE_NAME: 'The Kyiv Ledger', SITE_TIME_ZONE: 'Europe/Kyiv' }, { stripe: true })

/** Months of history up to now, so every chart and table of the dashboard has something to show. */
async function seedHistory(db: TestApp['db']) {
  const tier = await createTier(db, 'Supporter', 'eur')
  const monthsAgo = (n: number, day: number) => {
    const d = new Date()
    d.setUTCDate(1)
    d.setUTCMonth(d.getUTCMonth() - n, day)
    return d.toISOString()
  }
  for (let i = 0; i < 6; i++) {
    const member = await createMember(db, { status: 'active' })
    const steps: Parameters<typeof play>[2] = [
      { at: monthsAgo(8 - i, 10), to: state('active', tier, 'eur', 500) },
    ]
    if (i % 3 === 0) steps.push({ at: monthsAgo(6 - i, 12), to: state('canceled'), churn: 'voluntary' })
    if (i === 4) steps.push({ at: monthsAgo(1, 12), to: state('unpaid'), churn: 'involuntary' })
    await play(db, member.id, steps)
  }
}

beforeAll(async () => {
  await seedHistory(web.app.db)
})

async function staffSession(
  role: StaffRole,
  v: Variant = { width: 1280, scheme: 'light', locale: 'en', js: true },
) {
  const staff = await createStaff(web.app.db, role)
  const context = await newContext(web.browser, v)
  await signInContext(web.app, context, staff.email)
  return { staff, context, page: await context.newPage() }
}

/** Looks and accessibility of a staff page: a screenshot always, axe where scripts run. */
async function check(page: Page, name: string, v: Variant) {
  await screenshot(page, `${name}-${variantName(v)}`)
  if (v.js) expect(await a11yViolations(page)).toEqual([])
}

/** A screenshot by this name and no axe violation (a page shown in the language of its `?lang`). */
async function look(page: Page, name: string) {
  await screenshot(page, name)
  expect(await a11yViolations(page)).toEqual([])
}

async function submit(page: Page, form: string, button?: string) {
  await Promise.all([
    page.waitForURL(() => true, { waitUntil: 'load' }).catch(() => undefined),
    button
      ? page.locator(form).getByRole('button', { name: button }).click()
      : page.locator(form).locator('button[type=submit]').first().click(),
  ])
  await page.waitForLoadState('load')
}

describe('who may open which staff page', () => {
  const cases: [StaffRole | 'patron', string, number][] = [
    ['editor', '/admin/members', 403],
    ['editor', '/admin/staff', 403],
    ['editor', '/admin/exports/members.csv', 403],
    ['analyst', '/admin/tiers', 403],
    ['analyst', '/admin/rounds', 403],
    ['analyst', '/admin/staff', 403],
    ['analyst', '/admin/members', 200],
    ['editor', '/admin/suggestions', 200],
    ['patron', '/admin', 403],
    ['admin', '/admin/staff', 200],
  ]
  for (const [role, path, status] of cases) {
    it(`${role} on ${path}: ${status}`, async () => {
      const context = await newContext(web.browser, { width: 1280, scheme: 'light', locale: 'en', js: false })
      if (role === 'patron')
        await signInContext(web.app, context, (await createMember(web.app.db, { status: 'active' })).email)
      else await signInContext(web.app, context, (await createStaff(web.app.db, role)).email)
      const page = await context.newPage()
      const res = await page.goto(web.app.url + path)
      expect(res?.status()).toBe(status)
      await context.close()
    })
  }

  it('sends a visitor without a session to sign in, and back afterwards', async () => {
    const res = await fetch(`${web.app.url}/admin/rounds`, {
      redirect: 'manual',
      headers: { accept: 'text/html' },
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/login?next=%2Fadmin%2Frounds')
  })

  it('stops a removed editor at their very next page', async () => {
    const { staff, context, page } = await staffSession('editor')
    expect((await page.goto(`${web.app.url}/admin/rounds`))?.status()).toBe(200)
    await web.app.db.deleteFrom('staff').where('id', '=', staff.id).execute()
    await page.goto(`${web.app.url}/admin/rounds`)
    expect(page.url()).toContain('/login?next=%2Fadmin%2Frounds')
    await context.close()
  })
})

describe('an editor runs a whole round from the browser', () => {
  for (const v of [
    { width: 1280, scheme: 'light', locale: 'en', js: true },
    { width: 390, scheme: 'dark', locale: 'uk', js: false },
  ] as Variant[]) {
    it(`creates it, adds topics, moderates, closes and marks coverage (${variantName(v)})`, async () => {
      const { context, page } = await staffSession('editor', v)
      await page.goto(`${web.app.url}/admin/rounds`)
      await check(page, 'admin-rounds', v)
      const title = `Round ${uniqueEmail('r')}`
      await page.fill('#field-title', title)
      await page.fill('#round-opensAt', '2026-01-01T09:00')
      await page.fill('#round-closesAt', '2036-01-01T18:00')
      await page.fill('#round-votes', '2')
      // The first topic comes with the round (one a line; blank lines are skipped), the next one after.
      await page.fill('#field-topics', 'Rents in Podil\n\n')
      await submit(page, 'form[action="/admin/rounds"]')
      expect(page.url()).toMatch(/\/admin\/rounds\/[0-9a-f-]{36}\?done=round-created/)
      const roundId = /rounds\/([0-9a-f-]{36})/.exec(page.url())![1]!
      const round = await web.app.db
        .selectFrom('rounds')
        .selectAll()
        .where('id', '=', roundId)
        .executeTakeFirstOrThrow()
      // 09:00 in Kyiv on 1 January is 07:00 UTC (UTC+2 in winter).
      expect(round.opens_at.toISOString()).toBe('2026-01-01T07:00:00.000Z')
      expect(round.votes_per_member).toBe(2)

      await page.fill('#topic-title', 'Night trains')
      await submit(page, `form[action="/admin/rounds/${roundId}/topics"]`)
      const topics = await web.app.db
        .selectFrom('topics')
        .select(['id', 'title'])
        .where('round_id', '=', roundId)
        .execute()
      expect(topics.map((t) => t.title).sort()).toEqual(['Night trains', 'Rents in Podil'])

      // A patron's suggestion, approved from the queue, becomes a third topic.
      const patron = await createMember(web.app.db, { status: 'active' })
      await web.app.db
        .insertInto('suggestions')
        .values({ round_id: roundId, member_id: patron.id, title: 'School meals' })
        .execute()
      await page.goto(`${web.app.url}/admin/suggestions`)
      await check(page, 'admin-suggestions', v)
      const card = page.locator('li.card', { hasText: 'School meals' })
      await card.locator('form[action$="/approve"] button').click()
      await page.waitForLoadState('load')
      expect(page.url()).toContain('done=suggestion-approved')
      expect(
        await web.app.db.selectFrom('topics').select('id').where('round_id', '=', roundId).execute(),
      ).toHaveLength(3)

      await page.goto(`${web.app.url}/admin/rounds/${roundId}`)
      await check(page, 'admin-round', v)
      await submit(page, `form[action="/admin/rounds/${roundId}/close"]`)
      expect(page.url()).toContain('done=round-closed')
      const closed = await web.app.db
        .selectFrom('rounds')
        .select('closes_at')
        .where('id', '=', roundId)
        .executeTakeFirstOrThrow()
      expect(closed.closes_at.getTime()).toBeLessThanOrEqual(Date.now())

      const covered = topics.find((t) => t.title === 'Night trains')!
      // Each topic's editor sits in the ranked list, folded until opened.
      await page.locator(`#topic-${covered.id} > details > summary`).click()
      const form = page.locator(`form#topic-${covered.id}-form`)
      await form.locator('select[name=status]').selectOption('covered')
      await form.locator('input[name=coverageUrl]').fill('https://ledger.example.org/night-trains')
      await submit(page, `form#topic-${covered.id}-form`)
      const row = await web.app.db
        .selectFrom('topics')
        .select(['status', 'coverage_url'])
        .where('id', '=', covered.id)
        .executeTakeFirstOrThrow()
      expect(row).toEqual({ status: 'covered', coverage_url: 'https://ledger.example.org/night-trains' })

      // The public outcome, without a session, links the story.
      const visitor = await newContext(web.browser, v)
      const outcome = await visitor.newPage()
      expect((await outcome.goto(`${web.app.url}/rounds/${roundId}/outcome`))?.status()).toBe(200)
      expect(await outcome.locator('a[href="https://ledger.example.org/night-trains"]').count()).toBe(1)
      await check(outcome, 'round-outcome', v)
      await visitor.close()
      await context.close()
    })
  }

  it('keeps a closed round closed: no topics, no new dates', async () => {
    const { context, page } = await staffSession('editor', {
      width: 1280,
      scheme: 'light',
      locale: 'en',
      js: false,
    })
    const round = await web.app.db
      .insertInto('rounds')
      .values({
        title: 'Old round',
        opens_at: new Date(Date.now() - 86_400_000),
        closes_at: new Date(Date.now() - 3_600_000),
        votes_per_member: 1,
        results_visibility: 'live',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await page.goto(`${web.app.url}/admin/rounds/${round.id}`)
    expect(await page.locator(`form[action="/admin/rounds/${round.id}/topics"]`).count()).toBe(0)
    // A forged post with the page's own form token is refused by the service's rules.
    const token = await page.locator('input[name=_csrf]').first().inputValue()
    const res = await page.request.post(`${web.app.url}/admin/rounds/${round.id}/topics`, {
      form: { _csrf: token, title: 'Sneaked in' },
      headers: { origin: web.app.url },
    })
    expect(res.status()).toBe(400)
    expect(
      await web.app.db.selectFrom('topics').select('id').where('round_id', '=', round.id).execute(),
    ).toHaveLength(0)
    await context.close()
  })
})

/** The major-unit amount an Intl label in this locale states: `€1,750.50` or `1 750,50 €` -> 1750.5. */
function amountOf(label: string, locale: string): number {
  const digits = label.replace(/[^\d.,]/g, '')
  return Number(locale === 'uk' ? digits.replaceAll('.', '').replace(',', '.') : digits.replaceAll(',', ''))
}

/**
 * The MRR chart and its table show euros, not cents, formatted by Intl in the page's language: the
 * table cell by cell, the chart's value axis by the labels it drew (its canvas cannot be read).
 */
async function expectMoneyInMajorUnits(page: Page, v: Variant) {
  const euros = (amount: number) =>
    new Intl.NumberFormat(v.locale, {
      style: 'currency',
      currency: 'EUR',
      trailingZeroDisplay: 'stripIfInteger',
    }).format(amount)
  const cells = await page
    .locator('table#chart-mrr tbody td')
    .evaluateAll((tds) => tds.map((td) => ({ cents: Number(td.dataset.value), text: td.textContent })))
  const highest = Math.max(...cells.map((c) => c.cents)) / 100
  // Four patrons at €5 at the busiest month: 2000 cents, which the chart once printed as 2,000.
  expect(highest).toBe(20)
  for (const cell of cells) expect(cell.text).toBe(euros(cell.cents / 100))
  if (!v.js) return
  const labelsOf = async (id: string) =>
    JSON.parse((await page.locator(`[data-chart-for="${id}"]`).getAttribute('data-value-labels')) ?? '[]')
  const axis: string[] = await labelsOf('chart-mrr')
  expect(axis.length).toBeGreaterThan(1)
  for (const label of axis) {
    expect(label).toBe(euros(amountOf(label, v.locale)))
    expect(amountOf(label, v.locale)).toBeLessThanOrEqual(2 * highest)
  }
  expect(Math.max(...axis.map((label) => amountOf(label, v.locale)))).toBeGreaterThanOrEqual(highest / 2)
  const counts: string[] = await labelsOf('chart-patrons')
  expect(counts.filter(Boolean).length).toBeGreaterThan(1)
  for (const label of counts.filter(Boolean)) expect(label).toMatch(/^\d+$/)
}

describe('an analyst reads every figure and downloads both exports', () => {
  for (const v of [
    { width: 1280, scheme: 'light', locale: 'en', js: true },
    { width: 1280, scheme: 'dark', locale: 'uk', js: true },
    { width: 390, scheme: 'light', locale: 'uk', js: false },
  ] as Variant[]) {
    it(`the dashboard shows tiles, charts with their tables, cohorts (${variantName(v)})`, async () => {
      const { context, page } = await staffSession('analyst', v)
      await page.goto(`${web.app.url}/admin?months=24`)
      expect(await page.locator('.tile').count()).toBeGreaterThanOrEqual(4)
      for (const id of ['chart-mrr', 'chart-patrons', 'chart-movement']) {
        expect(await page.locator(`table#${id} tbody tr`).count()).toBeGreaterThan(0)
        if (v.js) expect(await page.locator(`[data-chart-for="${id}"] canvas`).count()).toBe(1)
      }
      expect(await page.locator('table.cohorts tbody tr').count()).toBeGreaterThan(0)
      await expectMoneyInMajorUnits(page, v)
      await check(page, 'admin-dashboard', v)
      await context.close()
    })
  }

  it('downloads the members and votes CSV with the session cookie', async () => {
    const { context, page } = await staffSession('analyst')
    await page.goto(`${web.app.url}/admin`)
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('a[href="/admin/exports/members.csv"]').first().click(),
    ])
    expect(download.suggestedFilename()).toBe('members.csv')
    const round = await web.app.db
      .insertInto('rounds')
      .values({
        title: 'Exported',
        opens_at: new Date(Date.now() - 3_600_000),
        closes_at: new Date(Date.now() + 3_600_000),
        votes_per_member: 1,
        results_visibility: 'live',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const votes = await page.request.get(`${web.app.url}/admin/exports/rounds/${round.id}/votes.csv`)
    expect(votes.status()).toBe(200)
    expect(votes.headers()['content-type']).toContain('text/csv')
    expect(await votes.text()).toMatch(/^topic_id,topic,member_id,email,voted_at/)
    await context.close()
  })

  it('searches members and opens one', async () => {
    const { context, page } = await staffSession('analyst', {
      width: 390,
      scheme: 'light',
      locale: 'en',
      js: false,
    })
    const member = await createMember(web.app.db, { email: uniqueEmail('findme'), status: 'active' })
    await page.goto(`${web.app.url}/admin/members?q=findme`)
    await check(page, 'admin-members', { width: 390, scheme: 'light', locale: 'en', js: false })
    await page.locator(`a[href="/admin/members/${member.id}"]`).click()
    await page.waitForLoadState('load')
    expect(await page.locator('h1').textContent()).toBe(member.email)
    expect(await page.locator(`form[action="/admin/members/${member.id}/comps"]`).count()).toBe(0)
    await context.close()
  })
})

describe('a member’s page on a phone', () => {
  it('fits 390 px in Ukrainian: long labels wrap, values stay on screen', async () => {
    const v: Variant = { width: 390, scheme: 'light', locale: 'uk', js: true }
    const { context, page } = await staffSession('admin', v)
    const member = await createMember(web.app.db, { status: 'active' })
    await page.goto(`${web.app.url}/admin/members/${member.id}`)
    await check(page, 'admin-member-phone', v)
    const facts = await page
      .locator('.facts dd')
      .evaluateAll((dds) => dds.map((dd) => Math.round(dd.getBoundingClientRect().right)))
    expect(facts.length).toBeGreaterThan(2)
    for (const right of facts) expect(right).toBeLessThanOrEqual(390)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await context.close()
  })
})

describe('an admin manages comps, tiers and staff', () => {
  const v: Variant = { width: 1280, scheme: 'light', locale: 'en', js: true }

  it('grants a comp that entitles the member, then ends it', async () => {
    const { context, page } = await staffSession('admin', v)
    const member = await createMember(web.app.db, { status: 'none' })
    await page.goto(`${web.app.url}/admin/members/${member.id}`)
    await page.fill('#until', '2036-06-30')
    await submit(page, `form[action="/admin/members/${member.id}/comps"]`)
    expect(page.url()).toContain('done=comp-granted')
    await check(page, 'admin-member', v)
    expect(await page.locator('.facts').textContent()).toContain('May vote')
    await page.locator('form[action$="/end"] button').click()
    await page.waitForLoadState('load')
    expect(page.url()).toContain('done=comp-ended')
    expect(await page.locator('.facts').textContent()).toContain('May not vote')
    await context.close()
  })

  it('creates a tier with Stripe prices and archives it', async () => {
    const { context, page } = await staffSession('admin', v)
    await page.goto(`${web.app.url}/admin/tiers`)
    await page.fill('#field-name', 'Coffee club')
    await page.fill('#field-monthly', '5')
    await page.fill('#field-yearly', '50')
    await submit(page, 'form[action="/admin/tiers"]')
    expect(page.url()).toContain('done=tier-created')
    const tier = await web.app.db
      .selectFrom('tiers')
      .select(['id', 'active'])
      .where('name', '=', 'Coffee club')
      .executeTakeFirstOrThrow()
    const prices = await web.app.db
      .selectFrom('prices')
      .select(['amount', 'interval'])
      .where('tier_id', '=', tier.id)
      .orderBy('amount')
      .execute()
    expect(prices).toEqual([
      { amount: 500, interval: 'month' },
      { amount: 5000, interval: 'year' },
    ])
    // Each price on its own line, and the tier's active patrons counted (a lapsed one is not).
    for (const status of ['active', 'past_due', 'canceled'] as const) {
      const member = await createMember(web.app.db, { status })
      await web.app.db.updateTable('members').set({ tier_id: tier.id }).where('id', '=', member.id).execute()
    }
    await page.reload()
    const card = page.locator('li.card', { hasText: 'Coffee club' })
    expect(await card.locator('.price-lines li').allTextContents()).toEqual(['€5 / month', '€50 / year'])
    expect(await card.textContent()).toContain('2 active patrons')
    await check(page, 'admin-tiers', v)
    await page.locator(`form[action="/admin/tiers/${tier.id}/archive"] button`).click()
    await page.waitForLoadState('load')
    expect(
      (
        await web.app.db
          .selectFrom('tiers')
          .select('active')
          .where('id', '=', tier.id)
          .executeTakeFirstOrThrow()
      ).active,
    ).toBe(false)
    await context.close()
  })

  it('adds an editor, changes the role, removes them, and never the last admin', async () => {
    const { staff, context, page } = await staffSession('admin', v)
    const email = uniqueEmail('newcomer')
    await page.goto(`${web.app.url}/admin/staff`)
    await page.fill('#field-email', email)
    await page.selectOption('#new-role', 'editor')
    await submit(page, 'form.card[action="/admin/staff"]')
    expect(page.url()).toContain('done=staff-added')
    await check(page, 'admin-staff', v)
    const added = await web.app.db
      .selectFrom('staff')
      .select(['id', 'role'])
      .where('email', '=', email)
      .executeTakeFirstOrThrow()
    expect(added.role).toBe('editor')
    await page.selectOption(`#role-${added.id}`, 'analyst')
    await page.locator('tr', { hasText: email }).getByRole('button', { name: 'Change role' }).click()
    await page.waitForLoadState('load')
    expect(
      (
        await web.app.db
          .selectFrom('staff')
          .select('role')
          .where('id', '=', added.id)
          .executeTakeFirstOrThrow()
      ).role,
    ).toBe('analyst')
    await page.locator(`form[action="/admin/staff/${added.id}/remove"] button`).click()
    await page.waitForLoadState('load')
    expect(
      await web.app.db.selectFrom('staff').select('id').where('id', '=', added.id).execute(),
    ).toHaveLength(0)
    expect(staff.role).toBe('admin')
    await context.close()
  })
})

/** An open round of five topics with 4, 2, 1, 0 and 0 votes, made through the API with Ukrainian words. */
async function seedRankedRound(): Promise<{ roundId: string; ranked: string[] }> {
  const admin = staffToken(web.app.deps, await createStaff(web.app.db, 'admin'))
  const titles = ['Rents in Podil', 'Night trains', 'School meals', 'Bike lanes', 'River cleanup']
  const round = await web.app.api('POST', '/v1/admin/rounds', {
    token: admin,
    body: {
      title: 'What should we cover in spring?',
      description: 'Three votes each; results are live.',
      translations: { uk: { title: 'Про що писати навесні?' } },
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      votesPerMember: 3,
      resultsVisibility: 'live',
      topics: titles.map((title) => ({ title, description: `Why ${title.toLowerCase()} matters.` })),
    },
  })
  const topics = round.body.topics as { id: string; title: string }[]
  for (const [index, votes] of [2, 0, 1].entries()) {
    for (let i = 0; i < [4, 2, 1][index]!; i++) {
      const member = await createMember(web.app.db, { status: 'active' })
      await web.app.db
        .insertInto('votes')
        .values({ round_id: round.body.id, topic_id: topics[votes]!.id, member_id: member.id })
        .execute()
    }
  }
  return {
    roundId: round.body.id,
    ranked: ['School meals', 'Rents in Podil', 'Night trains', 'Bike lanes', 'River cleanup'],
  }
}

describe('the staff round page: one ranked list, words in both languages (issue 19, items 15 and 21)', () => {
  it('offers the second language, ranks the topics with their editors in place, and saves from there', async () => {
    const { roundId, ranked } = await seedRankedRound()
    const v: Variant = { width: 390, scheme: 'light', locale: 'en', js: true }
    const { context, page } = await staffSession('editor', v)
    for (const locale of ['en', 'uk'] as const) {
      const other = locale === 'en' ? 'In Ukrainian' : 'Українською'
      await page.setViewportSize({ width: 390, height: 844 })
      await page.goto(`${web.app.url}/admin/rounds?lang=${locale}`)
      // The default language is English: the form offers Ukrainian beside it (the legend is in the page's language).
      await expect(
        page.locator('form[action="/admin/rounds"] fieldset.translation legend').textContent(),
      ).resolves.toContain(other)
      await look(page, `admin-rounds-form-390-${locale}`)

      await page.goto(`${web.app.url}/admin/rounds/${roundId}?lang=${locale}`)
      // One list, in the order of the votes, each topic with its bar and its own editor.
      expect(await page.locator('ol.ranking').count()).toBe(1)
      expect(await page.locator('ol.ranking > li .ranking-title').allTextContents()).toEqual(ranked)
      expect(await page.locator('ol.ranking > li > details > form[action^="/admin/topics/"]').count()).toBe(5)
      expect(await page.locator('form[action^="/admin/topics/"]').count()).toBe(5)
      console.info(
        `staff round page at 390 px (${locale}): ${await page.evaluate(() => document.documentElement.scrollHeight)} px`,
      )
      await look(page, `admin-round-list-390-${locale}`)
      await page.setViewportSize({ width: 1280, height: 900 })
      await screenshot(page, `admin-round-list-1280-${locale}`)
    }

    // Edited from its place in the list: the save comes back to that topic.
    const second = page.locator('ol.ranking > li').nth(1)
    const topicId = (await second.getAttribute('id'))!.replace('topic-', '')
    await second.locator('summary').click()
    await second.locator('input[name="title.uk"]').fill('Оренда на Подолі')
    await submit(page, `form#topic-${topicId}-form`)
    expect(page.url()).toMatch(new RegExp(`done=saved#topic-${topicId}$`))
    const saved = await web.app.db
      .selectFrom('topics')
      .select(['title', 'translations'])
      .where('id', '=', topicId)
      .executeTakeFirstOrThrow()
    expect(saved).toEqual({ title: 'Rents in Podil', translations: { uk: { title: 'Оренда на Подолі' } } })
    await context.close()
  })
})
