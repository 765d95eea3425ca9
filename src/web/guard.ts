import { forbidden } from '../http/problems.js'
import { may, type Role } from '../http/roles.js'
import type { PageContext, WebSession } from './context.js'
import { loginPath, PageRedirect } from './errors.js'

/**
 * The signed-in session of a page for these roles: without a session the browser goes to
 * /login?next=<this path>; with another role it gets the 403 page. Admin may see every staff page.
 */
export function requirePage(page: PageContext, roles: Role | readonly Role[]): WebSession {
  const session = page.session
  if (!session) throw new PageRedirect(loginPath(page.url))
  if (!may(session.auth.role, roles)) throw forbidden()
  return session
}
