import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express'
import type { Deps } from '../deps.js'
import type { Classify } from '../http/error-handler.js'
import { forbidden, notAcceptable, notFound as notFoundProblem, validation } from '../http/problems.js'
import { refusedPath } from '../http/validate.js'
import { mountAssets } from './assets.js'
import type { PageContext, ReadSession } from './context.js'
import { clearCookie, cookieValue, readCookies, setCookie } from './cookies.js'
import { pageSecurityHeaders } from './csp.js'
import {
  CSRF_COOKIE,
  CSRF_FIELD,
  csrfToken,
  newBrowserId,
  sameOriginRequest,
  validCsrfToken,
} from './csrf.js'
import { pageErrorHandler } from './errors.js'
import { i18nFor, negotiateLocale } from './i18n/index.js'
import { jsonClient } from './json-client.js'
import { mountTheme } from './theme.js'

/** The session cookie's name over http; over https it is `__Host-patronage_session` (cookieName). */
export const SESSION_COOKIE = 'patronage_session'
const SESSION_MAX_AGE_MS = 30 * 86_400_000

export type PageHandler = (ctx: { req: Request; res: Response; page: PageContext }) => unknown

export interface PostOptions {
  /**
   * false only for a form whose proof is a secret it carries (the setup and unsubscribe links), which
   * a mail client or a script posts without a page of ours before it.
   */
  csrf?: boolean
  /** Also take a JSON body (a script's), besides the urlencoded form. */
  json?: boolean
}

export interface Pages {
  /** Mount before the JSON body parser. */
  router: express.Router
  /** Mount after every other route: a browser asking for an unknown page gets the HTML 404. */
  notFound: RequestHandler
  /** Mount before the API's error handler: errors raised before any page route (a malformed URL) answer a browser as a page. */
  errorPage: ErrorRequestHandler
  get(path: string, handler: PageHandler): void
  /** A form post: CSRF-checked, urlencoded body in `req.body`. */
  post(path: string, handler: PageHandler, options?: PostOptions): void
}

/**
 * The routes of every HTML page. Page routes get their own CSP, the reader's language and session,
 * CSRF checks and HTML error pages; nothing here runs for the JSON API. Mounted before the API's
 * JSON body parser, so forms may post application/x-www-form-urlencoded. Errors are classified as
 * the API's are (`classify`), then answered as pages (web/errors.tsx); `readSession` reads the
 * session cookie's token (accounts/web-sessions.ts).
 */
export function createPages(deps: Deps, classify: Classify, readSession: ReadSession): Pages {
  const routes = express.Router()
  const { config } = deps
  const security = pageSecurityHeaders(config)
  const form = express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 50 })
  const json = express.json({ limit: '100kb', type: 'application/json' })
  const onError = pageErrorHandler(classify)

  const prepare = preparePage(deps, readSession)

  const checkCsrf: RequestHandler = (req, res, next) => {
    const body = req.body as Record<string, unknown> | undefined
    const valid =
      sameOriginRequest(req, config.publicUrl) &&
      validCsrfToken(config.jwtSecret, res.locals.csrfBinding, body?.[CSRF_FIELD])
    next(
      valid ? undefined : forbidden('The form token is missing or stale; reload the page.', 'csrf-invalid'),
    )
  }

  const wrap =
    (handler: PageHandler): RequestHandler =>
    async (req, res) => {
      await handler({ req, res, page: res.locals.page as PageContext })
    }

  /** Security headers and the page context outside a page route (unknown paths, early errors). */
  const asPage = (req: Request, res: Response, then: () => void, fail: (err: unknown) => void) =>
    security(req, res, (err?: unknown) => {
      if (err) return fail(err)
      Promise.resolve(prepare(req, res, (err2?: unknown) => (err2 ? fail(err2) : then()))).catch(fail)
    })

  mountAssets(routes)
  mountTheme(routes)
  // Routes are added by each feature after this; the error handler must stay behind them.
  const router = express.Router()
  router.use(routes, onError)

  const notFound = express.Router()
  notFound.get(/.*/, (req, res, next) => {
    if (!wantsPage(req)) return next()
    const fail = (err: unknown) => onError(err, req, res, next)
    asPage(req, res, () => fail(notFoundProblem()), fail)
  })

  const errorPage: ErrorRequestHandler = (err, req, res, next) => {
    // An error of a matched API route (e.g. /metrics) stays the API's.
    if (res.headersSent || req.route || !wantsPage(req)) return next(err)
    const answer = () => (res.locals.page ? onError(err, req, res, next) : next(err))
    asPage(req, res, answer, answer)
  }

  return {
    router,
    notFound,
    errorPage,
    get: (path, handler) => routes.get(path, security, prepare, rejectNul, wrap(handler)),
    // prepare comes before the body parser, so a body refused by it (too large) still gets a page.
    post: (path, handler, options = {}) =>
      routes.post(
        path,
        security,
        prepare,
        form,
        ...(options.json ? [json] : []),
        rejectNul,
        ...(options.csrf === false ? [] : [checkCsrf, htmlOnly]),
        wrap(handler),
      ),
  }
}

