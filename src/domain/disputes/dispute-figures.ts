import type { DisputeTarget } from '../reporting/targets';
import { computeProgramReport } from '../reporting/metrics';
import type { Quarter } from '../reporting/quarter';

export type DisputeStatus = 'open' | 'upheld' | 'rejected';

/** What the figures need of a dispute. */
export interface DisputeFacts {
  id: string;
  dealId: string;
  status: DisputeStatus;
  openedAt: string;
  partners: ReadonlyArray<{ id: string }>;
}

/**
 * The deal property `cosell_dispute_status` for one deal: `open` while any dispute on it is open,
 * else the latest decided one's status, '' (cleared) when there is none.
 *
 * @example dealDisputeStatus([{ status: 'rejected', … }, { status: 'open', … }]) // "open"
 */
export function dealDisputeStatus(disputes: ReadonlyArray<Pick<DisputeFacts, 'id' | 'status'>>): '' | DisputeStatus {
  if (disputes.some((d) => d.status === 'open')) return 'open';
  const latest = [...disputes].sort((a, b) => compareIds(a.id, b.id)).at(-1);
  return latest?.status ?? '';
}

/** Open disputes per partner (a dispute counts for every partner on the deal when it was opened). */
export function openDisputeCounts(disputes: ReadonlyArray<DisputeFacts>, partnerIds: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>([...partnerIds].map((id) => [id, 0]));
  for (const d of disputes) {
    if (d.status !== 'open') continue;
    for (const p of new Set(d.partners.map((x) => x.id))) if (counts.has(p)) counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  return counts;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Open disputes opened more than `days` days before `now`, oldest first. */
export function overdueDisputes<T extends DisputeFacts>(disputes: ReadonlyArray<T>, now: Date, days: number): T[] {
  const limit = now.getTime() - days * DAY_MS;
  return disputes.filter((d) => d.status === 'open' && Date.parse(d.openedAt) < limit).sort((a, b) => compareIds(a.id, b.id));
}

/** A closed deal as the dispute rate sees it. */
export interface ClosedDealFacts {
  dealId: string;
  status: 'won' | 'lost';
  closeDate: string;
  partnerIds: readonly string[];
}

export interface DisputeRate {
  quarter: string;
  coSellClosed: number;
  disputed: number;
  /** 4 decimals ("0.0625"), or null when no co-sell deal closed in the quarter. */
  rate: string | null;
  target: DisputeTarget;
}

/**
 * The dispute rate of a quarter as program reporting defines it (docs/decisions/0013-reporting-metrics.md):
 * co-sell deals closed in the quarter with at least one dispute ÷ co-sell deals closed in it,
 * with its reading (below 5 % healthy, above 10 % rules unclear, 0 % suspicious).
 */
export function disputeRateFor(quarter: Quarter, deals: ReadonlyArray<ClosedDealFacts>, disputedDealIds: ReadonlySet<string>): DisputeRate {
  const report = computeProgramReport({
    quarter,
    homeCurrency: 'USD',
    deals: deals.map((d) => ({
      id: d.dealId,
      // Amounts play no part in the dispute rate.
      amountMinor: 0n,
      currency: 'USD',
      exchangeRate: null,
      createDate: d.closeDate,
      closeDate: d.closeDate,
      stage: d.status,
      partners: d.partnerIds.map((id) => ({ id, roles: ['selling'] })),
      disputed: disputedDealIds.has(d.dealId),
    })),
  });
  if (!report.ok) throw new Error(`disputeRateFor: ${report.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  const coSell = deals.filter((d) => new Set(d.partnerIds).size >= 2 && d.closeDate >= quarter.start && d.closeDate <= quarter.end);
  return {
    quarter: quarter.label,
    coSellClosed: report.value.coSell.closed,
    disputed: coSell.filter((d) => disputedDealIds.has(d.dealId)).length,
    rate: report.value.disputeRate,
    target: report.value.targets.disputeRate,
  };
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
