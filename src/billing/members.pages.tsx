import { z } from 'zod'
import type { Deps } from '../deps.js'
import { notFound } from '../http/problems.js'
import { may } from '../http/roles.js'
import { id } from '../http/schemas.js'
import { MemberSupport } from '../support/member-support.js'
import { ADMINS, ANALYSTS, Notice, renderAdminPage } from '../web/admin-frame.js'
import type { PageContext } from '../web/context.js'
import { formKey, onceForKey } from '../web/form-key.js'
import { requirePage } from '../web/guard.js'
import type { Pages } from '../web/pages.js'
import { fromLocalInput } from '../web/zoned-time.js'
import { GrantCompForm, MemberComps, MemberFacts, MemberHistory, MemberSubscriptions } from './member.view.js'
import { memberCustomer } from './members.repository.js'
import { membersQuery } from './members.routes.js'
import { endCompNow, grantComp, listMembers, memberDetail } from './members.service.js'
import { type CompFormState, MembersFilters, MembersTable, stripeCustomerUrl } from './members.view.js'
import { tiersView } from './tiers.service.js'

const idParam = z.object({ id })
const compParams = z.object({ id, compId: id })
const compForm = z.object({ until: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), tierId: id.optional() })

export function registerMemberPages(pages: Pages, deps: Deps): void {
  registerMemberListPage(pages, deps)
  registerMemberDetailPages(pages, deps)
}

function registerMemberListPage(pages: Pages, deps: Deps): void {
  const { db } = deps
  pages.get('/admin/members', async ({ req, res, page }) => {
    requirePage(page, ANALYSTS)
    const parsed = membersQuery.safeParse(req.query)
    const query = parsed.success ? parsed.data : { limit: 50 }
    const [list, tiers] = await Promise.all([
      listMembers(db, { ...query, limit: 50 }),
      tiersView(db, 'all', true),
    ])
    const t = page.i18n.t
    const keep = new URLSearchParams(
      Object.entries({ q: query.q, status: query.status, tierId: query.tierId }).flatMap(([k, v]) =>
        v ? [[k, v]] : [],
      ),
    )
    renderAdminPage(
      res,
      page,
      { title: t('admin.members.title'), current: '/admin/members' },
      <>
        <MembersFilters page={page} query={query} tiers={tiers} />
        <MembersTable page={page} list={list} keep={keep} />
      </>,
    )
  })
}

function registerMemberDetailPages(pages: Pages, deps: Deps): void {
  const { db } = deps
  const showMember = async (
    page: PageContext,
    res: Parameters<Parameters<Pages['get']>[1]>[0]['res'],
    memberId: string,
    query: unknown,
    form?: CompFormState,
  ) => {
    const session = requirePage(page, ANALYSTS)
    const [member, customer, tiers] = await Promise.all([
      memberDetail(db, memberId),
      memberCustomer(db, memberId),
      tiersView(db, 'all', true),
    ])
    const isAdmin = may(session.auth.role, ADMINS)
    const now = Date.now()
    renderAdminPage(
      res,
      page,
      { title: member.email, current: '/admin/members', status: form ? 400 : 200 },
      <>
        <Notice page={page} query={query} />
        <MemberFacts
          page={page}
          member={member}
          customerUrl={
            customer?.stripe_customer_id ? stripeCustomerUrl(deps, customer.stripe_customer_id) : undefined
          }
        />
        <MemberSubscriptions page={page} member={member} />
        <MemberHistory page={page} member={member} />
        <MemberSupport i18n={page.i18n} support={member} />
        <MemberComps page={page} member={member} isAdmin={isAdmin} now={now} />
        {isAdmin ? <GrantCompForm page={page} member={member} tiers={tiers} form={form} /> : null}
      </>,
    )
  }

  pages.get('/admin/members/:id', async ({ req, res, page }) => {
    const params = idParam.safeParse(req.params)
    if (!params.success) throw notFoundPage()
    await showMember(page, res, params.data.id, req.query)
  })

  pages.post('/admin/members/:id/comps', async ({ req, res, page }) => {
    const session = requirePage(page, ADMINS)
    const params = idParam.safeParse(req.params)
    if (!params.success) throw notFoundPage()
    const body = req.body as Record<string, string>
    const parsed = compForm.safeParse({ until: body.until, tierId: body.tierId || undefined })
    // The comp runs to the end of the chosen day in the newsroom's time zone.
    const until = parsed.success
      ? fromLocalInput(`${parsed.data.until}T23:59`, deps.config.site.timeZone)
      : undefined
    const key = formKey.safeParse(body.key)
    if (!parsed.success || !until || until.getTime() <= Date.now() || !key.success) {
      const error = page.i18n.t('admin.members.compUntilError')
      return showMember(page, res, params.data.id, {}, { errors: { until: error }, values: body })
    }
    const memberId = params.data.id
    const comp = { until, tierId: parsed.data.tierId }
    const to = await onceForKey(db, key.data, async (trx) => {
      await grantComp(trx, memberId, comp, session.auth.sub)
      return `/admin/members/${memberId}?done=comp-granted`
    })
    res.redirect(303, to)
  })

  pages.post('/admin/members/:id/comps/:compId/end', async ({ req, res, page }) => {
    requirePage(page, ADMINS)
    const params = compParams.safeParse(req.params)
    if (!params.success) throw notFoundPage()
    await endCompNow(db, params.data.id, params.data.compId)
    res.redirect(303, `/admin/members/${params.data.id}?done=comp-ended`)
  })
}

const notFoundPage = () => notFound()
