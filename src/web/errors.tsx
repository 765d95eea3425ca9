import type { ErrorRequestHandler, Response } from 'express'
import type { Classify } from '../http/error-handler.js'
import type { ProblemCode } from '../http/problem-codes.js'
import type { Problem } from '../http/problems.js'
import type { PageContext } from './context.js'
import type { PlainKey } from './i18n/index.js'
import { jsonClient } from './json-client.js'
import { describeRefusal, type Refusal } from './refusals.js'
import { renderPage } from './render.js'

/** Thrown by a page to send the browser elsewhere (e.g. to sign in). */
export class PageRedirect extends Error {
  constructor(readonly location: string) {
    super(`redirect to ${location}`)
  }
}

/** The kinds of error page, by their title. */
const TITLES = {
  '404': 'error.404.title',
  '403': 'error.403.title',
  '500': 'error.500.title',
  csrf: 'error.csrf.title',
  rateLimited: 'error.rateLimited.title',
  unavailable: 'error.unavailable.title',
  database: 'error.database.title',
  stripe: 'error.stripe.title',
  refused: 'problem.title',
} as const satisfies Record<string, PlainKey>
export type ErrorKind = keyof typeof TITLES

/** The 401s that mean "sign in (again)"; other 401s (a stale setup or sign-in link) are pages saying so. */
const SIGN_IN_AGAIN: readonly ProblemCode[] = [
  'unauthenticated',
  'access-token-invalid',
  'refresh-token-invalid',
  'account-removed',
]

/** How long a reader should wait before trying again while the database is away. */
const DATABASE_RETRY_SECONDS = '5'

export function ErrorBody(props: { page: PageContext; title: string; body: string; next?: Refusal['next'] }) {
  const t = props.page.i18n.t
  return (
    <section class="stack narrow">
      <h1>{props.title}</h1>
      <p>{props.body}</p>
      <p>
        {props.next ? (
          <a href={props.next.href} class="button">
            {t(props.next.label)}
          </a>
        ) : (
          <a href="/" class="button secondary">
            {t('error.home')}
          </a>
        )}
      </p>
    </section>
  )
}

/** An error page in the layout; `body` is the sentence saying what went wrong. */
export function renderError(
  res: Response,
  page: PageContext,
  status: number,
  kind: ErrorKind,
  body: string,
  next?: Refusal['next'],
): void {
  const title = page.i18n.t(TITLES[kind])
  renderPage(res, page, { title, status }, <ErrorBody page={page} title={title} body={body} next={next} />)
}

/** The page that answers a problem: its kind by status and code, its sentence from the refusals table. */
export function kindOf(problem: Problem): ErrorKind {
  if (problem.code === 'csrf-invalid') return 'csrf'
  if (problem.code === 'database-unavailable') return 'database'
  if (problem.slug === 'stripe-unavailable' || problem.slug === 'stripe-not-configured') return 'stripe'
  if (problem.status === 404) return '404'
  if (problem.status === 403) return '403'
  if (problem.status === 429) return 'rateLimited'
  if (problem.status === 503) return 'unavailable'
  if (problem.status >= 500) return '500'
  return 'refused'
}

/**
 * The pages' error handler: the same classifier as the API's, answered as a page in the reader's
 * language. 401 sends the browser to sign in; the database away is a 503 "back in a moment" with
 * Retry-After; Stripe away is its own page; a refusal (400, 409...) says what was wrong. A JSON
 * client is handed on to the API's handler, so it gets problem+json.
 */
export function pageErrorHandler(classify: Classify): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err)
    if (err instanceof PageRedirect) return res.redirect(303, err.location)
    const page = res.locals.page as PageContext | undefined
    if (!page || jsonClient(req)) return next(err)
    const problem = classify(err)
    if (SIGN_IN_AGAIN.includes(problem.code)) return res.redirect(303, loginPath(page.url))
    if (problem.status >= 500) res.err = err as Error
    for (const [k, v] of Object.entries(problem.headers ?? {})) if (k !== 'WWW-Authenticate') res.set(k, v)
    const kind = kindOf(problem)
    if (kind === 'database') res.set('Retry-After', DATABASE_RETRY_SECONDS)
    const refusal = describeRefusal(problem, page.i18n)
    renderError(res, page, problem.status, kind, refusal.message, refusal.next)
  }
}

export function loginPath(next: string): string {
  return `/login?next=${encodeURIComponent(next)}`
}
