import type { Response } from 'express'
import { z } from 'zod'
import type { StaffRole } from '../db/schema.js'
import type { Deps } from '../deps.js'
import { notFound, refusedWith } from '../http/problems.js'
import { email, id } from '../http/schemas.js'
import { ADMINS, AdminFrame, Notice } from '../web/admin-frame.js'
import type { PageContext } from '../web/context.js'
import { CsrfField, type FieldErrors, parseForm, TextField } from '../web/forms.js'
import { requirePage } from '../web/guard.js'
import type { Pages } from '../web/pages.js'
import { REFUSALS } from '../web/refusals.js'
import { renderPage } from '../web/render.js'
import { putStaff, removeStaff, staffPage } from './staff.service.js'

const roles = ['admin', 'editor', 'analyst'] as const satisfies readonly StaffRole[]
const idParam = z.object({ id })
const staffForm = z.object({ email, role: z.enum(roles) })

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

/** Admins add staff, change their role and remove them; each change holds from the next request. */
export function registerStaffPages(pages: Pages, deps: Deps): void {
  const { db } = deps

  const show = async (
    page: PageContext,
    res: Response,
    query: unknown,
    form?: { errors: FieldErrors; values: Record<string, string>; problem?: string },
  ) => {
    const session = requirePage(page, ADMINS)
    const staff = await staffPage(db, 100, undefined)
    const t = page.i18n.t
    renderPage(
      res,
      page,
      { title: t('admin.staff.title'), wide: true, styles: ['admin.css'], status: form ? 400 : 200 },
      <AdminFrame page={page} title={t('admin.staff.title')} current="/admin/staff">
        <Notice page={page} query={query} />
        {form?.problem ? <p class="banner error">{form.problem}</p> : null}
        <div class="table-scroll">
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
                    {s.id === session.auth.sub ? <span class="muted"> ({t('admin.staff.you')})</span> : null}
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
        </div>
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
      </AdminFrame>,
    )
  }

  pages.get('/admin/staff', ({ req, res, page }) => show(page, res, req.query))

  pages.post('/admin/staff', async ({ req, res, page }) => {
    requirePage(page, ADMINS)
    const form = parseForm(staffForm, req.body, page.i18n)
    if (!form.ok) return show(page, res, {}, form)
    try {
      const { created } = await putStaff(db, form.data.email, form.data.role)
      res.redirect(303, `/admin/staff?done=${created ? 'staff-added' : 'staff-changed'}`)
    } catch (err) {
      if (refusedWith(err, 'last-admin'))
        return show(
          page,
          res,
          {},
          { errors: {}, values: {}, problem: page.i18n.t(REFUSALS[err.code].message) },
        )
      throw err
    }
  })

  pages.post('/admin/staff/:id/remove', async ({ req, res, page }) => {
    requirePage(page, ADMINS)
    const params = idParam.safeParse(req.params)
    if (!params.success) throw notFound()
    try {
      await removeStaff(db, params.data.id)
    } catch (err) {
      if (refusedWith(err, 'last-admin'))
        return show(
          page,
          res,
          {},
          { errors: {}, values: {}, problem: page.i18n.t(REFUSALS[err.code].message) },
        )
      throw err
    }
    res.redirect(303, '/admin/staff?done=staff-removed')
  })
}
