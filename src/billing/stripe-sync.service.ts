import { applySubscription, type BillingContext, fetched } from './sync.service.js'

export interface SyncReport {
  subscriptions: number
  changed: number
  transitions: number
  unmatched: string[]
  failed: { id: string; error: string }[]
}

/**
 * `stripe sync`: every subscription in Stripe, reconciled through the webhook's own upsert path. Each
 * item counts as read when the listing began, so a webhook applied meanwhile is never overwritten by
 * this older copy. A second run finds nothing to change.
 */
export async function syncAllSubscriptions(
  ctx: BillingContext,
  { pageSize = 100 } = {},
): Promise<SyncReport> {
  const report: SyncReport = { subscriptions: 0, changed: 0, transitions: 0, unmatched: [], failed: [] }
  const listedAt = new Date()
  const list = ctx.stripe.subscriptions.list({ status: 'all', limit: pageSize, expand: ['data.customer'] })
  for await (const sub of list) {
    report.subscriptions++
    try {
      const result = await ctx.db
        .transaction()
        .execute((trx) => applySubscription(trx, ctx, fetched(sub, listedAt)))
      if (!result.memberId) report.unmatched.push(sub.id)
      if (result.subscriptionChanged) report.changed++
      if (result.transition) report.transitions++
    } catch (err) {
      report.failed.push({ id: sub.id, error: err instanceof Error ? err.message : String(err) })
    }
  }
  return report
}
