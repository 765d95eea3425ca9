import type { Translations } from '../db/schema.js'
import type { PageContext } from '../web/context.js'
import { CsrfField, TextField } from '../web/forms.js'
import { TranslationFields } from '../web/translation-fields.js'
import { type FormState, translatedFields } from './admin-rounds.view.js'

const statuses = ['open', 'planned', 'covered', 'declined'] as const

/** A topic's title and description, and the same in the other language: for a new topic or an edit. */
export function TopicWords(props: {
  page: PageContext
  idPrefix: string
  topic?: { title: string; description: string | null; translations?: Translations | undefined }
  form: FormState | undefined
}) {
  const { page, idPrefix, topic, form } = props
  const t = page.i18n.t
  return (
    <>
      <TextField
        id={`${idPrefix}-title`}
        name="title"
        label={t('admin.topic.title')}
        value={form?.values.title ?? topic?.title}
        error={form?.errors.title}
        autofocus={Boolean(form?.errors.title)}
        required
        maxLength={200}
      />
      <TextField
        id={`${idPrefix}-description`}
        name="description"
        label={t('admin.topic.description')}
        value={form?.values.description ?? topic?.description ?? undefined}
        maxLength={5000}
        multiline
      />
      <TranslationFields
        page={page}
        fields={translatedFields(t)}
        values={form?.values}
        stored={topic?.translations}
        errors={form?.errors}
        idPrefix={idPrefix}
      />
    </>
  )
}

/** One topic's editor: title, description (in both languages), status and the story that covered it. */
export function TopicForm(props: {
  page: PageContext
  topic: {
    id: string
    title: string
    description: string | null
    status: (typeof statuses)[number]
    coverageUrl: string | null
    translations?: Translations | undefined
  }
  form?: FormState | undefined
}) {
  const { page, topic, form } = props
  const t = page.i18n.t
  const prefix = `topic-${topic.id}`
  const value = (name: string, stored: string | null) => form?.values[name] ?? stored ?? ''
  return (
    <form method="post" action={`/admin/topics/${topic.id}`} class="stack" id={`${prefix}-form`} novalidate>
      <CsrfField page={page} />
      <TopicWords page={page} idPrefix={prefix} topic={topic} form={form} />
      <div class="field-row">
        <div class="field">
          <label for={`${prefix}-status`}>{t('admin.topic.status')}</label>
          <select id={`${prefix}-status`} name="status">
            {statuses.map((s) => (
              <option key={s} value={s} selected={s === (form?.values.status ?? topic.status)}>
                {t(`admin.topic.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div class={form?.errors.coverageUrl ? 'field grow has-error' : 'field grow'}>
          <label for={`${prefix}-coverage`}>{t('admin.topic.coverageUrl')}</label>
          <p class="hint" id={`${prefix}-coverage-hint`}>
            {t('admin.topic.coverageMails')}
          </p>
          {form?.errors.coverageUrl ? <p class="field-error">{form.errors.coverageUrl}</p> : null}
          <input
            id={`${prefix}-coverage`}
            name="coverageUrl"
            type="url"
            maxLength={2000}
            value={value('coverageUrl', topic.coverageUrl)}
            aria-describedby={`${prefix}-coverage-hint`}
          />
        </div>
      </div>
      <button type="submit" class="primary">
        {t('admin.topic.save')}
      </button>
    </form>
  )
}
