/**
 * Child process of the staff-auth bench: the staff routes mounted as the service mounts them
 * (pino-http, helmet, JSON bodies, the API router, problem+json errors) on DATABASE_URL, with the
 * staff role either read from the database on every request, as the service does
 * (STAFF_ROLE_FROM=database), or taken from the token, as before that check (STAFF_ROLE_FROM=token;
 * the bench's token is an admin's). Nothing else differs, so the two isolate the lookup's cost.
 */
import express from 'express'
import helmet from 'helmet'
import { pinoHttp } from 'pino-http'
import { currentStaffRole } from '../src/accounts/staff.repository.js'
import { registerStaffRoutes } from '../src/accounts/staff.routes.js'
import { loadConfig } from '../src/config.js'
import { connectDatabase } from '../src/db/connect.js'
import { createDeps } from '../src/deps.js'
import { createClassifier, createErrorHandler, notFoundHandler } from '../src/http/error-handler.js'
import { registerHealthRoutes } from '../src/http/health.routes.js'
import { createRegistry } from '../src/http/openapi.js'
import { createRouteTable } from '../src/http/route-table.js'
import { apiRouter } from '../src/http/router.js'
import { createLogger } from '../src/logger.js'

const config = loadConfig()
const db = connectDatabase({ url: config.databaseUrl! })
const deps = createDeps(config, db, createLogger(config))
const fromDatabase = process.env.STAFF_ROLE_FROM !== 'token'

const app = express()
app.use(pinoHttp({ logger: deps.logger }), helmet(), express.json({ limit: '100kb' }))
const api = apiRouter({
  registry: createRegistry(),
  tokens: deps.tokens,
  staffRoleOf: fromDatabase ? (id) => currentStaffRole(db, id) : async () => 'admin',
  // The Express path only: both runs walk the same router.
  table: createRouteTable(),
  before: [],
})
registerHealthRoutes(api.route, db)
registerStaffRoutes(api.route, deps)
app.use(api.router, notFoundHandler, createErrorHandler(createClassifier()))

const server = app.listen(config.port)
process.once('SIGTERM', () => {
  server.close(() => void db.destroy().then(() => process.exit(0)))
  server.closeAllConnections()
})
