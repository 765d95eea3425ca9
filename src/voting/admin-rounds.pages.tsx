import type { Response } from 'express'
import { z } from 'zod'
import type { Deps } from '../deps.js'
import { notFound, Problem } from '../http/problems.js'
import { id } from '../http/schemas.js'
import { AdminFrame, ANALYSTS, canOpen, EDITORS, Notice } from '../web/admin-frame.js'
import type { PageContext } from '../web/context.js'
import { FormKeyField, formKey, onceForKey } from '../web/form-key.js'
import { CsrfField, type FieldErrors, formValues } from '../web/forms.js'
import { requirePage } from '../web/guard.js'
import type { Pages } from '../web/pages.js'
import { renderPage } from '../web/render.js'
import { fromLocalInput } from '../web/zoned-time.js'
import { RoundFields, TopicForm } from './admin-rounds.view.js'
import { RankedTopics } from './outcome.view.js'
import { roundParticipation } from './round-report.repository.js'
import * as repo from './rounds.repository.js'
import { addTopic, createRound, staffRoundPage, updateRound, updateTopic } from './rounds.service.js'
import { participationRate } from './rules.js'
import { newRoundBody, newTopicBody, roundPatchBody, topicPatchBody } from './schemas.js'
import { roundView } from './views.js'

const idParam = z.object({ id })
type FormState = { errors: FieldErrors; values: Record<string, string>; problem?: string }

/** A round form's fields as the API takes them: dates typed in the newsroom's time zone. */
function roundInput(body: Record<string, string>, timeZone: string) {
  const date = (v: string | undefined) => (v ? (fromLocalInput(v, timeZone)?.toISOString() ?? v) : undefined)
  return {
    title: body.title || undefined,
    description: body.description ?? undefined,
    opensAt: date(body.opensAt),
    closesAt: date(body.closesAt),
    votesPerMember: body.votesPerMember ? Number(body.votesPerMember) : undefined,
    resultsVisibility: body.resultsVisibility || undefined,
  }
}

function zodErrors(error: z.ZodError, t: PageContext['i18n']['t']): FieldErrors {
  const errors: FieldErrors = {}
  for (const issue of error.issues) errors[String(issue.path[0] ?? 'form')] ??= t('form.invalid')
  return errors
}

/** A rule of the service said no (409 round closed, a conflict, a 400): the form again, with why. */
async function orProblem(action: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await action()
    return undefined
  } catch (err) {
    if (err instanceof Problem && err.status < 500 && err.status !== 404) return err.detail
    throw err
  }
}

