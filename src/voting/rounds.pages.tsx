import { z } from 'zod'
import type { Deps } from '../deps.js'
import type { ProblemCode } from '../http/problem-codes.js'
import { refusedWith } from '../http/problems.js'
import { idParams } from '../http/schemas.js'
import { parse } from '../http/validate.js'
import type { PageContext } from '../web/context.js'
import { formKey, onceForKey } from '../web/form-key.js'
import type { FieldErrors } from '../web/forms.js'
import { formValues, parseForm } from '../web/forms.js'
import { requirePage } from '../web/guard.js'
import { localized, localizedWithTopics } from '../web/localized.js'
import type { Pages } from '../web/pages.js'
import { REFUSALS } from '../web/refusals.js'
import { renderPage } from '../web/render.js'
import { memberRoundPage } from './round-page.js'
import { RoundBody, type RoundPage } from './round-view.js'
import { listRounds } from './rounds.service.js'
import { newSuggestionBody, voteBody } from './schemas.js'
import { suggest } from './suggestions.service.js'
import { castVote, withdrawVote } from './votes.service.js'

const topicParams = z.object({ id: z.uuid(), topicId: z.uuid() })
const notices = ['voted', 'withdrawn', 'suggested'] as const
/** The refusals of a vote or suggestion that the round page shows as a notice (`?error=<code>`). */
const failures = [
  'vote-budget-exhausted',
  'voting-not-open',
  'withdrawal-closed',
  'suggestions-closed',
  'topic-not-found',
  'topic-not-votable',
  'vote-needs-membership',
  'suggest-needs-membership',
  'suggestion-limit',
] as const satisfies readonly ProblemCode[]

/** A refused vote or suggestion, by its code (or undefined: a real error). */
const failureOf = (err: unknown) => (refusedWith(err, ...failures) ? err.code : undefined)

function RoundsList(props: { page: PageContext; rounds: Awaited<ReturnType<typeof listRounds>>['data'] }) {
  const { t, dateTime } = props.page.i18n
  return (
    <section class="stack">
      <h1>{t('rounds.title')}</h1>
      {props.rounds.length === 0 ? <p>{t('rounds.none')}</p> : null}
      <ul class="cards">
        {props.rounds.map((r) => (
          <li key={r.id} class="card">
            <h2>
              <a href={`/rounds/${r.id}`}>{r.title}</a>
            </h2>
            <p class="muted">
              {r.state === 'open'
                ? t('rounds.state.open', { date: dateTime(r.closesAt) })
                : r.state === 'upcoming'
                  ? t('rounds.state.upcoming', { date: dateTime(r.opensAt) })
                  : t('rounds.state.closed', { date: dateTime(r.closesAt) })}
            </p>
          </li>
        ))}
      </ul>
    </section>
  )
}

/** The round page as it is now, with a notice or the suggest form's errors. */
async function roundPage(
  deps: Deps,
  page: PageContext,
  roundId: string,
  memberId: string,
): Promise<RoundPage> {
  const view = await memberRoundPage(deps.db, roundId, memberId)
  // Titles and descriptions in the reader's language where staff gave them.
  const { locale } = page.i18n
  const round = localizedWithTopics(view.round, locale)
  return { ...view, round, entitled: page.session?.auth.ent.includes('vote') ?? false }
}

export function registerRoundPages(pages: Pages, deps: Deps): void {
  registerRoundViews(pages, deps)
  registerVoteForms(pages, deps)
  registerSuggestionForm(pages, deps)
}

