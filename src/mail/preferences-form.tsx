import type { PageContext } from '../web/context.js'
import { CsrfField } from '../web/forms.js'
import type { MailPreferences } from './preferences.js'

const languages = { en: 'English', uk: 'Українська' } as const

/**
 * The announcement opt-ins and the language of mails, on /account: billing's account page shows it,
 * preferences.pages.tsx takes its post.
 */
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
