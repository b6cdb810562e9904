// What a deal's new computation announces: a stage change (partner deals moving stage) and a change
// in its conflicts. Called by the attribution recompute inside the transaction that appends the
// computation, so the notification jobs are queued exactly when the computation is recorded.
import type { DealContext } from '../../app/deal-context';
import type { AccountConflict, AttributionPlan } from '../../domain';
import type { LedgerEntry, NewInboxItem, Store } from '../../store/store';
import { conflictAlertsItem } from './conflict-alerts';
import { readNotificationSettings } from './notification-settings';
import { stageChangeItem } from './stage-change';

export interface ComputedDeal {
  ctx: DealContext;
  plan: AttributionPlan | null;
  conflicts: AccountConflict[];
}

/**
 * Queues the notification jobs a newly appended computation calls for (none when nothing a person
 * should hear about changed). `store` is the recompute's transaction.
 *
 * @example await enqueueDealNotifications(tx, { ctx, plan, conflicts }, previous, appended, now)
 */
export async function enqueueDealNotifications(store: Store, computed: ComputedDeal, previous: LedgerEntry | null, entry: LedgerEntry, now: Date): Promise<number> {
  const items: NewInboxItem[] = [];
  const stage = stageChangeItem(computed.ctx, computed.plan, previous, entry, now);
  if (stage) items.push(stage);
  const conflicts = conflictAlertsItem(computed.ctx.deal.id, computed.conflicts, previous, entry, now);
  if (conflicts && (await conflictAlertsMatter(store, computed.ctx.deal.id))) items.push(conflicts);
  if (items.length === 0) return 0;
  const { inserted } = await store.inbox.enqueue(items);
  return inserted;
}

/**
 * Whether a change in a deal's conflicts has anything to do: someone is set to be alerted, or an
 * alert about the deal is open and may need completing. Without either, no job is queued.
 */
async function conflictAlertsMatter(store: Store, dealId: string): Promise<boolean> {
  if ((await readNotificationSettings(store)).partnerOps.ownerId !== null) return true;
  return (await store.notifications.listOpen('conflict')).some((n) => n.dealIds.includes(dealId));
}
