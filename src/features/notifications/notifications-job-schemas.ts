// The notification jobs' payloads (validated by the worker before a handler runs), in a leaf file
// so the code that enqueues them (the attribution recompute, the scheduler) never imports handlers.
import { z } from 'zod';
import { ROLES } from '../../domain';

const id = z.string().regex(/^\d+$/);

/** A partner deal moved to another stage: tell each partner manager, and partners' webhooks. */
export const notifyStageChangeJobSchema = z.object({
  type: z.literal('notify-stage-change'),
  dealId: id,
  dealName: z.string(),
  stageId: z.string().min(1),
  stageLabel: z.string(),
  /** The computation (ledger entry) that saw the new stage: names the event. */
  entryId: z.string().min(1),
  occurredAt: z.string(),
  partners: z.array(
    z.object({
      companyId: id,
      name: z.string(),
      roles: z.array(z.enum(ROLES)),
      amountMinor: z.string().regex(/^-?\d+$/).nullable(),
      currency: z.string().regex(/^[A-Z]{3}$/).nullable(),
    }),
  ),
});
export type NotifyStageChangeJob = z.infer<typeof notifyStageChangeJobSchema>;

/** A deal's conflicts changed: alert partner ops about new ones, complete the alerts of cleared ones. */
export const syncConflictAlertsJobSchema = z.object({
  type: z.literal('sync-conflict-alerts'),
  dealId: id,
  /** The computation that saw these conflicts; a job older than the deal's latest computation is skipped. */
  entryId: z.string().min(1),
  conflicts: z.array(
    z.object({
      entryIds: z.tuple([z.string(), z.string()]),
      reason: z.enum(['different_partners', 'same_partner_twice']),
      message: z.string(),
    }),
  ),
});
export type SyncConflictAlertsJob = z.infer<typeof syncConflictAlertsJobSchema>;

/** Scheduled: find partner commitments past their response SLA and alert their managers. */
export const slaSweepJobSchema = z.object({ type: z.literal('sla-sweep') });
export type SlaSweepJob = z.infer<typeof slaSweepJobSchema>;

/**
 * A payout run was recorded (`run`: approved lines collected, carried balances) or marked paid
 * (`paid`): one note per partner in it on the partner company, and the partner's webhook.
 */
export const notifyCommissionStatusJobSchema = z.object({ type: z.literal('notify-commission-status'), runId: id, event: z.enum(['run', 'paid']) });
export type NotifyCommissionStatusJob = z.infer<typeof notifyCommissionStatusJobSchema>;

/** Try (again) one outbound webhook delivery. */
export const deliverWebhookJobSchema = z.object({ type: z.literal('deliver-webhook'), deliveryId: id });
export type DeliverWebhookJob = z.infer<typeof deliverWebhookJobSchema>;
