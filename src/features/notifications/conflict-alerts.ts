// Conflict alerts: when a deal becomes flagged, partner ops' owner (notification settings) gets a
// task naming the deals and the account, once per conflict; it is completed when the conflict clears.
import type { AppDeps } from '../../app/app-deps';
import type { AccountConflict } from '../../domain';
import { conflictAlertKey, conflictAlertTask, conflictDealIds, escapeHtml } from '../../domain/notifications';
import { jobItem } from '../../jobs/inbox-job';
import type { LedgerEntry, NewInboxItem } from '../../store/store';
import type { SyncConflictAlertsJob } from './notifications-job-schemas';
import { readNotificationSettings } from './notification-settings';
import { sendOnce } from './send-once';

function conflictKeysOf(entry: Pick<LedgerEntry, 'inputs'> | null): string[] {
  const list = (entry?.inputs as { conflicts?: unknown } | null)?.conflicts;
  if (!Array.isArray(list)) return [];
  return list
    .filter((c): c is { entryIds: [string, string]; reason: AccountConflict['reason'] } => !!c && typeof c === 'object' && Array.isArray((c as { entryIds?: unknown }).entryIds))
    .map((c) => conflictAlertKey(c))
    .sort();
}

/**
 * The job syncing a deal's conflict alerts, when its conflicts differ from the previous
 * computation's (a conflict appeared or cleared). Keyed by the computation.
 */
export function conflictAlertsItem(dealId: string, conflicts: AccountConflict[], previous: LedgerEntry | null, entry: LedgerEntry, now: Date): NewInboxItem | null {
  const before = conflictKeysOf(previous);
  const after = conflicts.map((c) => conflictAlertKey(c)).sort();
  if (before.join('\n') === after.join('\n')) return null;
  const job: SyncConflictAlertsJob = {
    type: 'sync-conflict-alerts',
    dealId,
    entryId: entry.id,
    conflicts: conflicts.map((c) => ({ entryIds: c.entryIds, reason: c.reason, message: c.message })),
  };
  return jobItem(job, `sync-conflict-alerts:${dealId}:${entry.id}`, now);
}

/** Alerts of one conflict are numbered (`@1`, `@2`): a conflict that clears and comes back is alerted again. */
async function nextAlertKey(deps: AppDeps, base: string): Promise<string | null> {
  for (let n = 1; n < 1000; n++) {
    const key = `${base}@${n}`;
    const found = await deps.store.notifications.getSent(key);
    if (!found) return key;
    if (found.status !== 'completed') return null; // sent or being sent: nothing to do
  }
  return null;
}

/**
 * Creates the tasks of the deal's new conflicts and completes those of its cleared ones. A job
 * older than the deal's latest computation is skipped (the newer one has its own job).
 */
export async function syncConflictAlerts(deps: AppDeps, job: SyncConflictAlertsJob): Promise<{ created: number; completed: number }> {
  const log = deps.logger.child({ dealId: job.dealId, job: job.type });
  const latest = await deps.store.ledger.latestForDeal(job.dealId);
  if (latest && latest.id !== job.entryId) {
    log.debug({ entryId: job.entryId, latest: latest.id }, 'a newer computation of the deal supersedes this conflict sync');
    return { created: 0, completed: 0 };
  }
  const settings = await readNotificationSettings(deps.store, log);
  const current = new Set(job.conflicts.map((c) => conflictAlertKey(c)));
  let created = 0;
  const ownerId = settings.partnerOps.ownerId;
  if (ownerId) {
    for (const c of job.conflicts) {
      const key = await nextAlertKey(deps, conflictAlertKey(c));
      if (!key) continue;
      const dealIds = conflictDealIds(c.entryIds);
      const names = (await deps.store.accountIndex.get(dealIds)).map((e) => e.name);
      const task = conflictAlertTask(c, names);
      const r = await sendOnce(deps, { key, topic: 'conflict', channel: 'task', recipient: ownerId, subject: task.subject, body: `<p>${escapeHtml(task.body)}</p>`, dealIds, companyIds: [], dueAt: new Date(deps.clock().getTime() + 86_400_000) });
      if (r === 'sent') created += 1;
    }
  } else if (job.conflicts.length > 0) {
    log.info('no partner-ops owner in the notification settings: conflict not alerted');
  }
  let completed = 0;
  for (const open of await deps.store.notifications.listOpen('conflict')) {
    if (!open.dealIds.includes(job.dealId)) continue;
    const base = open.key.slice(0, open.key.lastIndexOf('@'));
    if (current.has(base)) continue;
    await deps.gateway.completeTask(open.hubspotId);
    if (await deps.store.notifications.markCompleted(open.key)) completed += 1;
  }
  if (created + completed > 0) log.info({ created, completed }, 'conflict alerts synced');
  return { created, completed };
}
