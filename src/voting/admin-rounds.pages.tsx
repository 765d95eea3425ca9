import type { Response } from 'express'
import { z } from 'zod'
import type { Db } from '../db/connect.js'
import type { Deps } from '../deps.js'
import { notFound, Problem } from '../http/problems.js'
import { may } from '../http/roles.js'
import { id } from '../http/schemas.js'
import { ANALYSTS, EDITORS, Notice, renderAdminPage } from '../web/admin-frame.js'
import type { PageContext } from '../web/context.js'
import { formKey, onceForKey } from '../web/form-key.js'
import { type FieldErrors, formValues } from '../web/forms.js'
import { requirePage } from '../web/guard.js'
import type { Pages } from '../web/pages.js'
import { describeRefusal } from '../web/refusals.js'
import { issueField, translationsFromForm } from '../web/translation-fields.js'
import { fromLocalInput } from '../web/zoned-time.js'
import { RoundEdit, RoundSummary, RoundTopics } from './admin-round.view.js'
import { type FormState, NEW_TOPIC, RoundsList } from './admin-rounds.view.js'
import { roundParticipation } from './round-report.repository.js'
import * as repo from './rounds.repository.js'
import { addTopic, createRound, staffRoundPage, updateRound, updateTopic } from './rounds.service.js'
import { newRoundBody, newTopicBody, roundPatchBody, topicPatchBody } from './schemas.js'
import { findTopic } from './topics.repository.js'
import { roundView } from './views.js'

const idParam = z.object({ id })

const TRANSLATED = ['title', 'description']

/**
 * The `translations` a round or topic form posted (`title.uk`...), or none when it had no such
 * fields: a post without them leaves the stored ones alone rather than clearing them.
 */
function postedTranslations(body: unknown) {
  const posted = translationsFromForm(body, TRANSLATED)
  return Object.keys(posted).length > 0 ? posted : undefined
}

/** A round form's fields as the API takes them: dates typed in the newsroom's time zone. */
function roundInput(body: Record<string, string>, timeZone: string) {
  const date = (v: string | undefined) => (v ? (fromLocalInput(v, timeZone)?.toISOString() ?? v) : undefined)
  return {
    title: body.title || undefined,
    description: body.description ?? undefined,
    translations: postedTranslations(body),
    opensAt: date(body.opensAt),
    closesAt: date(body.closesAt),
    votesPerMember: body.votesPerMember ? Number(body.votesPerMember) : undefined,
    resultsVisibility: body.resultsVisibility || undefined,
  }
}

