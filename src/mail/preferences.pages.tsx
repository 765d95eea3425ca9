import { z } from 'zod'
import type { Deps } from '../deps.js'
import { LOCALES } from '../locales.js'
import type { PageContext } from '../web/context.js'
import { CsrfField } from '../web/forms.js'
import { requirePage } from '../web/guard.js'
import type { Pages } from '../web/pages.js'
import { type MailPreferences, setMailPreferences } from './preferences.js'

const languages = { en: 'English', uk: 'Українська' } as const

/** Unchecked boxes are not sent at all, so a missing box is "off". */
const mailForm = z.object({
  rounds: z.literal('on').optional(),
  coverage: z.literal('on').optional(),
  locale: z.enum(LOCALES),
})

/** The announcement opt-ins and the language of mails, on /account. */
export function MailPreferencesForm(props: { page: PageContext; preferences: MailPreferences }) {
  const { page, preferences } = props
  const t = page.i18n.t
  const locale = preferences.locale ?? page.config.site.defaultLocale
  return (
    <form method="post" action="/account/mail" class="card stack">
      <h2>{t('account.mail.title')}</h2>
      <p class="muted">{t('account.mail.hint')}</p>
      <CsrfField page={page} />
      <label class="check">
        <input type="checkbox" name="rounds" checked={preferences.rounds} />
        <span>{t('account.mail.rounds')}</span>
      </label>
      <label class="check">
        <input type="checkbox" name="coverage" checked={preferences.coverage} />
        <span>{t('account.mail.coverage')}</span>
      </label>
      <div class="field">
        <label for="mail-locale">{t('account.mail.language')}</label>
        <select id="mail-locale" name="locale">
          {Object.entries(languages).map(([value, name]) => (
            <option key={value} value={value} lang={value} selected={value === locale}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="secondary">
        {t('account.mail.save')}
      </button>
    </form>
  )
}

export function registerMailPreferencePages(pages: Pages, deps: Deps): void {
  pages.post('/account/mail', async ({ req, res, page }) => {
    const session = requirePage(page, 'patron')
    const form = mailForm.safeParse(req.body)
    if (!form.success) return res.redirect(303, '/account')
    await setMailPreferences(deps.db, session.auth.sub, {
      rounds: form.data.rounds === 'on',
      coverage: form.data.coverage === 'on',
      locale: form.data.locale,
    })
    res.redirect(303, '/account?saved=mail')
  })
}
