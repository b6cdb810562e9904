// Notifications: settings, the notices a stage change sends, conflict alerts, SLA checks and the
// outbound webhook's address and retry rules; pure (docs/decisions/0015-notifications.md).
export type { NotificationSettings, PartnerWebhook } from './notification-settings';
export {
  NOTIFICATION_SETTINGS_KEY,
  DEFAULT_NOTIFICATION_SETTINGS,
  notificationSettingsSchema,
  partnerWebhookSchema,
  parseNotificationSettings,
  stageNotifies,
  webhookFor,
} from './notification-settings';
export { webhookUrlProblem, isPublicAddress, hostOf } from './public-address';
export type { NoticePartner, StageChangeEvent, PlannedNotice, StageChangePlan } from './stage-change-notices';
export { planStageChangeNotices, escapeHtml } from './stage-change-notices';
export type { SlaCommitment, SlaInput, OverdueCommitment } from './sla-overdue';
export { overdueCommitments } from './sla-overdue';
export { WEBHOOK_RETRY_WINDOW_MS, webhookRetryDelayMs, nextWebhookAttempt, isRetryableStatus } from './webhook-retry';
export type { ConflictAlertInput } from './conflict-alerts';
export { conflictAlertKey, conflictDealIds, conflictAlertTask } from './conflict-alerts';
