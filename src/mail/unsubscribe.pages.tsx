import type { Request, Response } from 'express'
import type { ComponentChildren, VNode } from 'preact'
import type { Deps } from '../deps.js'
import type { PageContext } from '../web/context.js'
import type { Pages } from '../web/pages.js'
import { renderPage } from '../web/render.js'
import { setMailPreferences } from './preferences.js'
import { unsubscribeKey, verifyUnsubscribe } from './unsubscribe-token.js'

function UnsubscribeBody(props: { page: PageContext; children: ComponentChildren }) {
  return (
    <section class="stack narrow">
      <h1>{props.page.i18n.t('unsubscribe.title')}</h1>
      {props.children}
    </section>
  )
}

/** A link that does not verify: say so, and where preferences are changed instead. */
function Invalid(props: { page: PageContext }) {
  const { t } = props.page.i18n
  return (
    <>
      <p class="banner warn">{t('unsubscribe.invalid')}</p>
      <p class="actions">
        <a class="button" href="/account">
          {t('site.account')}
        </a>
        <a href="/">{t('unsubscribe.home')}</a>
      </p>
    </>
  )
}

/**
 * `/unsubscribe?token=`: pages in the layout, not JSON API routes, so they are not in the OpenAPI
 * document. GET only shows a confirm button (mail scanners open every link); POST opts out in one
 * request without a session, as RFC 8058's one-click unsubscribe sends it
 * (`List-Unsubscribe=One-Click`, form-encoded): the signed token is its proof, not a CSRF token.
 */
export function registerUnsubscribePages(pages: Pages, deps: Pick<Deps, 'db' | 'config'>): void {
  const key = unsubscribeKey(deps.config)
  const claimOf = (req: Request) => verifyUnsubscribe(key, req.query.token)
  const show = (res: Response, page: PageContext, status: number, body: VNode) =>
    renderPage(
      res,
      page,
      { title: page.i18n.t('unsubscribe.title'), status },
      <UnsubscribeBody page={page}>{body}</UnsubscribeBody>,
    )

  pages.get('/unsubscribe', ({ req, res, page }) => {
    const { t } = page.i18n
    const claim = claimOf(req)
    if (!claim) return show(res, page, 400, <Invalid page={page} />)
    const action = `/unsubscribe?token=${encodeURIComponent(String(req.query.token))}`
    show(
      res,
      page,
      200,
      <>
        <p>{t('unsubscribe.ask', { what: t(`unsubscribe.kind.${claim.kind}`) })}</p>
        <form method="post" action={action}>
          <input type="hidden" name="List-Unsubscribe" value="One-Click" />
          <button type="submit" class="primary">
            {t('unsubscribe.confirm')}
          </button>
        </form>
      </>,
    )
  })

  pages.post(
    '/unsubscribe',
    async ({ req, res, page }) => {
      const { t } = page.i18n
      const claim = claimOf(req)
      if (!claim) return show(res, page, 400, <Invalid page={page} />)
      await setMailPreferences(deps.db, claim.memberId, { [claim.kind]: false })
      show(
        res,
        page,
        200,
        <>
          <p class="banner" role="status">
            {t('unsubscribe.done', { what: t(`unsubscribe.kind.${claim.kind}`) })}
          </p>
          <p class="actions">
            <a class="button" href="/account">
              {t('unsubscribe.againLink')}
            </a>
            <a href="/">{t('unsubscribe.home')}</a>
          </p>
        </>,
      )
    },
    { csrf: false },
  )
}
