import type { Deps } from '../deps.js'
import type { apiRouter } from '../http/router.js'

export type RouteFn = ReturnType<typeof apiRouter>['route']

/** Every billing route: tiers, checkout, the patron's own membership, staff member views. */
export function registerBillingRoutes(route: RouteFn, deps: Deps): void {
  void route
  void deps
}
