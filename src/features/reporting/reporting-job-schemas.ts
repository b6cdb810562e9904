// The reporting feature's job payloads, in a leaf file so code that enqueues them (the deal
// recompute, the scheduler) never imports the handlers.
import { z } from 'zod';

/**
 * Refresh the partner company rollups: of the named partners (a deal of theirs was created, closed
 * or changed partners), or of every partner company (`all`, the nightly run).
 */
export const partnerRollupsJobSchema = z.union([
  z.object({ type: z.literal('partner-rollups'), partnerIds: z.array(z.string().regex(/^\d+$/, 'must be a company id')).min(1) }),
  z.object({ type: z.literal('partner-rollups'), all: z.literal(true) }),
]);
export type PartnerRollupsJob = z.infer<typeof partnerRollupsJobSchema>;
