// The notification feature's jobs: stage-change announcements, conflict alerts, the SLA sweep and
// outbound webhook attempts. Each sends at most once per event and recipient.
import type { JobHandler } from '../../jobs/job-registry';
import { deliverWebhookJobSchema, notifyCommissionStatusJobSchema, notifyStageChangeJobSchema, slaSweepJobSchema, syncConflictAlertsJobSchema } from './notifications-job-schemas';
import type { DeliverWebhookJob, NotifyCommissionStatusJob, NotifyStageChangeJob, SlaSweepJob, SyncConflictAlertsJob } from './notifications-job-schemas';
import { notifyCommissionStatus } from './commission-status';
import { syncConflictAlerts } from './conflict-alerts';
import { attemptDelivery } from './outbound-webhooks';
import { sweepSlaAlerts } from './sla-alerts';
import { notifyStageChange } from './stage-change';

export const notifyStageChangeJob: JobHandler<NotifyStageChangeJob> = {
  type: 'notify-stage-change',
  schema: notifyStageChangeJobSchema,
  run: async (deps, job) => {
    await notifyStageChange(deps, job);
    return undefined;
  },
};

export const syncConflictAlertsJob: JobHandler<SyncConflictAlertsJob> = {
  type: 'sync-conflict-alerts',
  schema: syncConflictAlertsJobSchema,
  run: async (deps, job) => {
    await syncConflictAlerts(deps, job);
    return undefined;
  },
};

export const slaSweepJob: JobHandler<SlaSweepJob> = {
  type: 'sla-sweep',
  schema: slaSweepJobSchema,
  run: async (deps) => {
    await sweepSlaAlerts(deps);
    return undefined;
  },
};

export const deliverWebhookJob: JobHandler<DeliverWebhookJob> = {
  type: 'deliver-webhook',
  schema: deliverWebhookJobSchema,
  run: async (deps, job) => {
    await attemptDelivery(deps, job.deliveryId);
    return undefined;
  },
};

export const notifyCommissionStatusJob: JobHandler<NotifyCommissionStatusJob> = {
  type: 'notify-commission-status',
  schema: notifyCommissionStatusJobSchema,
  run: async (deps, job) => {
    await notifyCommissionStatus(deps, job);
    return undefined;
  },
};

export const notificationsJobs = [notifyStageChangeJob, syncConflictAlertsJob, slaSweepJob, deliverWebhookJob, notifyCommissionStatusJob] as const;
