import type { StaffRole } from '../db/schema.js'
import type { PageContext } from '../web/context.js'
import { CsrfField, type FieldErrors, TextField } from '../web/forms.js'
import { TableScroll } from '../web/table-scroll.js'
import type { staffPage } from './staff.service.js'

/** The staff page's parts (staff.pages.tsx handles the requests). */
export const roles = ['admin', 'editor', 'analyst'] as const satisfies readonly StaffRole[]
export type StaffFormState = { errors: FieldErrors; values: Record<string, string>; problem?: string }

function RoleSelect(props: { page: PageContext; id: string; value?: string | undefined }) {
  return (
    <select id={props.id} name="role">
      {roles.map((r) => (
        <option key={r} value={r} selected={r === (props.value ?? 'editor')}>
          {props.page.i18n.t(`admin.role.${r}`)}
        </option>
      ))}
    </select>
  )
}

export function StaffTable(props: {
  page: PageContext
  staff: Awaited<ReturnType<typeof staffPage>>
  me: string
}) {
  const { page, staff } = props
  const t = page.i18n.t
  return (
    <TableScroll label={t('admin.staff.title')}>
      <table>
        <caption class="visually-hidden">{t('admin.staff.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('admin.members.email')}</th>
            <th scope="col">{t('admin.staff.role')}</th>
            <th scope="col">{t('admin.staff.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {staff.data.map((s) => (
            <tr key={s.id}>
              <th scope="row">
                {s.email}
                {s.id === props.me ? <span class="muted"> ({t('admin.staff.you')})</span> : null}
              </th>
              <td>
                <form method="post" action="/admin/staff" class="inline-form role-form">
                  <CsrfField page={page} />
                  <input type="hidden" name="email" value={s.email} />
                  <label class="visually-hidden" for={`role-${s.id}`}>
                    {t('admin.staff.roleOf', { email: s.email })}
                  </label>
                  <RoleSelect page={page} id={`role-${s.id}`} value={s.role} />
                  <button type="submit" class="secondary">
                    {t('admin.staff.change')}
                  </button>
                </form>
              </td>
              <td>
                <form method="post" action={`/admin/staff/${s.id}/remove`} class="inline-form">
                  <CsrfField page={page} />
                  <button
                    type="submit"
                    class="secondary danger"
                    aria-label={t('admin.staff.removeWho', { email: s.email })}
                  >
                    {t('admin.staff.remove')}
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  )
}

export function AddStaffForm(props: { page: PageContext; form: StaffFormState | undefined }) {
  const { page, form } = props
  const t = page.i18n.t
  return (
    <form method="post" action="/admin/staff" class="card stack" novalidate>
      <h2>{t('admin.staff.add')}</h2>
      <CsrfField page={page} />
      <TextField
        name="email"
        type="email"
        label={t('admin.members.email')}
        value={form?.values.email}
        error={form?.errors.email}
        required
        autocomplete="off"
        maxLength={254}
      />
      <div class="field">
        <label for="new-role">{t('admin.staff.role')}</label>
        <RoleSelect page={page} id="new-role" value={form?.values.role} />
        <p class="hint">{t('admin.staff.rolesHint')}</p>
      </div>
      <button type="submit" class="primary">
        {t('admin.staff.addButton')}
      </button>
    </form>
  )
}
