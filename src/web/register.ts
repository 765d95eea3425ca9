import { registerLoginPages } from '../accounts/login.pages.js'
import { registerAccountPages } from '../billing/account.pages.js'
import { registerJoinPages } from '../billing/join.pages.js'
import type { Deps } from '../deps.js'
import { registerMailPreferencePages } from '../mail/preferences.pages.js'
import { registerRoundPages } from '../voting/rounds.pages.js'
import { createPages, type Pages } from './pages.js'

/**
 * Every feature's pages, on one page router. A feature adds `registerXPages(pages, deps)` in its own
 * folder (`voting/rounds.pages.tsx`): `pages.get(path, ({ req, res, page }) => ...)` renders with
 * `renderPage(res, page, { title }, <Body />)`; `pages.post` receives a CSRF-checked urlencoded form,
 * parses it with the API's zod schema (`parseForm`) and answers 303 to a GET, or the page again with
 * the errors next to the fields. `requirePage(page, role)` guards a signed-in page.
 */
export function registerPages(deps: Deps): Pages {
  const pages = createPages(deps)
  registerLoginPages(pages, deps)
  registerJoinPages(pages, deps)
  registerAccountPages(pages, deps)
  registerMailPreferencePages(pages, deps)
  registerRoundPages(pages, deps)
  return pages
}
