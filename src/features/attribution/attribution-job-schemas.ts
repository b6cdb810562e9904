// The attribution feature's job payloads (validated by the worker before a handler runs), in a
// leaf file so the code that enqueues them never imports the handlers (attribution-jobs.ts).
import { z } from 'zod';

export const recomputeDealsJobSchema = z.object({ type: z.literal('recompute-deals'), dealIds: z.array(z.string()).min(1), trigger: z.string() });
export type RecomputeDealsJob = z.infer<typeof recomputeDealsJobSchema>;
/** Search deals changed since the last run and recompute them (heals missed webhooks). */
export const reconcileJobSchema = z.object({ type: z.literal('reconcile'), full: z.boolean().default(false) });
export type ReconcileJob = z.infer<typeof reconcileJobSchema>;
/** Recompute every open deal (after publishing rules). */
export const recomputeOpenJobSchema = z.object({ type: z.literal('recompute-open'), reason: z.string() });
export type RecomputeOpenJob = z.infer<typeof recomputeOpenJobSchema>;
/** Re-read open partner deals' labels; recompute those whose partners or roles changed without a webhook. */
export const labelSweepJobSchema = z.object({ type: z.literal('label-sweep') });
export type LabelSweepJob = z.infer<typeof labelSweepJobSchema>;
