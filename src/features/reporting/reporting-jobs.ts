// The reporting feature's jobs: refresh partner company rollups (tiers included), for the partners
// of deals that changed and nightly for all.
import { createHash } from 'node:crypto';
import type { NewInboxItem } from '../../store/store';
import { jobItem } from '../../jobs/inbox-job';
import type { JobHandler } from '../../jobs/job-registry';
import type { PartnerRollupsJob } from './reporting-job-schemas';
import { partnerRollupsJobSchema } from './reporting-job-schemas';
import { refreshPartnerRollups } from './reporting-service';

export type { PartnerRollupsJob } from './reporting-job-schemas';

export const partnerRollupsJob: JobHandler<PartnerRollupsJob> = {
  type: 'partner-rollups',
  schema: partnerRollupsJobSchema,
  run: async (deps, job) => {
    await refreshPartnerRollups(deps, 'all' in job ? 'all' : job.partnerIds);
    return undefined;
  },
};

/** What one deal's recompute saw: its partners and cosell outputs before, and after. */
export interface DealPartnerChange {
  dealId: string;
  before: { status: string | null; pairing: string | null };
  after: { status: string | null; pairing: string | null };
  partnerIdsBefore: string[];
  partnerIdsAfter: string[];
}

/**
 * The rollup job for the partners of deals that were created (first pairing), closed or reopened
 * (status), or changed partners (pairing); none when nothing a rollup reads changed. One job per
 * partner set and minute, so a burst of changes refreshes each partner once.
 */
export function partnerRollupsFor(changes: readonly DealPartnerChange[], now: Date): NewInboxItem | null {
  const ids = new Set<string>();
  const keys: string[] = [];
  for (const c of changes) {
    if (c.before.status === c.after.status && c.before.pairing === c.after.pairing) continue;
    keys.push(`${c.dealId}:${c.after.status ?? ''}:${c.after.pairing ?? ''}`);
    for (const id of [...c.partnerIdsBefore, ...c.partnerIdsAfter]) if (/^\d+$/.test(id)) ids.add(id);
  }
  if (ids.size === 0) return null;
  const partnerIds = [...ids].sort();
  return jobItem<PartnerRollupsJob>({ type: 'partner-rollups', partnerIds }, `partner-rollups:${createHash('sha256').update(keys.sort().join('\n')).digest('hex').slice(0, 32)}:${now.toISOString()}`, now);
}

export const reportingJobs = [partnerRollupsJob] as const;
