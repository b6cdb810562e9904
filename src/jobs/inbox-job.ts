// The inbox job model: work the scheduler, the card services and the worker itself put in the
// inbox next to webhook events. A job is a JSON payload whose `type` names its handler in the job
// registry (job-registry.ts); each feature declares its jobs in its `<feature>-jobs.ts`. This
// file knows no job by name. See docs/decisions/0005-webhook-inbox-and-worker.md.
import type { NewInboxItem } from '../store/store';

/** A job payload: `type` is the job kind the registry finds the handler by. */
export interface JobPayload {
  type: string;
}

/** Deals recomputed together in one read → compute → write pass (the worker chunks by it; jobs naming many deals page by it). */
export const MAX_DEALS_PER_RECOMPUTE = 200;

/**
 * A job item: `dedupeKey` makes enqueueing the same job twice harmless. A job naming exactly one
 * deal (`dealIds: [id]`) is about that deal (subject `deal:<id>`), so the worker coalesces it
 * with that deal's events and holds it back while another instance holds the deal's lock.
 */
export function jobItem<J extends JobPayload>(job: J, dedupeKey: string, now: Date): NewInboxItem {
  const dealIds = (job as { dealIds?: unknown }).dealIds;
  const subject = Array.isArray(dealIds) && dealIds.length === 1 ? `deal:${String(dealIds[0])}` : `job:${job.type}`;
  return { dedupeKey, kind: 'job', subject, payload: job, occurredAt: now };
}
