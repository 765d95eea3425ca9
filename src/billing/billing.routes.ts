import type { Deps } from '../deps.js'
import type { apiRouter } from '../http/router.js'
import { registerCheckoutRoutes } from './checkout.routes.js'
import { registerMemberRoutes } from './members.routes.js'
import { registerTierRoutes } from './tiers.routes.js'

type Route = ReturnType<typeof apiRouter>['route']

/** Every billing route but the webhook (mounted before the JSON parser, see webhook.routes.ts). */
export function registerBillingRoutes(route: Route, deps: Deps): void {
  registerTierRoutes(route, deps)
  registerCheckoutRoutes(route, deps)
  registerMemberRoutes(route, deps)
}
