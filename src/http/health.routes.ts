import { sql } from 'kysely'
import { z } from 'zod'
import type { Db } from '../db/connect.js'
import { migrationsCurrent } from '../db/migrate.js'
import type { apiRouter } from './router.js'

type Route = ReturnType<typeof apiRouter>['route']

const status = z.object({ status: z.enum(['ok', 'unavailable']), detail: z.string().optional() })

export function registerHealthRoutes(route: Route, db: Db): void {
  // Once migrations are current they stay current for this process's life.
  let migrated = false

  route({
    method: 'get',
    path: '/healthz',
    summary: 'Liveness: the process answers',
    tag: 'health',
    responses: { 200: { description: 'Alive', schema: status } },
    handler: ({ res }) => res.json({ status: 'ok' }),
  })

  route({
    method: 'get',
    path: '/readyz',
    summary: 'Readiness: the database answers and migrations are current',
    tag: 'health',
    responses: {
      200: { description: 'Ready', schema: status },
      503: { description: 'Not ready', schema: status },
    },
    handler: async ({ req, res }) => {
      try {
        await sql`select 1`.execute(db)
        migrated ||= await migrationsCurrent(db)
      } catch (err) {
        req.log.warn({ err }, 'readiness check failed')
        return res.status(503).json({ status: 'unavailable', detail: 'The database does not answer.' })
      }
      if (!migrated) return res.status(503).json({ status: 'unavailable', detail: 'Migrations are pending.' })
      res.json({ status: 'ok' })
    },
  })
}
