import { describe, expect, it } from 'vitest'
import { allCatalogs, i18nFor, locales } from '../../src/web/i18n/index.js'
import type { Plural } from '../../src/web/i18n/types.js'
import { startTestApp } from '../helpers/app.js'

const variablesOf = (message: string | Plural) =>
  [
    ...new Set(
      (typeof message === 'string' ? [message] : Object.values(message)).flatMap((text) =>
        [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
      ),
    ),
  ].sort()

describe('the i18n core', () => {
  const english = allCatalogs.en

  it('has every key in every language, a plural staying a plural', () => {
    for (const locale of locales) {
      const catalog = allCatalogs[locale]
      expect(Object.keys(catalog).sort(), locale).toEqual(Object.keys(english).sort())
      for (const [key, message] of Object.entries(catalog)) {
        expect(typeof message, `${locale} ${key}`).toBe(typeof english[key])
      }
    }
  })

  it('names the same {variables} in every language, in every plural form', () => {
    for (const locale of locales) {
      for (const [key, message] of Object.entries(allCatalogs[locale])) {
        expect(variablesOf(message), `${locale} ${key}`).toEqual(variablesOf(english[key]!))
        if (typeof message === 'string') continue
        // Each form of a plural says the same things: no form drops a variable the others name.
        for (const [form, text] of Object.entries(message)) {
          expect(variablesOf(text), `${locale} ${key}.${form}`).toEqual(variablesOf(message))
        }
      }
    }
  })

  it('has, for every plural, the forms its language’s Intl.PluralRules picks', () => {
    for (const locale of locales) {
      const needed = new Intl.PluralRules(locale).resolvedOptions().pluralCategories.filter((c) =>
        // Integer counts only: Ukrainian's `other` is for fractions and falls back to `other` anyway.
        [0, 1, 2, 5, 11, 21, 22, 25, 101].some((n) => new Intl.PluralRules(locale).select(n) === c),
      )
      for (const [key, message] of Object.entries(allCatalogs[locale])) {
        if (typeof message === 'string') continue
        for (const form of needed)
          expect(message[form as keyof Plural], `${locale} ${key}.${form}`).toBeDefined()
      }
    }
  })

  it('fills variables and picks plural forms on one engine, for pages and mails alike', () => {
    const uk = i18nFor('uk', 'UTC')
    expect(uk.plural('plural.votes', 1)).toBe('1 голос')
    expect(uk.plural('plural.votes', 3)).toBe('3 голоси')
    expect(uk.plural('plural.votes', 5)).toBe('5 голосів')
    expect(uk.plural('mail.roundOpened.budget', 22)).toBe('У вас 22 голоси.')
    expect(i18nFor('en', 'UTC').t('site.signedInAs', { email: 'a@b.test' })).toBe('Signed in as a@b.test')
  })

  it('makes a missing variable a type error, not "{name}" on a page', () => {
    const en = i18nFor('en', 'UTC')
    // @ts-expect-error: site.signedInAs needs { email }
    expect(en.t('site.signedInAs')).toBe('Signed in as {email}')
    // @ts-expect-error: a variable of the wrong name
    en.t('site.signedInAs', { name: 'x' })
    // @ts-expect-error: a plural is not a text
    en.t('plural.votes')
    // @ts-expect-error: site.skip names no variable
    en.t('site.skip', { x: 1 })
  })
})

describe('pages outside the reader’s choice', () => {
  it('/unsubscribe and /setup render in the layout, in DEFAULT_LOCALE without Accept-Language', async () => {
    const app = await startTestApp({ DEFAULT_LOCALE: 'uk' })
    try {
      for (const path of ['/unsubscribe?token=nope', '/setup?token=nope']) {
        const res = await fetch(app.url + path, { headers: { accept: 'text/html' } })
        const html = await res.text()
        expect(html, path).toContain('<html lang="uk"')
        expect(html, path).toContain('name="viewport"')
        expect(html, path).toMatch(/<link[^>]+site\.[0-9a-f]+\.css/)
      }
      const english = await fetch(`${app.url}/unsubscribe?token=nope`, {
        headers: { accept: 'text/html', 'accept-language': 'en-GB,en;q=0.8' },
      })
      expect(await english.text()).toContain('This unsubscribe link is not valid')
    } finally {
      await app.close()
    }
  })
})
