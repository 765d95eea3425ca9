import type { PageContext } from '../web/context.js'
import { FormKeyField } from '../web/form-key.js'
import { CsrfField } from '../web/forms.js'
import { type FormState, NEW_TOPIC, RoundFields, stateFor } from './admin-rounds.view.js'
import { TopicForm, TopicWords } from './admin-topic.view.js'
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

/**
 * The round's topics as one list in the order of the ranking, each with its editor in place (closed
 * until opened, so the page stays short on a phone), then the form adding a topic.
 */
export function RoundTopics(props: { page: PageContext; round: Round; form: FormState | undefined }) {
  const { page, round, form } = props
  const { i18n } = page
  const t = i18n.t
  return (
    <section aria-labelledby="topics-heading">
      <h2 id="topics-heading">{t('admin.rounds.topics')}</h2>
      {round.topics.length === 0 ? <p class="muted">{t('admin.rounds.noTopics')}</p> : null}
      <RankedTopics
        i18n={i18n}
        topics={round.topics}
        editor={(topic) => {
          const own = stateFor(form, topic.id)
          return (
            <details class="topic-edit" open={own ? true : undefined}>
              <summary>{t('admin.topic.edit')}</summary>
              <TopicForm page={page} topic={topic} form={own} />
            </details>
          )
        }}
      />
      {round.state !== 'closed' ? (
        <NewTopicForm page={page} roundId={round.id} form={stateFor(form, NEW_TOPIC)} />
      ) : null}
    </section>
  )
}

function NewTopicForm(props: { page: PageContext; roundId: string; form: FormState | undefined }) {
  const { page, form } = props
  const t = page.i18n.t
  return (
    <form method="post" action={`/admin/rounds/${props.roundId}/topics`} class="card stack" novalidate>
      <h3>{t('admin.rounds.addTopic')}</h3>
      <CsrfField page={page} />
      <FormKeyField value={form?.values.key} />
      <TopicWords page={page} idPrefix="topic" form={form} />
      <button type="submit" class="primary">
        {t('admin.rounds.addTopic')}
      </button>
    </form>
  )
}

export function RoundEdit(props: { page: PageContext; round: Round; form: FormState | undefined }) {
  const { page, round, form } = props
  const t = page.i18n.t
  if (round.state === 'closed') return null
  const own = stateFor(form)
  return (
    <details class="card" open={own ? true : undefined}>
      <summary>{t('admin.rounds.edit')}</summary>
      <form method="post" action={`/admin/rounds/${round.id}`} class="stack" novalidate>
        <CsrfField page={page} />
        <RoundFields page={page} round={round} values={own?.values} errors={own?.errors} />
        <button type="submit" class="primary">
          {t('admin.save')}
        </button>
      </form>
    </details>
  )
}
