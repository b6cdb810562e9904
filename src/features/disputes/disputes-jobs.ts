// The disputes feature's jobs: keep HubSpot's dispute properties true to the store, and alert
// partner ops about disputes left open too long.
import type { AppDeps } from '../../app/app-deps';
import { dealDisputeStatus, openDisputeCounts, overdueDisputes } from '../../domain/disputes';
import { DISPUTE_STATUS_PROPERTY, OPEN_DISPUTES_PROPERTY } from '../../hubspot/app-schema';
import type { JobHandler } from '../../jobs/job-registry';
import { disputeSyncJobSchema, disputesOverdueJobSchema } from './disputes-job-schemas';
import type { DisputeSyncJob, DisputesOverdueJob } from './disputes-job-schemas';
import { readDisputeSettings } from './disputes-settings';

export type { DisputeSyncJob, DisputesOverdueJob } from './disputes-job-schemas';

/**
 * Writes the deal's `cosell_dispute_status` and `cosell_open_disputes` of every partner its
 * disputes name, from the store (the gateway reads the current values first and writes only what
 * changed, so a replay writes nothing). A decision that set the split asks the worker to recompute
 * the deal, so the new split reaches the deal's properties and the ledger.
 */
export async function syncDisputeProperties(deps: Pick<AppDeps, 'store' | 'gateway' | 'logger'>, dealId: string): Promise<{ status: string; partners: number }> {
  const disputes = await deps.store.disputes.list({ dealId });
  const status = dealDisputeStatus(disputes);
  await deps.gateway.writeDealProperties([{ dealId, properties: { [DISPUTE_STATUS_PROPERTY]: status } }]);
  const partnerIds = new Set(disputes.flatMap((d) => d.partners.map((p) => p.id)));
  if (partnerIds.size > 0) {
    const counts = openDisputeCounts(await deps.store.disputes.list({ status: 'open' }), partnerIds);
    await deps.gateway.writeCompanyProperties([...counts].map(([companyId, n]) => ({ companyId, properties: { [OPEN_DISPUTES_PROPERTY]: String(n) } })));
  }
  deps.logger.info({ dealId, status, partners: partnerIds.size }, 'dispute properties written');
  return { status, partners: partnerIds.size };
}

export const disputeSyncJob: JobHandler<DisputeSyncJob> = {
  type: 'dispute-sync',
  schema: disputeSyncJobSchema,
  run: async (deps, job) => {
    const dealId = job.dealIds[0]!;
    await syncDisputeProperties(deps, dealId);
    return job.recompute ? { recompute: { dealIds: [dealId], trigger: 'dispute-adjustment' } } : undefined;
  },
};

/**
 * One HubSpot task for partner ops per dispute open longer than `alertAfterDays`, recorded on the
 * dispute so it is never sent twice. With no partner-ops owner set nothing is sent (the Disputes
 * tab says so). A crash between creating the task and recording it could send it once more.
 */
export async function alertOverdueDisputes(deps: Pick<AppDeps, 'store' | 'gateway' | 'logger' | 'clock'>): Promise<{ alerted: number; overdue: number; skipped: 'no_partner_ops_owner' | null }> {
  const settings = await readDisputeSettings(deps.store);
  const now = deps.clock();
  const overdue = overdueDisputes(await deps.store.disputes.list({ status: 'open' }), now, settings.alertAfterDays).filter((d) => d.alertedAt === null);
  if (settings.partnerOpsOwnerId === null) {
    if (overdue.length > 0) deps.logger.warn({ overdue: overdue.length }, 'disputes are overdue but no partner-ops owner is set (settings → notifications): nobody is alerted');
    return { alerted: 0, overdue: overdue.length, skipped: 'no_partner_ops_owner' };
  }
  let alerted = 0;
  for (const d of overdue) {
    const days = Math.floor((now.getTime() - Date.parse(d.openedAt)) / 86_400_000);
    const taskId = await deps.gateway.createTask({
      subject: `Attribution dispute open ${days} days: ${d.dealName}`,
      body: [
        `${d.openedBy.name} disputed the split of "${d.dealName}" on ${d.openedAt.slice(0, 10)}: ${d.reason}`,
        `Partners: ${d.partners.map((p) => p.name).join(', ')}.`,
        `Decide it in the app's settings (Disputes tab) or with: cosell disputes decide ${d.id} --decision upheld|rejected --note "…"`,
      ].join('\n'),
      dueAt: now,
      ownerId: settings.partnerOpsOwnerId,
      dealIds: [d.dealId],
    });
    if (await deps.store.disputes.markAlerted(d.id, taskId, now)) alerted += 1;
  }
  if (overdue.length > 0) deps.logger.info({ alerted, overdue: overdue.length }, 'partner ops alerted about overdue disputes');
  return { alerted, overdue: overdue.length, skipped: null };
}

export const disputesOverdueJob: JobHandler<DisputesOverdueJob> = {
  type: 'disputes-overdue',
  schema: disputesOverdueJobSchema,
  run: async (deps) => {
    await alertOverdueDisputes(deps);
    return undefined;
  },
};

export const disputesJobs = [disputeSyncJob, disputesOverdueJob] as const;
