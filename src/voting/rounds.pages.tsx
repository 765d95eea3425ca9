import { z } from 'zod'
import type { Deps } from '../deps.js'
import { Problem } from '../http/problems.js'
import { idParams } from '../http/schemas.js'
import { parse } from '../http/validate.js'
import type { PageContext } from '../web/context.js'
import { formKey, onceForKey } from '../web/form-key.js'
import type { FieldErrors } from '../web/forms.js'
import { formValues, parseForm } from '../web/forms.js'
import { requirePage } from '../web/guard.js'
import type { MessageKey } from '../web/i18n/index.js'
import type { Pages } from '../web/pages.js'
import { renderPage } from '../web/render.js'
import { memberRoundPage } from './round-page.js'
import { RoundBody, type RoundPage } from './round-view.js'
import { listRounds } from './rounds.service.js'
import { newSuggestionBody, voteBody } from './schemas.js'
import { suggest } from './suggestions.service.js'
import { castVote, withdrawVote } from './votes.service.js'

const topicParams = z.object({ id: z.uuid(), topicId: z.uuid() })
const notices = ['voted', 'withdrawn', 'suggested'] as const
const failures = ['budget', 'closed', 'topic', 'entitled', 'limit'] as const

/** A refused vote or suggestion, as the word the page shows it by (or undefined: a real error). */
function failureOf(err: unknown): (typeof failures)[number] | undefined {
  if (!(err instanceof Problem)) return undefined
  if (err.slug === 'vote-budget-exhausted') return 'budget'
  if (err.slug === 'round-closed') return 'closed'
  if (err.slug === 'not-entitled') return 'entitled'
  if (err.slug === 'conflict') return err.code === 'suggestion-limit' ? 'limit' : 'topic'
  if (err.slug === 'not-found' && err.detail.includes('topic')) return 'topic'
  return undefined
}

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

export function registerRoundPages(pages: Pages, deps: Deps): void {
  /** The round page as it is now, with a notice or the suggest form's errors. */
  async function roundPage(page: PageContext, roundId: string, memberId: string): Promise<RoundPage> {
    const view = await memberRoundPage(deps.db, roundId, memberId)
    return { ...view, entitled: page.session?.auth.ent.includes('vote') ?? false }
  }

  pages.get('/rounds', async ({ res, page }) => {
    requirePage(page, 'patron')
    const { data } = await listRounds(deps.db, { limit: 50 })
    renderPage(res, page, { title: page.i18n.t('rounds.title') }, <RoundsList page={page} rounds={data} />)
  })

  pages.get('/rounds/:id', async ({ req, res, page }) => {
    const session = requirePage(page, 'patron')
    const { id } = parse(idParams, req.params, 'params')
    const view = await roundPage(page, id, session.auth.sub)
    const done = notices.find((n) => n === req.query.done)
    const failed = failures.find((f) => f === req.query.error)
    const notice = done
      ? {
          kind: done === 'suggested' ? ('suggested' as const) : ('quiet' as const),
          text: page.i18n.t(`round.done.${done}` as MessageKey),
        }
      : failed
        ? { kind: 'error' as const, text: page.i18n.t(`round.error.${failed}` as MessageKey) }
        : undefined
    renderPage(
      res,
      page,
      { title: view.round.title, scripts: ['enhance.js'] },
      <RoundBody page={page} view={view} notice={notice} />,
    )
  })

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
      if (err instanceof Problem && err.slug === 'not-found' && err.detail.includes('no vote')) {
        return res.redirect(303, `/rounds/${id}?done=withdrawn#topic-${topicId}`)
      }
      if (!failure) throw err
      return res.redirect(303, `/rounds/${id}?error=${failure}#topic-${topicId}`)
    }
    res.redirect(303, `/rounds/${id}?done=withdrawn#topic-${topicId}`)
  })

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
        errors = { title: page.i18n.t(`round.error.${failure}` as MessageKey) }
      }
    } else {
      errors = form.ok ? {} : form.errors
    }
    const view = await roundPage(page, id, session.auth.sub)
    renderPage(
      res,
      page,
      { title: view.round.title, status: form.ok && key.success ? 409 : 400, scripts: ['enhance.js'] },
      <RoundBody page={page} view={view} suggestion={{ values: formValues(req.body), errors }} />,
    )
  })
}