/** The new-round form's first topics: one title a line, blank lines skipped. */
function topicLines(text: string | undefined) {
  return (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((title) => ({ title }))
}

function zodErrors(error: z.ZodError, t: PageContext['i18n']['t']): FieldErrors {
  const errors: FieldErrors = {}
  for (const issue of error.issues) {
    const field = issueField(issue.path)
    // The one rule between two fields gets its own words, not "This value is not valid".
    errors[field] ??=
      field === 'closesAt' && issue.code === 'custom'
        ? t('admin.problem.closesBeforeOpens')
        : issue.code === 'invalid_type' && issue.input === undefined
          ? t('form.required')
          : issue.code === 'too_big' && issue.origin === 'string'
            ? t('form.tooLong', { max: Number(issue.maximum) })
            : t('form.invalid')
  }
  return errors
}

/** The fields of the round form, where a refusal is shown next to its field. */
const ROUND_FIELDS = ['opensAt', 'closesAt', 'votesPerMember']
const TOPIC_FIELDS = ['coverageUrl']

/** A topic edit that did not parse: its translations' errors by field, anything else said once. */
function topicInvalid(error: z.ZodError, t: PageContext['i18n']['t']): Omit<FormState, 'values'> {
  const errors = zodErrors(error, t)
  const translationsOnly = error.issues.every((issue) => issue.path[0] === 'translations')
  return translationsOnly ? { errors } : { errors, problem: t('admin.topic.invalid') }
}

/**
 * A rule of the service said no (409 round closed, a conflict, a 400): the form again, with why in the
 * reader's language, next to its field when the form has it. A 404 or a 5xx is an error page.
 */
async function orRefusal(
  page: PageContext,
  action: () => Promise<unknown>,
  fields: readonly string[] = [],
): Promise<Omit<FormState, 'values'> | undefined> {
  try {
    await action()
    return undefined
  } catch (err) {
    if (!(err instanceof Problem) || err.status >= 500 || err.status === 404) throw err
    const { message, field } = describeRefusal(err, page.i18n)
    return field && fields.includes(field)
      ? { errors: { [field]: message } }
      : { errors: {}, problem: message }
  }
}

async function showList(db: Db, page: PageContext, res: Response, query: unknown, form?: FormState) {
  requirePage(page, EDITORS)
  const rounds = (await repo.listRounds(db, 100)).slice(0, 100).map(roundView)
  const { i18n } = page
  const t = i18n.t
  renderAdminPage(
    res,
    page,
    { title: t('admin.rounds.title'), current: '/admin/rounds', status: form ? 400 : 200 },
    <>
      <Notice page={page} query={query} />
      <RoundsList page={page} rounds={rounds} form={form} />
    </>,
  )
}

async function showRound(
  db: Db,
  page: PageContext,
  res: Response,
  roundId: string,
  query: unknown,
  form?: FormState,
) {
  const session = requirePage(page, EDITORS)
  const [round, participation] = await Promise.all([
    staffRoundPage(db, roundId),
    roundParticipation(db, roundId),
  ])
  renderAdminPage(
    res,
    page,
    { title: round.title, current: '/admin/rounds', status: form ? 400 : 200 },
    <>
      <Notice page={page} query={query} />
      {form?.problem ? <p class="banner error">{form.problem}</p> : null}
      <RoundSummary
        page={page}
        round={round}
        participation={participation}
        canExport={may(session.auth.role, ANALYSTS)}
      />
      <RoundTopics page={page} round={round} form={form} />
      <RoundEdit page={page} round={round} form={form} />
    </>,
  )
}

const roundId = (params: unknown) => {
  const parsed = idParam.safeParse(params)
  if (!parsed.success) throw notFound()
  return parsed.data.id
}

export function registerAdminRoundPages(pages: Pages, deps: Deps): void {
  registerRoundFormPages(pages, deps)
  registerTopicFormPages(pages, deps)
}

function registerRoundFormPages(pages: Pages, deps: Deps): void {
  const { db } = deps
  const timeZone = deps.config.site.timeZone

  pages.get('/admin/rounds', ({ req, res, page }) => showList(db, page, res, req.query))

  pages.post('/admin/rounds', async ({ req, res, page }) => {
    requirePage(page, EDITORS)
    const body = formValues(req.body)
    const input = newRoundBody.safeParse({ ...roundInput(body, timeZone), topics: topicLines(body.topics) })
    const key = formKey.safeParse(body.key)
    if (!input.success || !key.success) {
      const errors = input.success ? {} : zodErrors(input.error, page.i18n.t)
      return showList(db, page, res, {}, { errors, values: body })
    }
    const round = input.data
    const to = await onceForKey(db, key.data, async (trx) => {
      const created = await createRound(trx, round)
      return `/admin/rounds/${created.id}?done=round-created`
    })
    res.redirect(303, to)
  })

  pages.get('/admin/rounds/:id', ({ req, res, page }) =>
    showRound(db, page, res, roundId(req.params), req.query),
  )

  pages.post('/admin/rounds/:id', async ({ req, res, page }) => {
    requirePage(page, EDITORS)
    const id = roundId(req.params)
    const body = formValues(req.body)
    const input = roundPatchBody.safeParse(roundInput(body, timeZone))
    if (!input.success)
      return showRound(db, page, res, id, {}, { errors: zodErrors(input.error, page.i18n.t), values: body })
    const refused = await orRefusal(page, () => updateRound(db, id, input.data), ROUND_FIELDS)
    if (refused) return showRound(db, page, res, id, {}, { ...refused, values: body })
    res.redirect(303, `/admin/rounds/${id}?done=saved`)
  })

  pages.post('/admin/rounds/:id/close', async ({ req, res, page }) => {
    requirePage(page, EDITORS)
    const id = roundId(req.params)
    const refused = await orRefusal(page, () => updateRound(db, id, { closesAt: new Date() }))
    if (refused) return showRound(db, page, res, id, {}, { ...refused, values: {} })
    res.redirect(303, `/admin/rounds/${id}?done=round-closed`)
  })
}

function registerTopicFormPages(pages: Pages, { db }: Deps): void {
  pages.post('/admin/rounds/:id/topics', async ({ req, res, page }) => {
    requirePage(page, EDITORS)
    const id = roundId(req.params)
    const body = formValues(req.body)
    const input = newTopicBody.safeParse({
      title: body.title ?? '',
      description: body.description || undefined,
      translations: postedTranslations(body),
    })
    const key = formKey.safeParse(body.key)
    if (!input.success || !key.success) {
      const errors = input.success ? {} : zodErrors(input.error, page.i18n.t)
      return showRound(db, page, res, id, {}, { errors, values: body, topicId: NEW_TOPIC })
    }
    const topic = input.data
    let to = ''
    const refused = await orRefusal(page, async () => {
      to = await onceForKey(db, key.data, async (trx) => {
        await addTopic(trx, id, topic)
        return `/admin/rounds/${id}?done=topic-added`
      })
    })
    if (refused) return showRound(db, page, res, id, {}, { ...refused, values: body, topicId: NEW_TOPIC })
    res.redirect(303, to)
  })

  pages.post('/admin/topics/:id', async ({ req, res, page }) => {
    requirePage(page, EDITORS)
    const id = roundId(req.params)
    const topic = await findTopic(db, id)
    if (!topic) throw notFound()
    const body = formValues(req.body)
    const input = topicPatchBody.safeParse({
      title: body.title || undefined,
      description: body.description ?? undefined,
      status: body.status || undefined,
      coverageUrl: body.coverageUrl ? body.coverageUrl : null,
      translations: postedTranslations(body),
    })
    const refused = input.success
      ? await orRefusal(page, () => updateTopic(db, id, input.data), TOPIC_FIELDS)
      : topicInvalid(input.error, page.i18n.t)
    if (refused)
      return showRound(db, page, res, topic.round_id, {}, { ...refused, values: body, topicId: id })
    res.redirect(303, `/admin/rounds/${topic.round_id}?done=saved#topic-${id}`)
  })
}
