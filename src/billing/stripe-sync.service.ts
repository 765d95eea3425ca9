import { applySubscription, type BillingContext, fetched, type SyncResult } from './sync.service.js'

export interface SyncReport {
  subscriptions: number
  changed: number
  transitions: number
  /** Each subscription whose local copy changed, with the member's status change if any. */
  changes: { id: string; memberId: string | null; transition: SyncResult['transition'] }[]
  unmatched: string[]
  failed: { id: string; error: string }[]
}

export interface SyncOptions {
  pageSize?: number
  /** Called after each page read from Stripe (Stripe's lists carry no total to count against). */
  onPage?: (report: Readonly<SyncReport>) => void
}

/**
 * `stripe sync`: every subscription in Stripe, reconciled through the webhook's own upsert path. Each
 * item counts as read when the listing began, so a webhook applied meanwhile is never overwritten by
 * this older copy. A second run finds nothing to change.
 */
export async function syncAllSubscriptions(
  ctx: BillingContext,
  { pageSize = 100, onPage }: SyncOptions = {},
): Promise<SyncReport> {
  const report: SyncReport = {
    subscriptions: 0,
    changed: 0,
    transitions: 0,
    changes: [],
    unmatched: [],
    failed: [],
  }
  const listedAt = new Date()
  const list = ctx.stripe.subscriptions.list({ status: 'all', limit: pageSize, expand: ['data.customer'] })
  for await (const sub of list) {
    report.subscriptions++
    try {
      const result = await applySubscription(ctx.db, ctx, fetched(sub, listedAt))
      if (!result.memberId) report.unmatched.push(sub.id)
      if (result.subscriptionChanged) report.changed++
      if (result.transition) report.transitions++
      if (result.subscriptionChanged || result.transition)
        report.changes.push({ id: sub.id, memberId: result.memberId, transition: result.transition })
    } catch (err) {
      report.failed.push({ id: sub.id, error: err instanceof Error ? err.message : String(err) })
    }
    if (report.subscriptions % pageSize === 0) onPage?.(report)
  }
  if (report.subscriptions % pageSize !== 0) onPage?.(report)
  return report
}
