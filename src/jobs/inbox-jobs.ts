// The inbox's own housekeeping job.
import { z } from 'zod';
import type { JobHandler } from './job-registry';

/** Forget done items (and their dedupe keys) older than `keepDays`; HubSpot retries for ~24 h. */
export const pruneInboxJobSchema = z.object({ type: z.literal('prune-inbox'), keepDays: z.number().int().min(2).default(7) });
export type PruneInboxJob = z.infer<typeof pruneInboxJobSchema>;

export const pruneInboxJob: JobHandler<PruneInboxJob> = {
  type: 'prune-inbox',
  schema: pruneInboxJobSchema,
  async run(deps, job) {
    const now = deps.clock();
    const pruned = await deps.store.inbox.pruneDone(new Date(now.getTime() - job.keepDays * 86_400_000));
    deps.logger.info({ pruned, keepDays: job.keepDays }, 'inbox pruned');
    return undefined;
  },
};

export const inboxJobs = [pruneInboxJob] as const;
