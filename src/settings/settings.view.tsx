import type { PageContext } from '../web/context.js'
import { FormKeyField } from '../web/form-key.js'
import { CsrfField, type FieldErrors, TextField } from '../web/forms.js'
import type { Newsroom } from '../web/newsroom.js'

export type SettingsValues = Record<
  'name' | 'url' | 'appealEn' | 'appealUk' | 'accent' | 'senderName' | 'key',
  string
>

export const settingsValues = (n: Newsroom): SettingsValues => ({
  name: n.name,
  url: n.url ?? '',
  appealEn: n.appeal.en ?? '',
  appealUk: n.appeal.uk ?? '',
  accent: n.accent,
  senderName: n.senderName,
  key: '',
})

/** The newsroom's settings form; the first field with an error takes the focus. */
export function SettingsForm(props: { page: PageContext; values: SettingsValues; errors?: FieldErrors }) {
  const { page, values, errors = {} } = props
  const t = page.i18n.t
  const first = ['name', 'url', 'appealEn', 'appealUk', 'accent', 'senderName'].find((f) => errors[f])
  const field = (name: keyof SettingsValues) => ({
    name,
    value: values[name],
    error: errors[name],
    autofocus: first === name,
  })
  return (
    <form method="post" action="/admin/settings" class="stack narrow" noValidate>
      <CsrfField page={page} />
      <FormKeyField value={values.key} />
      <TextField {...field('name')} label={t('admin.settings.name')} required maxLength={100} />
      <TextField
        {...field('url')}
        label={t('admin.settings.url')}
        hint={t('admin.settings.urlHint')}
        maxLength={300}
      />
      <TextField
        {...field('appealEn')}
        label={t('admin.settings.appealEn')}
        hint={t('admin.settings.appealHint')}
        multiline
        maxLength={600}
      />
      <TextField {...field('appealUk')} label={t('admin.settings.appealUk')} multiline maxLength={600} />
      <TextField
        {...field('accent')}
        label={t('admin.settings.accent')}
        hint={t('admin.settings.accentHint')}
        required
        maxLength={7}
      />
      <TextField
        {...field('senderName')}
        label={t('admin.settings.senderName')}
        hint={t('admin.settings.senderNameHint')}
        required
        maxLength={100}
      />
      <button type="submit" class="primary">
        {t('admin.settings.save')}
      </button>
    </form>
  )
}
