import { z } from 'zod'
import type { Deps } from '../deps.js'
import { notFound } from '../http/problems.js'
import { id } from '../http/schemas.js'
import { ANALYSTS } from '../web/admin-frame.js'
import { requirePage } from '../web/guard.js'
import type { Pages } from '../web/pages.js'
import { sendContributionsCsv, sendMembersCsv, sendRoundVotesCsv } from './exports.js'

const idParam = z.object({ id })

/** The API's CSV exports, downloadable in a browser with the session cookie. */
export function registerExportPages(pages: Pages, deps: Deps): void {
  pages.get('/admin/exports/members.csv', async ({ res, page }) => {
    requirePage(page, ANALYSTS)
    await sendMembersCsv(deps.readDb, res)
  })
  pages.get('/admin/exports/contributions.csv', async ({ res, page }) => {
    requirePage(page, ANALYSTS)
    await sendContributionsCsv(deps.readDb, res)
  })
  pages.get('/admin/exports/rounds/:id/votes.csv', async ({ req, res, page }) => {
    requirePage(page, ANALYSTS)
    const params = idParam.safeParse(req.params)
    if (!params.success) throw notFound()
    await sendRoundVotesCsv(deps.readDb, res, params.data.id)
  })
}