// The API refuses NUL characters in parse(); pages parse with safeParse, so they are refused here, once.
const rejectNul: RequestHandler = (req, _res, next) => {
  const refused =
    refusedPath(req.params, 'params') ?? refusedPath(req.query, 'query') ?? refusedPath(req.body, 'body')
  next(refused ? validation('The request is invalid.', [refused]) : undefined)
}

// A form refuses a JSON client before it changes anything (a GET is refused by renderPage, after its
// own checks: a stale link answers its 401). Posts proven by a link's secret are not forms: /setup
// answers JSON, and a one-click unsubscribe (RFC 8058) works whatever its sender accepts.
const htmlOnly: RequestHandler = (req, _res, next) => next(jsonClient(req) ? notAcceptable() : undefined)

/**
 * The page context of a request: the reader's language, form token and session. The page exists
 * before the session is read, so with the database away the reader still gets a page.
 */
function preparePage(deps: Deps, readSession: ReadSession): RequestHandler {
  const { config } = deps
  return async (req, res, next) => {
    const cookies = readCookies(req)
    const locale = negotiateLocale(req, res, cookies, config)
    let browserId = cookieValue(cookies, CSRF_COOKIE, config.publicUrl)
    if (!browserId || !/^[\w-]{20,40}$/.test(browserId)) {
      browserId = newBrowserId()
      setCookie(res, CSRF_COOKIE, browserId, config.publicUrl, 365 * 86_400_000)
    }
    // The page exists before the session is read, so a database that is away still gets a page.
    const page: PageContext = {
      config,
      newsroom: await deps.newsroom.current(),
      i18n: i18nFor(locale, config.site.timeZone),
      session: undefined,
      csrf: csrfToken(config.jwtSecret, `browser:${browserId}`),
      url: req.originalUrl,
    }
    res.locals.page = page
    res.locals.csrfBinding = `browser:${browserId}`
    const token = cookieValue(cookies, SESSION_COOKIE, config.publicUrl)
    const session = token ? await readSession(token) : undefined
    if (session?.rotatedToken) {
      setSessionCookie(res, config.publicUrl, session.rotatedToken)
    } else if (token && !session) {
      clearSessionCookie(res, config.publicUrl)
    }
    if (session) {
      page.session = session
      res.locals.csrfBinding = `session:${session.familyId}`
      page.csrf = csrfToken(config.jwtSecret, res.locals.csrfBinding)
    }
    next()
  }
}

/** A browser asking for something outside the JSON API. */
const wantsPage = (req: Request) => !req.path.startsWith('/v1/') && req.accepts(['json', 'html']) === 'html'

export function setSessionCookie(res: Response, publicUrl: string, refreshToken: string): void {
  setCookie(res, SESSION_COOKIE, refreshToken, publicUrl, SESSION_MAX_AGE_MS)
}

export function clearSessionCookie(res: Response, publicUrl: string): void {
  clearCookie(res, SESSION_COOKIE, publicUrl)
}
