import type { Deps } from '../deps.js'
import type { apiRouter } from '../http/router.js'
import { registerAdminRoundRoutes } from './admin-rounds.routes.js'
import { registerPublicRoundRoute } from './public-round.routes.js'
import { registerRoundReportRoute } from './round-report.routes.js'
import { registerPatronRoundRoutes } from './rounds.routes.js'
import { registerSuggestionRoutes } from './suggestions.routes.js'

type Route = ReturnType<typeof apiRouter>['route']

/** Rounds, topics, votes, suggestions and the round report. */
export function registerVotingRoutes(route: Route, deps: Deps): void {
  registerPublicRoundRoute(route, deps)
  registerPatronRoundRoutes(route, deps)
  registerAdminRoundRoutes(route, deps)
  registerSuggestionRoutes(route, deps)
  registerRoundReportRoute(route, deps)
}
