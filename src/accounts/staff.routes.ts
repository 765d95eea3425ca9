import { z } from 'zod'
import type { Deps } from '../deps.js'
import { STAFF_ROLES } from '../http/roles.js'
import type { apiRouter } from '../http/router.js'
import { email, idParams, page, pageQuery } from '../http/schemas.js'
import { deliverMails } from '../mail/sender.js'
import { putStaff, removeStaff, staffPage } from './staff.service.js'

type Route = ReturnType<typeof apiRouter>['route']

const staffRole = z.enum(STAFF_ROLES)
const staffView = z.object({
  id: z.string(),
  email: z.string(),
  role: staffRole,
  createdAt: z.string(),
})

export function registerStaffRoutes(route: Route, deps: Deps): void {
  route({
    method: 'get',
    path: '/v1/admin/staff',
    summary: 'List staff accounts, by email',
    tag: 'staff',
    roles: ['admin'],
    query: pageQuery,
    responses: { 200: { description: 'A page of staff accounts', schema: page(staffView) } },
    handler: async ({ query, res }) => {
      res.json(await staffPage(deps.db, query.limit, query.cursor))
    },
  })

  route({
    method: 'post',
    path: '/v1/admin/staff',
    refusals: ['last-admin'],
    summary: 'Create a staff account, or change the role of an existing one',
    tag: 'staff',
    roles: ['admin'],
    body: z.object({ email, role: staffRole }),
    responses: {
      201: { description: 'Created', schema: staffView },
      200: { description: 'The account existed; its role is set', schema: staffView },
      409: { description: 'That would demote the last admin' },
    },
    handler: async ({ body, res }) => {
      const { staff, created, mailId } = await putStaff(deps.db, body.email, body.role, {
        publicUrl: deps.config.publicUrl,
      })
      await deliverMails(deps, [mailId])
      res.status(created ? 201 : 200).json(staff)
    },
  })

  route({
    method: 'delete',
    path: '/v1/admin/staff/:id',
    refusals: ['staff-not-found', 'last-admin'],
    summary: 'Delete a staff account and revoke its sessions',
    tag: 'staff',
    roles: ['admin'],
    params: idParams,
    responses: {
      204: { description: 'Deleted' },
      404: { description: 'No such staff account' },
      409: { description: 'The last admin cannot be deleted' },
    },
    handler: async ({ params, res }) => {
      await removeStaff(deps.db, params.id)
      res.status(204).end()
    },
  })
}
