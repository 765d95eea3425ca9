import type { Response } from 'express'
import type { Config } from '../config.js'
import type { AuthContext } from '../http/auth.js'
import type { I18n } from './i18n/index.js'
import type { Newsroom } from './newsroom.js'

/**
 * A browser's signed-in session, as pages see it. accounts/web-sessions.ts reads it from the session
 * cookie and hands that reader to createPages.
 */
export interface WebSession {
  auth: AuthContext
  email: string
  familyId: string
  /** A new refresh token for the cookie when this one was rotated by this request. */
  rotatedToken?: string
}

/** Reads the session a cookie's token proves; undefined when it proves none. */
export type ReadSession = (token: string) => Promise<WebSession | undefined>

/** What every page knows about its request: the reader's language, session and form token. */
export interface PageContext {
  config: Config
  /** The newsroom's name, website, appeal and colour (/admin/settings). */
  newsroom: Newsroom
  i18n: I18n
  session: WebSession | undefined
  /** The CSRF token every form of this page carries. */
  csrf: string
  /** This request's path and query, for the language switch and `next=`. */
  url: string
}

export function pageContext(res: Response): PageContext {
  const page = res.locals.page as PageContext | undefined
  if (!page) throw new Error('pageContext() outside a page route')
  return page
}