function registerRoundViews(pages: Pages, deps: Deps): void {
  pages.get('/rounds', async ({ res, page }) => {
    requirePage(page, 'patron')
    const { data } = await listRounds(deps.db, { limit: 50 })
    const rounds = data.map((r) => localized(r, page.i18n.locale))
    renderPage(res, page, { title: page.i18n.t('rounds.title') }, <RoundsList page={page} rounds={rounds} />)
  })

  pages.get('/rounds/:id', async ({ req, res, page }) => {
    const session = requirePage(page, 'patron')
    const { id } = parse(idParams, req.params, 'params')
    const view = await roundPage(deps, page, id, session.auth.sub)
    const done = notices.find((n) => n === req.query.done)
    const failed = failures.find((f) => f === req.query.error)
    const notice = done
      ? {
          kind: done === 'suggested' ? ('suggested' as const) : ('quiet' as const),
          text: page.i18n.t(`round.done.${done}` as const),
        }
      : failed
        ? { kind: 'error' as const, text: page.i18n.t(REFUSALS[failed].message) }
        : undefined
    renderPage(
      res,
      page,
      { title: view.round.title, scripts: ['enhance.js'] },
      <RoundBody page={page} view={view} notice={notice} />,
    )
  })
}

function registerVoteForms(pages: Pages, deps: Deps): void {
  pages.post('/rounds/:id/votes', async ({ req, res, page }) => {
    const session = requirePage(page, 'patron')
    const { id } = parse(idParams, req.params, 'params')
    const form = parseForm(voteBody, req.body, page.i18n)
    if (!form.ok) return res.redirect(303, `/rounds/${id}?error=topic`)
    try {
      await castVote(deps.db, { roundId: id, topicId: form.data.topicId, memberId: session.auth.sub })
    } catch (err) {
      const failure = failureOf(err)
      if (!failure) throw err
      return res.redirect(303, `/rounds/${id}?error=${failure}#topic-${form.data.topicId}`)
    }
    res.redirect(303, `/rounds/${id}?done=voted#topic-${form.data.topicId}`)
  })

  pages.post('/rounds/:id/votes/:topicId/withdraw', async ({ req, res, page }) => {
    const session = requirePage(page, 'patron')
    const { id, topicId } = parse(topicParams, req.params, 'params')
    try {
      await withdrawVote(deps.db, { roundId: id, topicId, memberId: session.auth.sub })
    } catch (err) {
      const failure = failureOf(err)
      // Withdrawing a vote that is already gone leaves the page as the reader wanted it.
      if (refusedWith(err, 'vote-not-found')) {
        return res.redirect(303, `/rounds/${id}?done=withdrawn#topic-${topicId}`)
      }
      if (!failure) throw err
      return res.redirect(303, `/rounds/${id}?error=${failure}#topic-${topicId}`)
    }
    res.redirect(303, `/rounds/${id}?done=withdrawn#topic-${topicId}`)
  })
}

function registerSuggestionForm(pages: Pages, deps: Deps): void {
  pages.post('/rounds/:id/suggestions', async ({ req, res, page }) => {
    const session = requirePage(page, 'patron')
    const { id } = parse(idParams, req.params, 'params')
    const form = parseForm(newSuggestionBody, req.body, page.i18n)
    const key = formKey.safeParse((req.body as { key?: unknown }).key)
    let errors: FieldErrors | undefined
    if (form.ok && key.success) {
      const suggestion = { roundId: id, memberId: session.auth.sub, ...form.data }
      try {
        const to = await onceForKey(deps.db, key.data, async (trx) => {
          await suggest(trx, suggestion)
          return `/rounds/${id}?done=suggested#suggest`
        })
        return res.redirect(303, to)
      } catch (err) {
        const failure = failureOf(err)
        if (!failure) throw err
        errors = { title: page.i18n.t(REFUSALS[failure].message) }
      }
    } else {
      errors = form.ok ? {} : form.errors
    }
    const view = await roundPage(deps, page, id, session.auth.sub)
    renderPage(
      res,
      page,
      { title: view.round.title, status: form.ok && key.success ? 409 : 400, scripts: ['enhance.js'] },
      <RoundBody page={page} view={view} suggestion={{ values: formValues(req.body), errors }} />,
    )
  })
}
