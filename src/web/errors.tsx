import type { ErrorRequestHandler, Request, Response } from 'express'
import { Problem } from '../http/problems.js'
import type { PageContext } from './context.js'
import type { MessageKey } from './i18n/index.js'
import { renderPage } from './render.js'

/** Thrown by a page to send the browser elsewhere (e.g. to sign in). */
export class PageRedirect extends Error {
  constructor(readonly location: string) {
    super(`redirect to ${location}`)
  }
}

type Kind = '404' | '403' | '500' | 'csrf' | 'rateLimited' | 'unavailable'

export function ErrorBody(props: { page: PageContext; kind: Kind }) {
  const t = props.page.i18n.t
  return (
    <section class="stack narrow">
      <h1>{t(`error.${props.kind}.title` as MessageKey)}</h1>
      <p>{t(`error.${props.kind}.body` as MessageKey)}</p>
      <p>
        <a href="/" class="button secondary">
          {t('error.home')}
        </a>
      </p>
    </section>
  )
}

export function renderError(res: Response, page: PageContext, status: number, kind: Kind): void {
  const title = page.i18n.t(`error.${kind}.title` as MessageKey)
  renderPage(res, page, { title, status }, <ErrorBody page={page} kind={kind} />)
}

function kindOf(problem: Problem): Kind {
  if (problem.status === 403) return '403'
  if (problem.status === 429) return 'rateLimited'
  if (problem.status === 503) return 'unavailable'
  if (problem.status === 400 || problem.status === 404) return '404'
  return '500'
}

/** Errors of page routes answer as pages in the layout, never as problem+json. */
export const pageErrorHandler: ErrorRequestHandler = (err, req: Request, res: Response, next) => {
  if (res.headersSent) return next(err)
  const page = res.locals.page as PageContext | undefined
  if (err instanceof PageRedirect) return res.redirect(303, err.location)
  if (!page) return next(err)
  if (err instanceof Problem) {
    if (err.status === 401) return res.redirect(303, loginPath(page.url))
    if (err.status >= 500) req.log?.warn({ err }, err.detail)
    for (const [k, v] of Object.entries(err.headers ?? {})) if (k !== 'WWW-Authenticate') res.set(k, v)
    const kind = kindOf(err)
    return renderError(res, page, kind === '404' ? 404 : err.status, kind)
  }
  // The form parser's own refusals (too large, too many fields, unreadable): the client's fault.
  const e = err as { expose?: boolean; status?: number }
  if (e?.expose && e.status && e.status >= 400 && e.status < 500) {
    return renderError(res, page, e.status, '404')
  }
  req.log?.error({ err, reqId: req.id }, 'unhandled error on a page')
  renderError(res, page, 500, '500')
}

export function loginPath(next: string): string {
  return `/login?next=${encodeURIComponent(next)}`
}
