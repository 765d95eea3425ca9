import { LOCALE_NAMES, LOCALES } from '../locales.js'
import type { PageContext } from '../web/context.js'
import { CsrfField } from '../web/forms.js'
import { mailLocale } from './mail-locale.js'
import type { MailPreferences } from './preferences.js'

/** The select's value for "no choice of mine: as the pages" (the column stays null). */
export const AS_THE_PAGES = 'pages'

/**
 * The language select shows what mails will use: "as the pages (…)" until the member picks one,
 * so that saving the form unchanged pins nothing they never chose.
 */
function MailLanguageSelect(props: { page: PageContext; preferences: MailPreferences }) {
  const { page, preferences } = props
  const t = page.i18n.t
  const asThePages = mailLocale(
    { chosen: null, pages: preferences.pageLocale },
    page.config.site.defaultLocale,
  )
  const selected = preferences.locale ?? AS_THE_PAGES
  return (
    <div class="field">
      <label for="mail-locale">{t('account.mail.language')}</label>
      <select id="mail-locale" name="locale">
        <option value={AS_THE_PAGES} selected={selected === AS_THE_PAGES}>
          {t('account.mail.languageAsPages', { language: LOCALE_NAMES[asThePages] })}
        </option>
        {LOCALES.map((value) => (
          <option key={value} value={value} lang={value} selected={value === selected}>
            {LOCALE_NAMES[value]}
          </option>
        ))}
      </select>
    </div>
  )
}

/**
 * The announcement opt-ins and the language of mails, on /account: billing's account page shows it,
 * preferences.pages.tsx takes its post.
 */
export function MailPreferencesForm(props: { page: PageContext; preferences: MailPreferences }) {
  const { page, preferences } = props
  const t = page.i18n.t
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
      <MailLanguageSelect page={page} preferences={preferences} />
      <button type="submit" class="secondary">
        {t('account.mail.save')}
      </button>
    </form>
  )
}
