import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { createMember } from '../helpers/factories.js'
import { closeRound, createRound } from '../voting/fixtures.js'
import { a11yViolations, newContext, screenshot, type Variant, variantName } from './browser.js'
import { signInContext, useBrowserApp } from './harness.js'

const web = useBrowserApp({ SITE_NAME: 'The Kyiv Ledger' })

const variants: Variant[] = [
  { width: 390, scheme: 'light', locale: 'en', js: true },
  { width: 390, scheme: 'dark', locale: 'uk', js: false },
]

const copy = {
  en: {
    voted: 'Voted — remove my vote',
    spent: 'No votes left',
    thanks: 'Thank you for voting',
    how: 'Here is how patrons voted',
  },
  uk: {
    voted: 'Ваш голос — відкликати',
    spent: 'Голосів не лишилося',
    thanks: 'Дякуємо, що голосували',
    how: 'Ось як проголосували меценати',
  },
}

/** A round with three topics: 3, 1 and 0 votes from other patrons, straight in the database. */
async function roundWithVotes(votesPerMember: number) {
  const round = await createRound(web.app.db, { votesPerMember, resultsVisibility: 'live' })
  const titles = ['Housing in Podil', 'School meals', 'Night buses']
  const topics = await web.app.db
    .insertInto('topics')
    .values(titles.map((title) => ({ round_id: round.id, title })))
    .returning(['id', 'title'])
    .execute()
  const byTitle = Object.fromEntries(topics.map((t) => [t.title, t.id]))
  for (const [title, n] of [
    ['Housing in Podil', 3],
    ['School meals', 1],
  ] as const) {
    for (let i = 0; i < n; i++) {
      const member = await createMember(web.app.db, { status: 'active' })
      await web.app.db
        .insertInto('votes')
        .values({ round_id: round.id, topic_id: byTitle[title]!, member_id: member.id })
        .execute()
    }
  }
  return { roundId: round.id, byTitle }
}

/** A screenshot to look at; axe runs where scripts do (it is a script). */
async function look(page: Page, name: string, v: Variant) {
  await screenshot(page, name)
  if (v.js) expect(await a11yViolations(page)).toEqual([])
}

/** Widths of the outcome bars, in document order (ranked), as fractions of their track. */
const barShares = (page: Page) =>
  page.$$eval('.share', (tracks) =>
    tracks.map(
      (t) =>
        (t.firstElementChild as HTMLElement).getBoundingClientRect().width / t.getBoundingClientRect().width,
    ),
  )

describe.each(variants)('round states ($locale, js $js)', (v) => {
  const words = copy[v.locale]

  it(`a spent budget disables the other topics with the reason; a closed round ranks its results (${variantName(v)})`, async () => {
    const { roundId, byTitle } = await roundWithVotes(1)
    const patron = await createMember(web.app.db, { status: 'active' })
    const context = await newContext(web.browser, v)
    await signInContext(web.app, context, patron.email)
    const page = await context.newPage()
    await page.goto(`${web.app.url}/rounds/${roundId}`)

    const meals = page.locator(`#topic-${byTitle['School meals']} button.vote-button`)
    await meals.click()
    await expect.poll(() => meals.getAttribute('aria-pressed')).toBe('true')
    await expect.poll(() => meals.textContent()).toContain(words.voted)
    const buses = page.locator(`#topic-${byTitle['Night buses']} button.vote-button`)
    expect(await buses.isDisabled()).toBe(true)
    expect(await page.locator('#votes-left').textContent()).toContain(words.spent)
    expect(await buses.getAttribute('aria-describedby')).toContain('no-votes-left')
    await look(page, `round-spent-${variantName(v)}`, v)

    await closeRound(web.app.db, roundId)
    await page.goto(`${web.app.url}/rounds/${roundId}`)
    const banner = (await page.locator('.banner').first().textContent()) ?? ''
    expect(banner).toContain(words.thanks)
    const ranked = await page.$$eval('.ranking-title', (els) => els.map((e) => e.textContent))
    expect(ranked).toEqual(['Housing in Podil', 'School meals', 'Night buses'])
    expect(await page.locator('.vote-button').count()).toBe(0)
    const shares = await barShares(page)
    // 3, 2 (with ours) and 0 of 5 votes: 60 %, 40 % and an empty bar.
    expect(shares[0]).toBeCloseTo(0.6, 2)
    expect(shares[1]).toBeCloseTo(0.4, 2)
    expect(shares[2]).toBe(0)
    await look(page, `round-closed-voter-${variantName(v)}`, v)

    await page.locator(`a[href="/rounds/${roundId}/outcome"]`).click()
    await page.waitForURL(new RegExp(`/rounds/${roundId}/outcome$`))
    expect(await barShares(page)).toEqual(shares)
    await look(page, `outcome-${variantName(v)}`, v)
    await context.close()
  })

  it(`a patron who never voted is not thanked for voting (${variantName(v)})`, async () => {
    const { roundId } = await roundWithVotes(3)
    await closeRound(web.app.db, roundId)
    const patron = await createMember(web.app.db, { status: 'active' })
    const context = await newContext(web.browser, v)
    await signInContext(web.app, context, patron.email)
    const page = await context.newPage()
    await page.goto(`${web.app.url}/rounds/${roundId}`)
    const banner = (await page.locator('.banner').first().textContent()) ?? ''
    expect(banner).toContain(words.how)
    expect(banner).not.toContain(words.thanks)
    await look(page, `round-closed-nonvoter-${variantName(v)}`, v)
    await context.close()
  })
})
