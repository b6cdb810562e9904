// The partner company properties the commission ledger feeds (home currency, for HubSpot's own
// reports): projected on open deals, earned this fiscal quarter, paid this fiscal year. Refreshed by
// a job the worker runs after ledger lines are appended and after a run is recorded or paid.
import { z } from 'zod';
import { fiscalYearStartMonthOf, formatMoney } from '../../domain';
import { partnerLedgerFigures } from '../../domain/payouts';
import { loadRuleSets } from '../../app/deal-context';
import { homeTotalOf, readHomeCurrency } from '../../app/home-currency';
import type { AppDeps } from '../../app/app-deps';
import type { JobHandler } from '../../jobs/job-registry';
import { jobItem } from '../../jobs/inbox-job';
import type { Store } from '../../store/store';

export const PARTNER_COMMISSION_PROPERTIES = ['cosell_commission_projected', 'cosell_commission_earned_qtd', 'cosell_commission_paid_ytd'] as const;

export const partnerCommissionJobSchema = z.object({ type: z.literal('refresh-partner-commission'), partnerIds: z.array(z.string().min(1)).min(1) });
export type PartnerCommissionJob = z.infer<typeof partnerCommissionJobSchema>;

/** Queues a refresh of these partners' figures; `why` makes the dedupe key (one per ledger change). */
export async function queuePartnerRefresh(store: Store, partnerIds: Iterable<string>, why: string, now: Date): Promise<void> {
  const ids = [...new Set(partnerIds)].sort();
  if (ids.length === 0) return;
  await store.inbox.enqueue([jobItem<PartnerCommissionJob>({ type: 'refresh-partner-commission', partnerIds: ids }, `partner-commission:${why}`, now)]);
}

/**
 * Computes and writes the three figures for each partner, in one batched write (the gateway skips
 * values that did not change). Without a readable home currency nothing is written.
 */
export async function refreshPartnerCommission(deps: AppDeps, partnerIds: string[]): Promise<{ written: number }> {
  const home = await readHomeCurrency(deps);
  if (!home.ok) return { written: 0 };
  const startMonth = fiscalYearStartMonthOf(await loadRuleSets(deps.store));
  const today = deps.clock().toISOString().slice(0, 10);
  const changes: Array<{ companyId: string; properties: Record<string, string> }> = [];
  for (const partnerId of [...new Set(partnerIds)].sort()) {
    const lines = await deps.store.commissionLedger.list({ partnerId });
    const figures = partnerLedgerFigures(lines, home.currency, today, startMonth);
    // Projected: the latest computation of each open deal, converted at today's rates (derived, not ledger lines).
    const totals = await deps.store.ledger.partnerTotals(partnerId, '0001-01-01', '9999-12-31');
    const projected = homeTotalOf(totals.byCurrency.map((t) => ({ currency: t.currency, amount: formatMoney(t.openMinor, t.currency) })), home);
    changes.push({
      companyId: partnerId,
      properties: {
        cosell_commission_projected: projected.homeTotal?.amount ?? '',
        cosell_commission_earned_qtd: formatMoney(figures.earnedQtdMinor, home.currency),
        cosell_commission_paid_ytd: formatMoney(figures.paidYtdMinor, home.currency),
      },
    });
  }
  const report = await deps.gateway.writeCompanyProperties(changes);
  return { written: report.written };
}

export const partnerCommissionJob: JobHandler<PartnerCommissionJob> = {
  type: 'refresh-partner-commission',
  schema: partnerCommissionJobSchema,
  run: async (deps, job) => {
    await refreshPartnerCommission(deps, job.partnerIds);
    return undefined;
  },
};
