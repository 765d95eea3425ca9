import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express'
import { readWebSession } from '../accounts/web-sessions.js'
import type { Deps } from '../deps.js'
import { refusedPath } from '../http/validate.js'
import { mountAssets } from './assets.js'
import type { PageContext } from './context.js'
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
import { pageErrorHandler, renderError } from './errors.js'
import { i18nFor, negotiateLocale } from './i18n/index.js'

/** The session cookie's name over http; over https it is `__Host-patronage_session` (cookieName). */
export const SESSION_COOKIE = 'patronage_session'
const SESSION_MAX_AGE_MS = 30 * 86_400_000

export type PageHandler = (ctx: { req: Request; res: Response; page: PageContext }) => unknown

export interface Pages {
  /** Mount before the JSON body parser. */
  router: express.Router
  /** Mount after every other route: a browser asking for an unknown page gets the HTML 404. */
  notFound: RequestHandler
  /** Mount before the API's error handler: errors raised before any page route (a malformed URL) answer a browser as a page. */
  errorPage: ErrorRequestHandler
  get(path: string, handler: PageHandler): void
  /** A form post: CSRF-checked, urlencoded body in `req.body`. */
  post(path: string, handler: PageHandler): void
}

/**
 * The routes of every HTML page. Page routes get their own CSP, the reader's language and session,
 * CSRF checks and HTML error pages; nothing here runs for the JSON API. Mounted before the API's
 * JSON body parser, so forms may post application/x-www-form-urlencoded.
 */
export function createPages(deps: Deps): Pages {
  const routes = express.Router()
  const { config } = deps
  const security = pageSecurityHeaders(config)
  const form = express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 50 })

  const prepare: RequestHandler = async (req, res, next) => {
    const cookies = readCookies(req)
    const locale = negotiateLocale(req, res, cookies, config)
    const token = cookieValue(cookies, SESSION_COOKIE, config.publicUrl)
    const session = token ? await readWebSession(deps.db, token) : undefined
    if (session?.rotatedToken) {
      setSessionCookie(res, config.publicUrl, session.rotatedToken)
    } else if (token && !session) {
      clearSessionCookie(res, config.publicUrl)
    }
    let browserId = cookieValue(cookies, CSRF_COOKIE, config.publicUrl)
    if (!browserId || !/^[\w-]{20,40}$/.test(browserId)) {
      browserId = newBrowserId()
      setCookie(res, CSRF_COOKIE, browserId, config.publicUrl, 365 * 86_400_000)
    }
    const bindTo = session ? `session:${session.familyId}` : `browser:${browserId}`
    const page: PageContext = {
      config,
      i18n: i18nFor(locale, config.site.timeZone),
      session,
      csrf: csrfToken(config.jwtSecret, bindTo),
      url: req.originalUrl,
    }
    res.locals.page = page
    res.locals.csrfBinding = bindTo
    next()
  }

  // The API refuses NUL characters in parse(); pages parse with safeParse, so they are refused here, once.
  const rejectNul: RequestHandler = (req, res, next) => {
    if (
      refusedPath(req.params, 'params') ||
      refusedPath(req.query, 'query') ||
      refusedPath(req.body, 'body')
    ) {
      return renderError(res, res.locals.page as PageContext, 400, '404')
    }
    next()
  }

  const checkCsrf: RequestHandler = (req, res, next) => {
    const page = res.locals.page as PageContext
    const body = req.body as Record<string, unknown> | undefined
    if (
      !sameOriginRequest(req, config.publicUrl) ||
      !validCsrfToken(config.jwtSecret, res.locals.csrfBinding, body?.[CSRF_FIELD])
    ) {
      return renderError(res, page, 403, 'csrf')
    }
    next()
  }

  const wrap =
    (handler: PageHandler): RequestHandler =>
    async (req, res) => {
      await handler({ req, res, page: res.locals.page as PageContext })
    }

  mountAssets(routes)
  // Routes are added by each feature after this; the error handler must stay behind them.
  const router = express.Router()
  router.use(routes, pageErrorHandler)

  const notFound = express.Router()
  notFound.get(/.*/, (req, res, next) => {
    if (!wantsPage(req)) return next()
    security(req, res, (err?: unknown) => {
      if (err) return next(err)
      Promise.resolve(
        prepare(req, res, (err2?: unknown) => {
          if (err2) return next(err2)
          renderError(res, res.locals.page as PageContext, 404, '404')
        }),
      ).catch(next)
    })
  })

  const errorPage: ErrorRequestHandler = (err, req, res, next) => {
    // An error of a matched API route (e.g. /metrics) stays the API's.
    if (res.headersSent || req.route || !wantsPage(req)) return next(err)
    security(req, res, (err2?: unknown) => {
      if (err2) return next(err)
      Promise.resolve(
        prepare(req, res, (err3?: unknown) => (err3 ? next(err) : pageErrorHandler(err, req, res, next))),
      ).catch(() => next(err))
    })
  }

  return {
    router,
    notFound,
    errorPage,
    get: (path, handler) => routes.get(path, security, prepare, rejectNul, wrap(handler)),
    // prepare comes before the body parser, so a body refused by it (too large) still gets a page.
    post: (path, handler) => routes.post(path, security, prepare, form, rejectNul, checkCsrf, wrap(handler)),
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
