import { z } from 'zod'
import type { Deps } from '../deps.js'
import { notFound, refusedWith } from '../http/problems.js'
import { id } from '../http/schemas.js'
import { EDITORS, Notice, renderAdminPage } from '../web/admin-frame.js'
import { CsrfField } from '../web/forms.js'
import { requirePage } from '../web/guard.js'
import type { Pages } from '../web/pages.js'
import { listRounds } from './rounds.repository.js'
import { approveSuggestion, listSuggestions, rejectSuggestion } from './suggestions.service.js'

const idParam = z.object({ id })
const statusQuery = z.object({ status: z.enum(['pending', 'approved', 'rejected']).catch('pending') })

/** The moderation queue: each pending suggestion with its round, approved into a topic or rejected. */
export function registerSuggestionPages(pages: Pages, deps: Deps): void {
  registerQueuePage(pages, deps)
  registerDecisionForms(pages, deps)
}

function registerQueuePage(pages: Pages, { db }: Deps): void {
  pages.get('/admin/suggestions', async ({ req, res, page }) => {
    requirePage(page, EDITORS)
    const { status } = statusQuery.parse(req.query)
    const [list, rounds] = await Promise.all([
      listSuggestions(db, { status, limit: 100 }),
      listRounds(db, 100),
    ])
    const roundTitle = new Map(rounds.map((r) => [r.id, r.title]))
    const t = page.i18n.t
    renderAdminPage(
      res,
      page,
      { title: t('admin.suggestions.title'), current: '/admin/suggestions' },
      <>
        <Notice page={page} query={req.query} />
        <nav class="tabs" aria-label={t('admin.suggestions.filter')}>
          {(['pending', 'approved', 'rejected'] as const).map((s) => (
            <a
              key={s}
              href={`/admin/suggestions?status=${s}`}
              aria-current={s === status ? 'page' : undefined}
            >
              {t(`admin.suggestion.${s}`)}
            </a>
          ))}
        </nav>
        {list.data.length === 0 ? <p class="muted">{t('admin.suggestions.none')}</p> : null}
        <ul class="cards">
          {list.data.map((s) => (
            <li key={s.id} class="card stack">
              <p class="muted">
                <a href={`/admin/rounds/${s.roundId}`}>
                  {roundTitle.get(s.roundId) ?? t('admin.nav.rounds')}
                </a>{' '}
                · {page.i18n.date(s.createdAt)}
              </p>
              <h2>{s.title}</h2>
              {s.description ? <p>{s.description}</p> : null}
              {s.status === 'pending' ? (
                <div class="button-row">
                  <form method="post" action={`/admin/suggestions/${s.id}/approve`} class="inline-form">
                    <CsrfField page={page} />
                    <button type="submit" class="primary">
                      {t('admin.suggestions.approve')}
                    </button>
                  </form>
                  <form method="post" action={`/admin/suggestions/${s.id}/reject`} class="inline-form">
                    <CsrfField page={page} />
                    <button type="submit" class="secondary">
                      {t('admin.suggestions.reject')}
                    </button>
                  </form>
                </div>
              ) : (
                <p>
                  <span class={`status status-${s.status}`}>{t(`admin.suggestion.${s.status}`)}</span>
                </p>
              )}
            </li>
          ))}
        </ul>
      </>,
    )
  })
}

function registerDecisionForms(pages: Pages, { db }: Deps): void {
  for (const [action, decide] of [
    ['approve', approveSuggestion],
    ['reject', rejectSuggestion],
  ] as const) {
    pages.post(`/admin/suggestions/:id/${action}`, async ({ req, res, page }) => {
      const session = requirePage(page, EDITORS)
      const params = idParam.safeParse(req.params)
      if (!params.success) throw notFound()
      try {
        await decide(db, params.data.id, session.auth.sub)
      } catch (err) {
        // Decided by someone else meanwhile, or its round closed: the queue says so.
        if (refusedWith(err, 'suggestion-decided', 'topics-closed'))
          return res.redirect(303, '/admin/suggestions?done=already-decided')
        throw err
      }
      res.redirect(303, `/admin/suggestions?done=suggestion-${action}d`)
    })
  }
}
