import { z } from 'zod'
import type { Deps } from '../deps.js'
import { notFound } from '../http/problems.js'
import { id } from '../http/schemas.js'
import { localizedWithTopics } from '../web/localized.js'
import type { Pages } from '../web/pages.js'
import { renderPage } from '../web/render.js'
import { RankedTopics } from './outcome.view.js'
import { staffRoundPage } from './rounds.service.js'
import { resultsVisibleToPatrons } from './rules.js'

const idParam = z.object({ id })

/**
 * The outcome of a round, for anyone (no sign-in): what patrons asked for and what the newsroom
 * then covered. Vote counts only where the round shows results to patrons.
 */
export function registerOutcomePages(pages: Pages, deps: Deps): void {
  pages.get('/rounds/:id/outcome', async ({ req, res, page }) => {
    const params = idParam.safeParse(req.params)
    if (!params.success) throw notFound()
    const { i18n } = page
    const round = localizedWithTopics(await staffRoundPage(deps.db, params.data.id), i18n.locale)
    const canVote = page.session?.auth.ent.includes('vote') ?? false
    const visible = resultsVisibleToPatrons(round.resultsVisibility, round.state)
    renderPage(
      res,
      page,
      { title: round.title, styles: ['admin.css'] },
      <article class="stack">
        <p class="muted">{i18n.t('admin.outcome.kicker', { name: page.newsroom.name })}</p>
        <h1>{round.title}</h1>
        {round.description ? <p>{round.description}</p> : null}
        <p class="muted">
          {i18n.t(round.state === 'closed' ? 'admin.outcome.closed' : 'admin.outcome.closes', {
            date: i18n.dateTime(round.closesAt),
          })}
        </p>
        {visible ? (
          <RankedTopics i18n={i18n} topics={round.topics} />
        ) : (
          <p class="banner">{i18n.t('admin.outcome.hidden')}</p>
        )}
        {canVote ? null : (
          // The page a newsroom shares: whoever reads it can become one of the patrons who choose.
          <section class="card stack">
            <p>{i18n.t('outcome.invite', { name: page.newsroom.name })}</p>
            <p>
              <a class="button" href="/">
                {i18n.t('home.title')}
              </a>
            </p>
          </section>
        )}
      </article>,
    )
  })
}
