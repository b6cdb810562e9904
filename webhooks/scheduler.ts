import { randomUUID } from 'node:crypto';
import cron from 'node-cron';
import type { ScheduledTask } from 'node-cron';
import type { AppDeps } from '../src/app/app-deps';
import type { LabelSweepJob, ReconcileJob } from '../src/features/attribution/attribution-job-schemas';
import { jobItem } from '../src/jobs/inbox-job';
import type { PruneInboxJob } from '../src/jobs/inbox-jobs';
import type { DisputesOverdueJob } from '../src/features/disputes/disputes-job-schemas';
import type { PairingDigestJob } from '../src/features/pairings/pairings-jobs';
import type { PartnerRollupsJob } from '../src/features/reporting/reporting-job-schemas';
import type { SlaSweepJob } from '../src/features/notifications/notifications-job-schemas';
import type { MapRemindersJob, ReconcileCompanyIndexJob } from '../src/features/account-mapping/account-mapping-job-schemas';
import type { QuarterIncentivesJob } from '../src/features/payouts/quarter-incentives';

export interface ScheduleEntry {
  name: string;
  /** node-cron expression (UTC). */
  cron: string;
  /** What the tick enqueues; the worker does the work with its usual retries. */
  job: () => ReconcileJob | PruneInboxJob | LabelSweepJob | DisputesOverdueJob | PairingDigestJob | PartnerRollupsJob | SlaSweepJob | ReconcileCompanyIndexJob | MapRemindersJob | QuarterIncentivesJob;
}

/** Minutes between label sweeps unless LABEL_SWEEP_MINUTES says otherwise. */
export const DEFAULT_LABEL_SWEEP_MINUTES = 15;

/**
 * Every scheduled task, in one table. A tick only enqueues; nothing runs inside the timer.
 * - Nightly reconcile: deals changed since the last run are recomputed, so a missed webhook heals.
 * - Hourly SLA sweep: partner commitments past their response SLA alert the partner managers.
 * - Label sweep (every `labelSweepMinutes`, 0 = off): a label added to an existing deal→company
 *   association may raise no webhook, so open partner deals' labels are re-read and the deals whose
 *   partners or roles changed are recomputed. `labelSweepMinutes` divides 60 (checked by config).
 */
export function buildSchedule(opts: { labelSweepMinutes?: number } = {}): ScheduleEntry[] {
  const sweepMinutes = opts.labelSweepMinutes ?? DEFAULT_LABEL_SWEEP_MINUTES;
  const entries: ScheduleEntry[] = [
    { name: 'nightly-reconcile', cron: '17 2 * * *', job: () => ({ type: 'reconcile', full: false }) },
    // Dedupe keys must outlive HubSpot's retry window (~24 h); a week is plenty.
    { name: 'weekly-inbox-prune', cron: '43 3 * * 0', job: () => ({ type: 'prune-inbox', keepDays: 7 }) },
    // Disputes open longer than the setting (default 7 days) alert partner ops, once each.
    { name: 'disputes-overdue', cron: '23 * * * *', job: () => ({ type: 'disputes-overdue' }) },
    // Monday morning (UTC), before the week's stand-ups; the job makes one note per pairing per ISO week.
    { name: 'weekly-pairing-digest', cron: '29 6 * * 1', job: () => ({ type: 'pairing-digest' }) },
    // After the nightly reconcile: every partner's rollups and tier from all deals (a new quarter starts here too).
    { name: 'nightly-partner-rollups', cron: '37 3 * * *', job: () => ({ type: 'partner-rollups', all: true }) },
    // Partner commitments past their response SLA: the managers get a task (once per overdue period).
    { name: 'sla-sweep', cron: '29 * * * *', job: () => ({ type: 'sla-sweep' }) },
    // Account mapping: the company index heals missed company webhooks nightly; maps older than 90 days get a reminder task.
    { name: 'nightly-company-index', cron: '29 1 * * *', job: () => ({ type: 'account-mapping.reconcile-index' }) },
    { name: 'daily-map-reminders', cron: '11 8 * * *', job: () => ({ type: 'account-mapping.map-reminders' }) },
    // After the nightly reconcile: the previous fiscal quarter's bonus, uplift and tier uplift lines, so late closes are caught.
    { name: 'daily-quarter-incentives', cron: '53 3 * * *', job: () => ({ type: 'quarter-incentives' }) },
  ];
  if (sweepMinutes > 0) {
    // Offset by a few minutes from the top of the hour, where the other jobs of the day cluster.
    entries.push({ name: 'label-sweep', cron: sweepMinutes >= 60 ? '7 * * * *' : `*/${sweepMinutes} * * * *`, job: () => ({ type: 'label-sweep' }) });
  }
  return entries;
}

