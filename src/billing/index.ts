/** What other features use from billing. */

export { findCheckoutClaim, subscribedBefore, useCheckoutClaim } from './checkout.repository.js'
export { syncCheckoutSession } from './checkout.service.js'
export { entitlementsOf, isEntitled } from './entitlement.js'
export { PAYING_STATUSES } from './statuses.js'
export {
  hasLiveMembership,
  lockMember,
  memberForCheckout,
  upsertMemberByEmail,
} from './subscriptions.repository.js'
export { type BillingContext, syncSubscription } from './sync.service.js'
