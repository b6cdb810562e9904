// The notification settings partner ops keep under the app-settings key `notifications`
// (docs/decisions/0015-notifications.md): validated whenever they are read, defaults when absent.
import { z } from 'zod';
import type { Result } from '../result';
import { failAll, ok } from '../result';
import { zodIssuesToErrors } from '../rule-set';
import { webhookUrlProblem } from './public-address';

/** The app-settings key the notification settings live under (read by other features too). */
export const NOTIFICATION_SETTINGS_KEY = 'notifications';

/** A HubSpot owner id (digits). */
const ownerId = z.string().regex(/^\d+$/, 'must be a HubSpot owner id (digits)');

/** A partner's outbound webhook: where its events go and the secret they are signed with. */
export const partnerWebhookSchema = z.strictObject({
  partnerId: z.string().regex(/^\d+$/, 'must be a partner company id (digits)'),
  url: z
    .string()
    .max(2048, 'must be at most 2,048 characters')
    .superRefine((url, ctx) => {
      const problem = webhookUrlProblem(url);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  /** Shared with the partner; at least 16 characters so it cannot be guessed. */
  secret: z.string().min(16, 'must be at least 16 characters').max(256, 'must be at most 256 characters'),
});
export type PartnerWebhook = z.infer<typeof partnerWebhookSchema>;

export const notificationSettingsSchema = z.strictObject({
  /** What a stage change creates for each partner manager: a HubSpot task (default) or a note. */
  kind: z.enum(['task', 'note']).default('task'),
  /** Stage ids whose arrival notifies; 'all' (default) = every stage. */
  stages: z.union([z.literal('all'), z.array(z.string().min(1)).max(500)]).default('all'),
  /** The HubSpot owner who gets conflict and dispute alerts; null = nobody. */
  partnerOps: z.strictObject({ ownerId: ownerId.nullable().default(null) }).default({ ownerId: null }),
  /** Per-partner outbound webhooks (at most one per partner). */
  webhooks: z
    .array(partnerWebhookSchema)
    .max(200)
    .default([])
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((w, i) => {
        if (seen.has(w.partnerId)) ctx.addIssue({ code: 'custom', path: [i, 'partnerId'], message: 'this partner already has a webhook' });
        seen.add(w.partnerId);
      });
    }),
});
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = { kind: 'task', stages: 'all', partnerOps: { ownerId: null }, webhooks: [] };

/**
 * Validates stored or submitted settings; `undefined`/`null` (nothing stored yet) gives the
 * defaults. Errors name the field (`webhooks[0].url: …`).
 *
 * @example parseNotificationSettings(null) // ok(DEFAULT_NOTIFICATION_SETTINGS)
 */
export function parseNotificationSettings(value: unknown, prefix = ''): Result<NotificationSettings> {
  if (value === undefined || value === null) return ok(structuredClone(DEFAULT_NOTIFICATION_SETTINGS));
  const parsed = notificationSettingsSchema.safeParse(value);
  return parsed.success ? ok(parsed.data) : failAll(zodIssuesToErrors(parsed.error.issues, prefix));
}

/** Whether a move into `stageId` notifies under these settings. */
export function stageNotifies(settings: NotificationSettings, stageId: string): boolean {
  return settings.stages === 'all' || settings.stages.includes(stageId);
}

/** The webhook configured for a partner, if any. */
export function webhookFor(settings: NotificationSettings, partnerId: string): PartnerWebhook | undefined {
  return settings.webhooks.find((w) => w.partnerId === partnerId);
}