export const SCHEDULE: readonly ScheduleEntry[] = buildSchedule();

export const SCHEDULER_LOCK = 'scheduler';

export interface Scheduler {
  readonly holderId: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Runs one entry's tick now (if this instance holds the lock); returns whether it enqueued. */
  tick(name: string): Promise<boolean>;
  isLeader(): boolean;
}

/**
 * Runs the schedule on one instance per deployment: the holder of the store lock `scheduler`
 * (renewed every minute, expires after three). Other instances keep trying, so the schedule
 * moves to a survivor when the leader dies.
 *
 * @example const s = createScheduler(deps); await s.start(); … await s.stop();
 */
export function createScheduler(deps: AppDeps, opts: { entries?: readonly ScheduleEntry[]; lockTtlMs?: number; renewMs?: number; holderId?: string } = {}): Scheduler {
  const entries = opts.entries ?? SCHEDULE;
  const holderId = opts.holderId ?? `scheduler-${randomUUID().slice(0, 8)}`;
  const ttl = opts.lockTtlMs ?? 180_000;
  const renewMs = opts.renewMs ?? 60_000;
  const log = deps.logger.child({ scheduler: holderId });
  let leader = false;
  let renewTimer: NodeJS.Timeout | null = null;
  const tasks: ScheduledTask[] = [];

  async function renew(): Promise<void> {
    try {
      const was = leader;
      leader = await deps.store.locks.tryAcquire(SCHEDULER_LOCK, holderId, ttl);
      if (leader !== was) log.info({ leader }, leader ? 'this instance runs the schedule' : 'another instance runs the schedule');
    } catch (error) {
      leader = false;
      log.warn({ err: error }, 'scheduler lock check failed');
    }
  }

  async function tick(name: string): Promise<boolean> {
    const entry = entries.find((e) => e.name === name);
    if (!entry) throw new Error(`no schedule entry "${name}"`);
    await renew();
    if (!leader) return false;
    const now = deps.clock();
    // Key per minute: two ticks of one entry in the same minute (e.g. a restart) enqueue once.
    const key = `cron:${entry.name}:${now.toISOString().slice(0, 16)}`;
    const { inserted } = await deps.store.inbox.enqueue([jobItem(entry.job(), key, now)]);
    log.info({ entry: entry.name, inserted }, 'scheduled job enqueued');
    return inserted > 0;
  }

  return {
    holderId,
    async start() {
      await renew();
      renewTimer = setInterval(() => void renew(), renewMs);
      renewTimer.unref();
      for (const entry of entries) {
        tasks.push(
          cron.schedule(
            entry.cron,
            () => {
              tick(entry.name).catch((error: unknown) => log.error({ err: error, entry: entry.name }, 'scheduled tick failed'));
            },
            { timezone: 'UTC', name: entry.name },
          ),
        );
      }
    },
    async stop() {
      for (const t of tasks.splice(0)) await t.stop();
      if (renewTimer) clearInterval(renewTimer);
      renewTimer = null;
      if (leader) await deps.store.locks.release(SCHEDULER_LOCK, holderId).catch(() => undefined);
      leader = false;
    },
    tick,
    isLeader: () => leader,
  };
}
