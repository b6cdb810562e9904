// The notification settings endpoints' requests and responses (the settings page's Notifications
// tab). The stored value's own schema lives in the backend's domain
// (src/domain/notifications/notification-settings.ts); this is what crosses the wire, with the
// people, stages and partners by name and webhook secrets never sent back.
import { z } from 'zod';

const Digits = z.string().regex(/^\d+$/, 'must be a numeric id');

/** Which stage arrivals notify: every stage, or the listed stage ids. */
export const NotifyStages = z.union([z.literal('all'), z.array(z.string().min(1)).max(500)]);
export type NotifyStages = z.infer<typeof NotifyStages>;

export const NotificationKind = z.enum(['task', 'note']);
export type NotificationKind = z.infer<typeof NotificationKind>;

/** A partner's webhook as the page shows it: the secret is never returned, only whether one is set. */
export const PartnerWebhookView = z.object({
  partnerId: Digits,
  partnerName: z.string().nullable(),
  url: z.string(),
  secretSet: z.boolean(),
});
export type PartnerWebhookView = z.infer<typeof PartnerWebhookView>;

export const NotificationSettingsView = z.object({
  kind: NotificationKind,
  stages: NotifyStages,
  /** The HubSpot owner who gets conflict and dispute alerts (null = nobody), and their name. */
  partnerOps: z.object({ ownerId: Digits.nullable(), name: z.string().nullable() }),
  webhooks: z.array(PartnerWebhookView),
  /** Who saved the settings last (by name when HubSpot names them) and when; null before the first save. */
  updatedAt: z.string().nullable(),
  updatedByName: z.string().nullable(),
});
export type NotificationSettingsView = z.infer<typeof NotificationSettingsView>;

/** The settings and the choices the tab offers, every one by name. */
export const NotificationSettingsResponse = z.object({
  settings: NotificationSettingsView,
  owners: z.array(z.object({ id: Digits, name: z.string() })),
  stages: z.array(z.object({ stageId: z.string(), label: z.string(), pipelineId: z.string() })),
  partners: z.array(z.object({ companyId: Digits, name: z.string() })),
  /** Why a list is empty or incomplete (HubSpot could not be read), for the page to say. */
  notes: z.array(z.string()),
});
export type NotificationSettingsResponse = z.infer<typeof NotificationSettingsResponse>;

export const SaveNotificationSettingsRequest = z.strictObject({
  kind: NotificationKind,
  stages: NotifyStages,
  partnerOps: z.strictObject({ ownerId: Digits.nullable() }),
  webhooks: z
    .array(
      z.strictObject({
        partnerId: Digits,
        url: z.string().max(2048),
        /** Required for a partner without a webhook yet; omitted = keep the stored secret. */
        secret: z.string().optional(),
      }),
    )
    .max(200),
});
export type SaveNotificationSettingsRequest = z.infer<typeof SaveNotificationSettingsRequest>;
