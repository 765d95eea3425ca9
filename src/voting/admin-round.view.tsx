import type { PageContext } from '../web/context.js'
import { FormKeyField } from '../web/form-key.js'
import { CsrfField } from '../web/forms.js'
import { type FormState, RoundFields, TopicForm } from './admin-rounds.view.js'
import { RankedTopics } from './outcome.view.js'
import type { roundParticipation } from './round-report.repository.js'
import type { staffRoundPage } from './rounds.service.js'
import { participationRate } from './rules.js'

/** One round's staff page (its requests are handled in admin-rounds.pages.tsx). */
type Round = Awaited<ReturnType<typeof staffRoundPage>>

export function RoundSummary(props: {
  page: PageContext
  round: Round
  participation: Awaited<ReturnType<typeof roundParticipation>>
  canExport: boolean
}) {
  const { page, round, participation } = props
  const { i18n } = page
  const t = i18n.t
  const closed = round.state === 'closed'
  return (
    <>
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
        {props.canExport ? (
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
    </>
  )
}

export function RoundTopics(props: { page: PageContext; round: Round; form: FormState | undefined }) {
  const { page, round, form } = props
  const { i18n } = page
  const t = i18n.t
  const closed = round.state === 'closed'
  return (
    <>
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
    </>
  )
}

export function RoundEdit(props: { page: PageContext; round: Round; form: FormState | undefined }) {
  const { page, round, form } = props
  const t = page.i18n.t
  if (round.state === 'closed') return null
  return (
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
  )
}
