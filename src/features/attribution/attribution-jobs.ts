// The attribution feature's jobs: recompute named deals (coalesced by the worker), heal missed
// webhooks (reconcile), recompute every open deal after a publish, and the partner-label sweep.
import { jobItem } from '../../jobs/inbox-job';
import type { JobHandler } from '../../jobs/job-registry';
import { labelSweepJobSchema, recomputeDealsJobSchema, recomputeOpenJobSchema, reconcileJobSchema } from './attribution-job-schemas';
import type { LabelSweepJob, RecomputeDealsJob, RecomputeOpenJob, ReconcileJob } from './attribution-job-schemas';
import { sweepPartnerLabels } from './sweep-partner-labels';

export type { LabelSweepJob, RecomputeDealsJob, RecomputeOpenJob, ReconcileJob } from './attribution-job-schemas';

export const RECONCILE_CURSOR = 'reconcile:last-run';
/** Search indexing lags writes (docs/hubspot.md §4.2): each run looks a little further back. */
const RECONCILE_OVERLAP_MS = 10 * 60 * 1000;

/** Deals to recompute: the worker coalesces them with the rest of its batch, per deal. */
export const recomputeDealsJob: JobHandler<RecomputeDealsJob> = {
  type: 'recompute-deals',
  schema: recomputeDealsJobSchema,
  run: async (_deps, job) => ({ recompute: { dealIds: job.dealIds, trigger: job.trigger } }),
};

/** Pages through HubSpot's deal search and queues a recompute-deals job per page. */
async function enqueueSearchedDeals(deps: Parameters<JobHandler['run']>[0], job: ReconcileJob | RecomputeOpenJob): Promise<void> {
  const now = deps.clock();
  let updatedSince: Date | undefined;
  if (job.type === 'reconcile' && !job.full) {
    const last = await deps.store.cursors.get(RECONCILE_CURSOR);
    if (last) updatedSince = new Date(new Date(last).getTime() - RECONCILE_OVERLAP_MS);
  }
  const filter = job.type === 'recompute-open' ? { openOnly: true } : updatedSince ? { updatedSince } : {};
  let page = 0;
  let total = 0;
  const runKey = `${job.type}:${now.toISOString()}`;
  for await (const ids of deps.gateway.searchDealIds(filter)) {
    if (ids.length === 0) continue;
    total += ids.length;
    const trigger = job.type === 'reconcile' ? 'reconcile' : `recompute-open:${job.reason}`;
    await deps.store.inbox.enqueue([jobItem<RecomputeDealsJob>({ type: 'recompute-deals', dealIds: ids, trigger }, `${runKey}:${page}`, now)]);
    page += 1;
  }
  if (job.type === 'reconcile') await deps.store.cursors.set(RECONCILE_CURSOR, now.toISOString());
  deps.logger.info({ job: job.type, deals: total, pages: page, updatedSince: updatedSince?.toISOString() ?? null }, 'job enqueued recomputations');
}

export const reconcileJob: JobHandler<ReconcileJob> = {
  type: 'reconcile',
  schema: reconcileJobSchema,
  run: async (deps, job) => {
    await enqueueSearchedDeals(deps, job);
    return undefined;
  },
};

export const recomputeOpenJob: JobHandler<RecomputeOpenJob> = {
  type: 'recompute-open',
  schema: recomputeOpenJobSchema,
  run: async (deps, job) => {
    await enqueueSearchedDeals(deps, job);
    return undefined;
  },
};

export const labelSweepJob: JobHandler<LabelSweepJob> = {
  type: 'label-sweep',
  schema: labelSweepJobSchema,
  run: async (deps) => {
    await sweepPartnerLabels(deps);
    return undefined;
  },
};

export const attributionJobs = [recomputeDealsJob, reconcileJob, recomputeOpenJob, labelSweepJob] as const;
