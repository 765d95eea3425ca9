import type { ComponentChildren } from 'preact'
import { LOCALE_NAMES } from '../locales.js'
import { assetUrl } from './assets.js'
import type { PageContext } from './context.js'
import { CsrfField } from './forms.js'
import { type Locale, locales } from './i18n/index.js'
import { themeUrl } from './theme.js'

/** The same URL in another language (`?lang=` is remembered in a cookie). */
function withLang(url: string, locale: Locale): string {
  const u = new URL(url, 'http://local.invalid')
  u.searchParams.set('lang', locale)
  return u.pathname + u.search
}

export function Layout(props: {
  page: PageContext
  title: string
  scripts: string[]
  styles?: string[]
  wide?: boolean
  children: ComponentChildren
}) {
  const { page, title } = props
  const { i18n, session, config, newsroom } = page
  const t = i18n.t
  return (
    <html lang={i18n.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{`${title} · ${newsroom.name}`}</title>
        <link rel="icon" href={assetUrl('favicon.svg')} type="image/svg+xml" />
        <link rel="stylesheet" href={assetUrl('site.css')} />
        <link rel="stylesheet" href={themeUrl(newsroom.accent)} />
        {(props.styles ?? []).map((s) => (
          <link key={s} rel="stylesheet" href={assetUrl(s)} />
        ))}
        {props.scripts.map((s) => (
          <script key={s} src={assetUrl(s)} defer />
        ))}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('site.skip')}
        </a>
        {config.demo && config.env !== 'production' ? (
          <p class="demo-banner" role="note">
            {t('demo.banner')} · <a href={config.demo.simulatorUrl}>{t('demo.simulator')}</a>
          </p>
        ) : null}
        <header class="site-header">
          <div class={props.wide ? 'wrap wide header-row' : 'wrap header-row'}>
            <a class="brand" href="/">
              {newsroom.name}
            </a>
            <AccountNav page={page} />
            <LanguageSwitch page={page} />
          </div>
        </header>
        <main id="main" tabIndex={-1} class={props.wide ? 'wrap wide' : 'wrap'}>
          {props.children}
        </main>
        <div id="live" class="visually-hidden" aria-live="polite" />
        <footer class="site-footer">
          <div class={props.wide ? 'wrap wide footer-row' : 'wrap footer-row'}>
            {session ? <p class="muted signed-in">{t('site.signedInAs', { email: session.email })}</p> : null}
            {newsroom.url ? <a href={newsroom.url}>{t('site.backToSite', { name: newsroom.name })}</a> : null}
            <p class="muted powered-by">{t('site.poweredBy')}</p>
          </div>
        </footer>
      </body>
    </html>
  )
}

/** Signed in: the reader's own pages (a patron's, or the staff's) and sign-out; else a sign-in link. */
function AccountNav({ page }: { page: PageContext }) {
  const { session, i18n } = page
  const t = i18n.t
  return (
    <nav class="site-nav" aria-label={t('site.account')}>
      {session ? (
        <>
          {session.auth.role === 'patron' ? (
            <>
              <a href="/rounds">{t('site.rounds')}</a>
              <a href="/account">{t('site.account')}</a>
            </>
          ) : (
            <a href="/admin">{t('site.staff')}</a>
          )}
          <form method="post" action="/logout" class="inline-form">
            <CsrfField page={page} />
            <button type="submit" class="link-button">
              {t('site.signOut')}
            </button>
          </form>
        </>
      ) : (
        <a href={`/login?next=${encodeURIComponent(new URL(page.url, 'http://x').pathname)}`}>
          {t('site.signIn')}
        </a>
      )}
    </nav>
  )
}

/** The same page in each language, the current one marked. */
function LanguageSwitch({ page }: { page: PageContext }) {
  const { i18n } = page
  return (
    <nav aria-label={i18n.t('site.language')} class="lang-switch">
      {locales.map((l) => (
        <a
          key={l}
          href={withLang(page.url, l)}
          lang={l}
          hreflang={l}
          aria-current={l === i18n.locale ? 'true' : undefined}
        >
          {LOCALE_NAMES[l]}
        </a>
      ))}
    </nav>
  )
}
