/** What other features use from billing. */
export { entitlementsOf, isEntitled } from './entitlement.js'
export { type BillingContext, syncCheckoutSession, syncSubscription } from './sync.service.js'
