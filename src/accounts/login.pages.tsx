import type { Deps } from '../deps.js'
import type { Pages } from '../web/pages.js'
import { clearSessionCookie } from '../web/pages.js'
import { endWebSession } from './web-sessions.js'

export function registerLoginPages(pages: Pages, deps: Deps): void {
  pages.post('/logout', async ({ res, page }) => {
    if (page.session) await endWebSession(deps.db, page.session.familyId)
    clearSessionCookie(res, deps.config.publicUrl)
    res.redirect(303, '/')
  })
}
