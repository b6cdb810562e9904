// SLA alerts: a partner's response commitment (the deal plan's responseSlaHours) is overdue when
// no touchpoint from that partner was logged within the SLA after the deal's last stage change or
// last customer meeting. The partner manager gets a task, once per overdue period.
import type { AppDeps } from '../../app/app-deps';
import { toDealSettings } from '../../app/deal-settings';
import { escapeHtml, overdueCommitments } from '../../domain/notifications';
import type { OverdueCommitment } from '../../domain/notifications';
import type { LedgerEntry, Touchpoint } from '../../store/store';
import { entryStageId } from './stage-change';
import { sendOnce } from './send-once';

/**
 * When the deal entered its current stage, as far as the computation log knows: the first entry
 * of the latest run of entries at the same stage. Null with no entries.
 */
export function lastStageChangeAt(entries: LedgerEntry[]): string | null {
  if (entries.length === 0) return null;
  const sorted = [...entries].sort((a, b) => Date.parse(a.computedAt) - Date.parse(b.computedAt));
  const stage = entryStageId(sorted.at(-1)!);
  let i = sorted.length - 1;
  while (i > 0 && entryStageId(sorted[i - 1]!) === stage) i -= 1;
  return sorted[i]!.computedAt;
}

/** The deal's overdue commitments now (what the sweep alerts and the card shows). */
export async function dealOverdueCommitments(deps: Pick<AppDeps, 'store' | 'clock'>, dealId: string, touchpoints?: Touchpoint[]): Promise<OverdueCommitment[]> {
  const row = await deps.store.dealPlans.get(dealId);
  const { settings } = toDealSettings(row);
  if (settings.plan.commitments.length === 0) return [];
  const [entries, tps] = await Promise.all([deps.store.ledger.listForDeal(dealId), touchpoints ? Promise.resolve(touchpoints) : deps.store.touchpoints.listByDeal(dealId)]);
  const meetings = tps.filter((t) => t.kind === 'meeting').map((t) => t.occurredAt).sort();
  return overdueCommitments({
    commitments: settings.plan.commitments.map((c) => ({ partnerId: c.companyId, responseSlaHours: c.responseSlaHours })),
    lastStageChangeAt: lastStageChangeAt(entries),
    lastMeetingAt: meetings.at(-1) ?? null,
    touchpoints: tps.map((t) => ({ partnerId: t.partnerId, occurredAt: t.occurredAt })),
    now: deps.clock(),
  });
}

/**
 * The scheduled sweep: every open partner deal (account index), its overdue commitments, a task
 * for each overdue partner's manager keyed by deal, partner and the moment the SLA counts from.
 */
export async function sweepSlaAlerts(deps: AppDeps): Promise<{ deals: number; overdue: number; sent: number }> {
  const open = await deps.store.accountIndex.listOpen();
  let overdue = 0;
  let sent = 0;
  const due: Array<{ dealId: string; dealName: string; partnerName: string; o: OverdueCommitment }> = [];
  for (const entry of open) {
    for (const o of await dealOverdueCommitments(deps, entry.dealId)) {
      due.push({ dealId: entry.dealId, dealName: entry.name, partnerName: entry.partnerNames[o.partnerId] ?? `Partner ${o.partnerId}`, o });
    }
  }
  overdue = due.length;
  if (due.length > 0) {
    const companies = await deps.gateway.readCompanies([...new Set(due.map((d) => d.o.partnerId))]);
    for (const d of due) {
      const ownerId = companies.get(d.o.partnerId)?.ownerId;
      if (!ownerId) {
        deps.logger.warn({ dealId: d.dealId, partnerId: d.o.partnerId }, 'overdue partner has no owner in HubSpot: nobody to alert');
        continue;
      }
      const subject = `${d.partnerName} is overdue on ${d.dealName}`;
      const body = `<p>${escapeHtml(subject)}: no touchpoint logged within the ${d.o.responseSlaHours} h response SLA after ${d.o.since} (due ${d.o.dueAt}). Log the partner's follow-up on the deal card once it happens.</p>`;
      const r = await sendOnce(deps, { key: `sla:${d.dealId}:${d.o.partnerId}:${d.o.since}`, topic: 'sla', channel: 'task', recipient: ownerId, subject, body, dealIds: [d.dealId], companyIds: [d.o.partnerId], dueAt: deps.clock() });
      if (r === 'sent') sent += 1;
    }
  }
  deps.logger.info({ deals: open.length, overdue, sent }, 'SLA sweep done');
  return { deals: open.length, overdue, sent };
}

/**
 * The deal card's warnings for overdue partners ("Northwind is overdue: …"), one per partner;
 * none for a closed deal.
 */
export async function overdueWarnings(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  deal: { id: string; open: boolean; partnerNames: Map<string, string> },
  touchpoints: Touchpoint[],
): Promise<Array<{ code: 'sla_overdue'; message: string; partnerId: string }>> {
  if (!deal.open) return [];
  const overdue = await dealOverdueCommitments(deps, deal.id, touchpoints);
  return overdue.map((o) => ({
    code: 'sla_overdue' as const,
    partnerId: o.partnerId,
    message: `${deal.partnerNames.get(o.partnerId) ?? 'A partner'} is overdue: no touchpoint logged within its ${o.responseSlaHours} h response SLA since ${o.since.slice(0, 16).replace('T', ' ')} UTC; log the partner's follow-up on this card once it happens.`,
  }));
}
