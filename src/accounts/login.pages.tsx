import { z } from 'zod'
import type { Deps } from '../deps.js'
import { refusedWith } from '../http/problems.js'
import { email } from '../http/schemas.js'
import type { PageContext } from '../web/context.js'
import { CsrfField, type FieldErrors, parseForm, TextField } from '../web/forms.js'
import { safeNextPath } from '../web/next-path.js'
import { clearSessionCookie, type PageHandler, type Pages, setSessionCookie } from '../web/pages.js'
import { renderPage } from '../web/render.js'
import { logout, peekLoginLink, redeemLoginToken, requestMagicLink } from './auth.service.js'
import { addressOfLoginToken } from './login.repository.js'
import { hashSecret, tokenShape } from './secrets.js'
import { endWebSession } from './web-sessions.js'

/** A refused token is an answer for the page; anything else stays an error. */
const unlessUnauthenticated = (err: unknown) => {
  if (refusedWith(err, 'login-token-invalid')) return undefined
  throw err
}

const loginForm = z.object({ email, next: z.string().max(2000).optional() })
const confirmForm = z.object({ token: tokenShape, next: z.string().max(2000).optional() })

function LoginForm(props: {
  page: PageContext
  next: string | undefined
  value?: string | undefined
  errors?: FieldErrors
}) {
  const t = props.page.i18n.t
  return (
    <section class="stack narrow">
      <h1>{t('login.title')}</h1>
      <p>{t('login.intro')}</p>
      <form method="post" action="/login" noValidate>
        <CsrfField page={props.page} />
        {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
        <TextField
          name="email"
          type="email"
          label={t('login.email')}
          value={props.value}
          error={props.errors?.email}
          autocomplete="email"
          autofocus={Boolean(props.errors?.email)}
          required
          maxLength={254}
        />
        <button type="submit" class="primary">
          {t('login.submit')}
        </button>
      </form>
    </section>
  )
}

function SentBody(props: { page: PageContext; email: string; next: string | undefined }) {
  const t = props.page.i18n.t
  const retry = props.next ? `/login?next=${encodeURIComponent(props.next)}` : '/login'
  return (
    <section class="stack narrow">
      <h1>{t('login.sent.title')}</h1>
      <p role="status">{t('login.sent.body', { email: props.email })}</p>
      <p>
        <a href={retry}>{t('login.sent.retry')}</a>
      </p>
    </section>
  )
}

/**
 * An expired or used link: one press mails a new one to the same address (the old token names it;
 * the page never shows it). A token no longer kept, or none, leads to the sign-in form instead.
 */
function InvalidLinkBody(props: { page: PageContext; token: string | undefined; next?: string | undefined }) {
  const t = props.page.i18n.t
  return (
    <section class="stack narrow">
      <h1>{t('login.confirm.title')}</h1>
      <p class="banner warn">{t('login.confirm.invalid')}</p>
      {props.token ? (
        <form method="post" action="/login/resend" class="stack">
          <CsrfField page={props.page} />
          <input type="hidden" name="token" value={props.token} />
          {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
          <p class="muted">{t('login.resend.hint')}</p>
          <button type="submit" class="primary">
            {t('login.confirm.newLink')}
          </button>
        </form>
      ) : (
        <p>
          <a class="button" href="/login">
            {t('login.confirm.newLink')}
          </a>
        </p>
      )}
    </section>
  )
}

function ResentBody(props: { page: PageContext; next: string | undefined }) {
  const t = props.page.i18n.t
  const retry = props.next ? `/login?next=${encodeURIComponent(props.next)}` : '/login'
  return (
    <section class="stack narrow">
      <h1>{t('login.sent.title')}</h1>
      <p role="status">{t('login.resend.sent')}</p>
      <p>
        <a href={retry}>{t('login.sent.retry')}</a>
      </p>
    </section>
  )
}

function ConfirmBody(props: { page: PageContext; token: string; email: string; next?: string }) {
  const t = props.page.i18n.t
  return (
    <section class="stack narrow">
      <h1>{t('login.confirm.title')}</h1>
      <p>{t('login.confirm.intro')}</p>
      <form method="post" action="/login/confirm">
        <CsrfField page={props.page} />
        <input type="hidden" name="token" value={props.token} />
        {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
        <button type="submit" class="primary">
          {t('login.confirm.button', { email: props.email })}
        </button>
      </form>
    </section>
  )
}

const loginTitle = (page: PageContext) => page.i18n.t('login.title')

/** `/login`: the form, its "check your inbox" answers, or a mailed link's confirm button. */
function showLogin(deps: Deps): PageHandler {
  return async ({ req, res, page }) => {
    const next =
      typeof req.query.next === 'string' ? safeNextPath(req.query.next, '') || undefined : undefined
    const token = req.query.token
    if (typeof token === 'string') {
      // Mail scanners open links: a GET only shows the button, the token is used by the POST.
      const valid = tokenShape.safeParse(token).success
      const address = valid ? await peekLoginLink(deps.db, token) : undefined
      if (!address) {
        const known = valid && (await addressOfLoginToken(deps.db, hashSecret(token))) !== undefined
        return renderPage(
          res,
          page,
          { title: loginTitle(page), status: 400 },
          <InvalidLinkBody page={page} token={known ? token : undefined} next={next} />,
        )
      }
      return renderPage(
        res,
        page,
        { title: loginTitle(page), status: address ? 200 : 400 },
        <ConfirmBody page={page} token={token} email={address} {...(next ? { next } : {})} />,
      )
    }
    if (req.query.resent === '1') {
      return renderPage(
        res,
        page,
        { title: page.i18n.t('login.sent.title') },
        <ResentBody page={page} next={next} />,
      )
    }
    const sent = typeof req.query.sent === 'string' ? email.safeParse(req.query.sent) : undefined
    if (sent?.success) {
      return renderPage(
        res,
        page,
        { title: page.i18n.t('login.sent.title') },
        <SentBody page={page} email={sent.data} next={next} />,
      )
    }
    renderPage(res, page, { title: loginTitle(page) }, <LoginForm page={page} next={next} />)
  }
}

export function registerLoginPages(pages: Pages, deps: Deps): void {
  pages.get('/login', showLogin(deps))

  pages.post('/login', async ({ req, res, page }) => {
    const form = parseForm(loginForm, req.body, page.i18n)
    if (!form.ok) {
      const next = form.values.next ? safeNextPath(form.values.next, '') || undefined : undefined
      return renderPage(
        res,
        page,
        { title: loginTitle(page), status: 400 },
        <LoginForm page={page} next={next} value={form.values.email} errors={form.errors} />,
      )
    }
    await requestMagicLink(deps, form.data.email, req.ip ?? null, { locale: page.i18n.locale })
    const next = form.data.next ? safeNextPath(form.data.next, '') : ''
    const query = new URLSearchParams({ sent: form.data.email, ...(next ? { next } : {}) })
    res.redirect(303, `/login?${query}`)
  })

  // "Send me a new link": to the address the old link was mailed to, within the same limits, and the
  // same answer whatever the address (the sent page does not name it).
  pages.post('/login/resend', async ({ req, res, page }) => {
    const form = parseForm(confirmForm, req.body, page.i18n)
    const address = form.ok ? await addressOfLoginToken(deps.db, hashSecret(form.data.token)) : undefined
    if (address) await requestMagicLink(deps, address, req.ip ?? null, { locale: page.i18n.locale })
    const next = form.ok && form.data.next ? safeNextPath(form.data.next, '') : ''
    res.redirect(303, `/login?${new URLSearchParams({ resent: '1', ...(next ? { next } : {}) })}`)
  })

  pages.post('/login/confirm', async ({ req, res, page }) => {
    const form = parseForm(confirmForm, req.body, page.i18n)
    const tokens = form.ok
      ? await redeemLoginToken(deps, form.data.token).catch(unlessUnauthenticated)
      : undefined
    if (!form.ok || !tokens) {
      const known = form.ok && (await addressOfLoginToken(deps.db, hashSecret(form.data.token))) !== undefined
      return renderPage(
        res,
        page,
        { title: loginTitle(page), status: 400 },
        <InvalidLinkBody page={page} token={known ? form.data.token : undefined} />,
      )
    }
    // A session of this browser that was signed in as someone else ends here.
    if (page.session) await endWebSession(deps.db, page.session)
    setSessionCookie(res, deps.config.publicUrl, tokens.refreshToken)
    const role = deps.tokens.verify(tokens.accessToken).role
    res.redirect(303, safeNextPath(form.data.next, role === 'patron' ? '/account' : '/admin'))
  })

  pages.post('/logout', async ({ res, page }) => {
    if (page.session) await endWebSession(deps.db, page.session)
    clearSessionCookie(res, deps.config.publicUrl)
    res.redirect(303, '/')
  })

  // Every page session and API refresh token of the account, this browser's included.
  pages.post('/logout/everywhere', async ({ res, page }) => {
    if (page.session) await logout(deps, page.session.auth)
    clearSessionCookie(res, deps.config.publicUrl)
    res.redirect(303, '/')
  })
}
