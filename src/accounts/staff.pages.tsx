import type { Response } from 'express'
import { z } from 'zod'
import type { Deps } from '../deps.js'
import { notFound, refusedWith } from '../http/problems.js'
import { email, id } from '../http/schemas.js'
import { deliverMails } from '../mail/sender.js'
import { ADMINS, Notice, renderAdminPage } from '../web/admin-frame.js'
import type { PageContext } from '../web/context.js'
import { parseForm } from '../web/forms.js'
import { requirePage } from '../web/guard.js'
import type { Pages } from '../web/pages.js'
import { REFUSALS } from '../web/refusals.js'
import { putStaff, removeStaff, staffPage } from './staff.service.js'
import { AddStaffForm, roles, type StaffFormState, StaffTable } from './staff.view.js'

const idParam = z.object({ id })
const staffForm = z.object({ email, role: z.enum(roles) })

/** Admins add staff, change their role and remove them; each change holds from the next request. */
export function registerStaffPages(pages: Pages, deps: Deps): void {
  const { db } = deps

  const show = async (page: PageContext, res: Response, query: unknown, form?: StaffFormState) => {
    const session = requirePage(page, ADMINS)
    const staff = await staffPage(db, 100, undefined)
    const t = page.i18n.t
    renderAdminPage(
      res,
      page,
      { title: t('admin.staff.title'), current: '/admin/staff', status: form ? 400 : 200 },
      <>
        <Notice page={page} query={query} />
        {form?.problem ? <p class="banner error">{form.problem}</p> : null}
        <StaffTable page={page} staff={staff} me={session.auth.sub} />
        <AddStaffForm page={page} form={form} />
      </>,
    )
  }

  pages.get('/admin/staff', ({ req, res, page }) => show(page, res, req.query))

  pages.post('/admin/staff', async ({ req, res, page }) => {
    requirePage(page, ADMINS)
    const form = parseForm(staffForm, req.body, page.i18n)
    if (!form.ok) return show(page, res, {}, form)
    try {
      const { created, mailId } = await putStaff(db, form.data.email, form.data.role, {
        publicUrl: deps.config.publicUrl,
        locale: page.i18n.locale,
      })
      await deliverMails(deps, [mailId])
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
