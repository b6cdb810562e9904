// Account mapping's jobs: keep the company index current (webhook follow-ups, nightly reconcile),
// write a saved map back to the companies, and remind about maps older than 90 days.
import type { JobHandler } from '../../jobs/job-registry';
import type { JobPayload } from '../../jobs/inbox-job';
import type { WebhookEvent } from '../../jobs/webhook-events';
import { indexCompaniesJobSchema, mapRemindersJobSchema, reconcileCompanyIndexJobSchema, writeBackJobSchema } from './account-mapping-job-schemas';
import type { IndexCompaniesJob, MapRemindersJob, ReconcileCompanyIndexJob, WriteBackJob } from './account-mapping-job-schemas';
import { remindStaleMaps, writeBackOverlaps } from './account-mapping-service';
import { companyIndexFollowUp, reconcileCompanyIndex, refreshIndexedCompanies } from './company-index';

/** How long an upload that never ran is kept. */
const UPLOAD_KEEP_MS = 24 * 60 * 60 * 1000;

export const indexCompaniesJob: JobHandler<IndexCompaniesJob> = {
  type: 'account-mapping.index-companies',
  schema: indexCompaniesJobSchema,
  run: async (deps, job) => {
    await refreshIndexedCompanies(deps, job.companyIds);
    return undefined;
  },
};

export const reconcileCompanyIndexJob: JobHandler<ReconcileCompanyIndexJob> = {
  type: 'account-mapping.reconcile-index',
  schema: reconcileCompanyIndexJobSchema,
  run: async (deps) => {
    await reconcileCompanyIndex(deps);
    // Lists pasted on the settings page but never mapped hold a partner's data: gone after a day.
    const pruned = await deps.store.accountMaps.pruneUploads(new Date(deps.clock().getTime() - UPLOAD_KEEP_MS));
    if (pruned > 0) deps.logger.info({ parts: pruned }, 'abandoned account-list uploads removed');
    return undefined;
  },
};

export const writeBackJob: JobHandler<WriteBackJob> = {
  type: 'account-mapping.write-back',
  schema: writeBackJobSchema,
  run: async (deps, job) => {
    await writeBackOverlaps(deps, job);
    return undefined;
  },
};

export const mapRemindersJob: JobHandler<MapRemindersJob> = {
  type: 'account-mapping.map-reminders',
  schema: mapRemindersJobSchema,
  run: async (deps) => {
    await remindStaleMaps(deps);
    return undefined;
  },
};

export const accountMappingJobs = [indexCompaniesJob, reconcileCompanyIndexJob, writeBackJob, mapRemindersJob] as const;

/** What account mapping asks of a webhook event (InboxWork.eventFollowUps). */
export function accountMappingEventFollowUps(event: WebhookEvent): JobPayload[] {
  const job = companyIndexFollowUp(event);
  return job ? [job] : [];
}
