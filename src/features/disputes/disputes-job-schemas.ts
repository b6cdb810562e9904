// The disputes feature's job payloads, in a leaf file so the service that enqueues them never
// imports the handlers (disputes-jobs.ts).
import { z } from 'zod';

/** A deal's disputes changed: write its dispute status and its partners' open counts; recompute when its split was adjusted. */
export const disputeSyncJobSchema = z.object({ type: z.literal('dispute-sync'), dealIds: z.array(z.string()).length(1), recompute: z.boolean() });
export type DisputeSyncJob = z.infer<typeof disputeSyncJobSchema>;

/** Scheduled: alert partner ops about disputes open longer than the setting allows (once each). */
export const disputesOverdueJobSchema = z.object({ type: z.literal('disputes-overdue') });
export type DisputesOverdueJob = z.infer<typeof disputesOverdueJobSchema>;
