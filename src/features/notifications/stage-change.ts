// Stage changes of partner deals: detected by the attribution recompute (a new computation whose
// stage differs from the deal's previous one), announced to each partner manager by a HubSpot task
// or note, and to partners' webhooks.
import type { AppDeps } from '../../app/app-deps';
import type { DealContext } from '../../app/deal-context';
import type { AttributionPlan } from '../../domain';
import { formatMoney } from '../../domain';
import { planStageChangeNotices, stageNotifies, webhookFor } from '../../domain/notifications';
import type { NoticePartner } from '../../domain/notifications';
import { jobItem } from '../../jobs/inbox-job';
import type { LedgerEntry, NewInboxItem } from '../../store/store';
import type { NotifyStageChangeJob } from './notifications-job-schemas';
import { readNotificationSettings } from './notification-settings';
import { sendOnce } from './send-once';
import { enqueueDelivery } from './outbound-webhooks';

/** The stage a ledger entry was computed at (`inputs.deal.stageId`), or null. */
export function entryStageId(entry: Pick<LedgerEntry, 'inputs'> | null): string | null {
  const stageId = (entry?.inputs as { deal?: { stageId?: unknown } } | null)?.deal?.stageId;
  return typeof stageId === 'string' && stageId !== '' ? stageId : null;
}

/**
 * The job announcing a stage change, when `entry` (just appended) moved a partner deal to a new
 * stage since `previous`. A deal computed for the first time has no known previous stage and
 * announces nothing. The dedupe key names the computation, so enqueueing it twice is harmless.
 */
export function stageChangeItem(ctx: DealContext, plan: AttributionPlan | null, previous: LedgerEntry | null, entry: LedgerEntry, now: Date): NewInboxItem | null {
  const partners = ctx.partners.filter((p) => p.isPartner);
  const stageId = ctx.deal.stageId;
  const before = entryStageId(previous);
  if (partners.length === 0 || !stageId || before === null || before === stageId) return null;
  const amounts = new Map((plan?.allocations ?? []).map((a) => [a.partnerId, a.amountMinor]));
  const job: NotifyStageChangeJob = {
    type: 'notify-stage-change',
    dealId: ctx.deal.id,
    dealName: ctx.deal.name || `Deal ${ctx.deal.id}`,
    stageId,
    stageLabel: ctx.stage?.label ?? stageId,
    entryId: entry.id,
    occurredAt: entry.computedAt,
    partners: partners.map((p) => {
      const amount = amounts.get(p.companyId);
      return { companyId: p.companyId, name: p.name, roles: p.roles, amountMinor: amount === undefined || !plan ? null : String(amount), currency: amount === undefined || !plan ? null : plan.currency };
    }),
  };
  return jobItem(job, `notify-stage-change:${ctx.deal.id}:${entry.id}`, now);
}

/**
 * Sends the stage change: per the settings, a task per partner manager (or one note on the deal
 * and the partners), then a webhook delivery per partner that has one. Each send is keyed by
 * event and recipient (sendOnce / the delivery log), so a retried job sends only what is missing.
 */
export async function notifyStageChange(deps: AppDeps, job: NotifyStageChangeJob): Promise<{ sent: number; already: number; webhooks: number }> {
  const log = deps.logger.child({ dealId: job.dealId, stageId: job.stageId, job: job.type });
  const settings = await readNotificationSettings(deps.store, log);
  if (!stageNotifies(settings, job.stageId)) {
    log.debug('stage does not notify (notification settings)');
    return { sent: 0, already: 0, webhooks: 0 };
  }
  const companies = await deps.gateway.readCompanies(job.partners.map((p) => p.companyId));
  const partners: NoticePartner[] = job.partners.map((p) => ({ ...p, ownerId: companies.get(p.companyId)?.ownerId ?? null }));
  const eventKey = `stage:${job.dealId}:${job.stageId}:${job.entryId}`;
  const plan = planStageChangeNotices({ dealId: job.dealId, dealName: job.dealName, stageId: job.stageId, stageLabel: job.stageLabel, eventKey, partners });
  if (plan.unowned.length > 0) log.warn({ partners: plan.unowned }, 'partner companies without an owner in HubSpot: nobody to tell about the stage change');
  const dueAt = new Date(deps.clock().getTime() + 86_400_000);
  let sent = 0;
  let already = 0;
  const notices =
    settings.kind === 'task' || plan.notices.length === 0
      ? plan.notices
      : // A note assigns nobody: one note on the deal and every partner says it to all managers.
        [{ ...plan.notices[0]!, key: `${eventKey}:note`, companyIds: partners.map((p) => p.companyId), ownerId: plan.notices.map((n) => n.ownerId).join(',') }];
  for (const n of notices) {
    const r = await sendOnce(deps, { key: n.key, topic: 'stage-change', channel: settings.kind, recipient: n.ownerId, subject: n.subject, body: n.body, dealIds: [job.dealId], companyIds: n.companyIds, dueAt });
    if (r === 'sent') sent += 1;
    else already += 1;
  }
  let webhooks = 0;
  for (const p of partners) {
    const hook = webhookFor(settings, p.companyId);
    if (!hook) continue;
    const body = JSON.stringify({
      id: eventKey,
      type: 'deal.stage_changed',
      occurredAt: job.occurredAt,
      data: {
        deal: { id: job.dealId, name: job.dealName },
        stage: { id: job.stageId, label: job.stageLabel },
        partner: { id: p.companyId, name: p.name, roles: p.roles, projectedCommission: p.amountMinor !== null && p.currency ? { amount: formatMoney(BigInt(p.amountMinor), p.currency), currency: p.currency } : null },
        partners: partners.map((x) => ({ id: x.companyId, name: x.name, roles: x.roles })),
      },
    });
    if (await enqueueDelivery(deps, { eventKey, eventType: 'deal.stage_changed', partnerId: p.companyId, url: hook.url, body })) webhooks += 1;
  }
  log.info({ sent, already, webhooks, kind: settings.kind }, 'stage change announced');
  return { sent, already, webhooks };
}
