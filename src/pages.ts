import { registerLoginPages } from './accounts/login.pages.js'
import { registerSetupPages } from './accounts/setup.pages.js'
import { registerStaffPages } from './accounts/staff.pages.js'
import { readWebSession } from './accounts/web-sessions.js'
import { registerAccountPages } from './billing/account.pages.js'
import { registerJoinPages } from './billing/join.pages.js'
import { registerJoinLinkPages } from './billing/join-link.pages.js'
import { registerMemberPages } from './billing/members.pages.js'
import { registerTierPages } from './billing/tiers.pages.js'
import type { Deps } from './deps.js'
import type { Classify } from './http/error-handler.js'
import { registerMailPreferencePages } from './mail/preferences.pages.js'
import { registerUnsubscribePages } from './mail/unsubscribe.pages.js'
import { registerDashboardPages } from './reports/dashboard.pages.js'
import { registerExportPages } from './reports/exports.pages.js'
import { registerSettingsPages } from './settings/settings.pages.js'
import { registerAdminSupportPages } from './support/admin-support.pages.js'
import { registerSupportPages } from './support/support.pages.js'
import { registerAdminRoundPages } from './voting/admin-rounds.pages.js'
import { registerOutcomePages } from './voting/outcome.pages.js'
import { registerRoundPages } from './voting/rounds.pages.js'
import { registerSuggestionPages } from './voting/suggestions.pages.js'
import { createPages, type Pages } from './web/pages.js'

/**
 * Every feature's pages, on one page router. A feature adds `registerXPages(pages, deps)` in its own
 * folder (`voting/rounds.pages.tsx`): `pages.get(path, ({ req, res, page }) => ...)` renders with
 * `renderPage(res, page, { title }, <Body />)`; `pages.post` receives a CSRF-checked urlencoded form,
 * parses it with the API's zod schema (`parseForm`) and answers 303 to a GET, or the page again with
 * the errors next to the fields. `requirePage(page, role)` guards a signed-in page.
 */
export function registerPages(deps: Deps, classify: Classify): Pages {
  const pages = createPages(deps, classify, (token) => readWebSession(deps.db, token))
  registerLoginPages(pages, deps)
  registerSetupPages(pages, deps)
  registerJoinPages(pages, deps)
  registerJoinLinkPages(pages, deps)
  registerAccountPages(pages, deps)
  registerMailPreferencePages(pages, deps)
  registerUnsubscribePages(pages, deps)
  registerRoundPages(pages, deps)
  registerOutcomePages(pages, deps)
  registerDashboardPages(pages, deps)
  registerMemberPages(pages, deps)
  registerTierPages(pages, deps)
  registerAdminRoundPages(pages, deps)
  registerSuggestionPages(pages, deps)
  registerStaffPages(pages, deps)
  registerExportPages(pages, deps)
  registerSettingsPages(pages, deps)
  registerSupportPages(pages, deps)
  registerAdminSupportPages(pages, deps)
  return pages
}