export function registerAdminRoundPages(pages: Pages, deps: Deps): void {
  const { db } = deps
  const timeZone = deps.config.site.timeZone

  const showList = async (page: PageContext, res: Response, query: unknown, form?: FormState) => {
    requirePage(page, EDITORS)
    const rounds = (await repo.listRounds(db, 100)).slice(0, 100).map(roundView)
    const { i18n } = page
    const t = i18n.t
    renderPage(
      res,
      page,
      { title: t('admin.rounds.title'), wide: true, styles: ['admin.css'], status: form ? 400 : 200 },
      <AdminFrame page={page} title={t('admin.rounds.title')} current="/admin/rounds">
        <Notice page={page} query={query} />
        {rounds.length === 0 ? <p class="muted">{t('admin.rounds.none')}</p> : null}
        <ul class="plain-list rounds-list">
          {rounds.map((r) => (
            <li key={r.id}>
              <a href={`/admin/rounds/${r.id}`}>{r.title}</a>{' '}
              <span class={`status status-${r.state}`}>{t(`admin.round.${r.state}`)}</span>
              <br />
              <span class="muted">
                {i18n.dateTime(r.opensAt)} – {i18n.dateTime(r.closesAt)}
              </span>
            </li>
          ))}
        </ul>
        <form method="post" action="/admin/rounds" class="card stack" novalidate>
          <h2>{t('admin.rounds.new')}</h2>
          <CsrfField page={page} />
          <FormKeyField value={form?.values.key} />
          {form?.problem ? <p class="banner error">{form.problem}</p> : null}
          <RoundFields page={page} values={form?.values} errors={form?.errors} />
          <button type="submit" class="primary">
            {t('admin.rounds.create')}
          </button>
        </form>
      </AdminFrame>,
    )
  }

  const showRound = async (
    page: PageContext,
    res: Response,
    roundId: string,
    query: unknown,
    form?: FormState,
  ) => {
    const session = requirePage(page, EDITORS)
    const [round, participation] = await Promise.all([
      staffRoundPage(db, roundId),
      roundParticipation(db, roundId),
    ])
    const { i18n } = page
    const t = i18n.t
    const closed = round.state === 'closed'
    renderPage(
      res,
      page,
      { title: round.title, wide: true, styles: ['admin.css'], status: form ? 400 : 200 },
      <AdminFrame page={page} title={round.title} current="/admin/rounds">
        <Notice page={page} query={query} />
        {form?.problem ? <p class="banner error">{form.problem}</p> : null}
        <p>
          <span class={`status status-${round.state}`}>{t(`admin.round.${round.state}`)}</span>{' '}
          {i18n.dateTime(round.opensAt)} – {i18n.dateTime(round.closesAt)}
        </p>
        <p>
          {t('admin.dash.participation', {
            voters: participation.voters,
            eligible: participation.eligibleVoters,
            rate: new Intl.NumberFormat(i18n.locale, { style: 'percent', maximumFractionDigits: 1 }).format(
              participationRate(participation.voters, participation.eligibleVoters),
            ),
          })}
        </p>
        <p class="button-row">
          <a class="button secondary" href={`/rounds/${round.id}/outcome`}>
            {t('admin.rounds.publicOutcome')}
          </a>
          {canOpen(session.auth.role, ANALYSTS) ? (
            <a class="button secondary" href={`/admin/exports/rounds/${round.id}/votes.csv`} download>
              {t('admin.rounds.exportVotes')}
            </a>
          ) : null}
          {!closed ? (
            <form method="post" action={`/admin/rounds/${round.id}/close`} class="inline-form">
              <CsrfField page={page} />
              <button type="submit" class="secondary">
                {t('admin.rounds.closeNow')}
              </button>
            </form>
          ) : null}
        </p>

        <section aria-labelledby="outcome-heading">
          <h2 id="outcome-heading">{t('admin.rounds.outcome')}</h2>
          {round.topics.length === 0 ? <p class="muted">{t('admin.rounds.noTopics')}</p> : null}
          <RankedTopics i18n={i18n} topics={round.topics} />
        </section>

        <section aria-labelledby="topics-heading">
          <h2 id="topics-heading">{t('admin.rounds.topics')}</h2>
          <ul class="cards">
            {round.topics.map((topic) => (
              <li key={topic.id} class="card">
                <TopicForm page={page} topic={topic} />
              </li>
            ))}
          </ul>
          {!closed ? (
            <form method="post" action={`/admin/rounds/${round.id}/topics`} class="card stack" novalidate>
              <h3>{t('admin.rounds.addTopic')}</h3>
              <CsrfField page={page} />
              <FormKeyField />
              <div class={form?.errors.topicTitle ? 'field has-error' : 'field'}>
                <label for="topic-title">{t('admin.topic.title')}</label>
                {form?.errors.topicTitle ? <p class="field-error">{form.errors.topicTitle}</p> : null}
                <input id="topic-title" name="title" type="text" required maxLength={200} />
              </div>
              <div class="field">
                <label for="topic-description">{t('admin.topic.description')}</label>
                <textarea id="topic-description" name="description" rows={3} maxLength={5000} />
              </div>
              <button type="submit" class="primary">
                {t('admin.rounds.addTopic')}
              </button>
            </form>
          ) : null}
        </section>

        {!closed ? (
          <details class="card">
            <summary>{t('admin.rounds.edit')}</summary>
            <form method="post" action={`/admin/rounds/${round.id}`} class="stack" novalidate>
              <CsrfField page={page} />
              <RoundFields page={page} round={round} values={form?.values} errors={form?.errors} />
              <button type="submit" class="primary">
                {t('admin.save')}
              </button>
            </form>
          </details>
        ) : null}
      </AdminFrame>,
    )
  }

  const roundId = (params: unknown) => {
    const parsed = idParam.safeParse(params)
    if (!parsed.success) throw notFound()
    return parsed.data.id
  }

  pages.get('/admin/rounds', ({ req, res, page }) => showList(page, res, req.query))

  pages.post('/admin/rounds', async ({ req, res, page }) => {
    requirePage(page, EDITORS)
    const body = formValues(req.body)
    const input = newRoundBody.safeParse(roundInput(body, timeZone))
    const key = formKey.safeParse(body.key)
    if (!input.success || !key.success) {
      const errors = input.success ? {} : zodErrors(input.error, page.i18n.t)
      return showList(page, res, {}, { errors, values: body })
    }
    const round = input.data
    const to = await onceForKey(db, key.data, async (trx) => {
      const created = await createRound(trx, round)
      return `/admin/rounds/${created.id}?done=round-created`
    })
    res.redirect(303, to)
  })

  pages.get('/admin/rounds/:id', ({ req, res, page }) => showRound(page, res, roundId(req.params), req.query))

  pages.post('/admin/rounds/:id', async ({ req, res, page }) => {
    requirePage(page, EDITORS)
    const id = roundId(req.params)
    const body = formValues(req.body)
    const input = roundPatchBody.safeParse(roundInput(body, timeZone))
    if (!input.success)
      return showRound(page, res, id, {}, { errors: zodErrors(input.error, page.i18n.t), values: body })
    const problem = await orProblem(() => updateRound(db, id, input.data))
    if (problem) return showRound(page, res, id, {}, { errors: {}, values: body, problem })
    res.redirect(303, `/admin/rounds/${id}?done=saved`)
  })

  pages.post('/admin/rounds/:id/close', async ({ req, res, page }) => {
    requirePage(page, EDITORS)
    const id = roundId(req.params)
    const problem = await orProblem(() => updateRound(db, id, { closesAt: new Date() }))
    if (problem) return showRound(page, res, id, {}, { errors: {}, values: {}, problem })
    res.redirect(303, `/admin/rounds/${id}?done=round-closed`)
  })

  pages.post('/admin/rounds/:id/topics', async ({ req, res, page }) => {
    requirePage(page, EDITORS)
    const id = roundId(req.params)
    const body = formValues(req.body)
    const input = newTopicBody.safeParse({
      title: body.title ?? '',
      description: body.description || undefined,
    })
    const key = formKey.safeParse(body.key)
    if (!input.success || !key.success) {
      return showRound(
        page,
        res,
        id,
        {},
        { errors: { topicTitle: page.i18n.t('form.required') }, values: {} },
      )
    }
    const topic = input.data
    let to = ''
    const problem = await orProblem(async () => {
      to = await onceForKey(db, key.data, async (trx) => {
        await addTopic(trx, id, topic)
        return `/admin/rounds/${id}?done=topic-added`
      })
    })
    if (problem) return showRound(page, res, id, {}, { errors: {}, values: {}, problem })
    res.redirect(303, to)
  })

  pages.post('/admin/topics/:id', async ({ req, res, page }) => {
    requirePage(page, EDITORS)
    const id = roundId(req.params)
    const topic = await repo.findTopic(db, id)
    if (!topic) throw notFound()
    const body = formValues(req.body)
    const input = topicPatchBody.safeParse({
      title: body.title || undefined,
      description: body.description ?? undefined,
      status: body.status || undefined,
      coverageUrl: body.coverageUrl ? body.coverageUrl : null,
    })
    const problem = input.success
      ? await orProblem(() => updateTopic(db, id, input.data))
      : page.i18n.t('admin.topic.invalid')
    if (problem) return showRound(page, res, topic.round_id, {}, { errors: {}, values: {}, problem })
    res.redirect(303, `/admin/rounds/${topic.round_id}?done=saved#topic-${id}`)
  })
}
