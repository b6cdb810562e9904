// Quarter incentive lines (docs/decisions/0014-commission-ledger.md, "Quarter lines"): the job
// that reads the quarter's won partner deals, computes the co-sell bonus, uplifts and tier uplifts
// (docs/decisions/0012-incentives.md) and appends the lines that bring the ledger to them. Run
// daily for the previous fiscal quarter (late closes) and from `cosell payouts incentives`.
import { z } from 'zod';
import { computeQuarterIncentives, fiscalQuarterOf, fiscalYearStartMonthOf, formatMoney, parseQuarterLabel, previousFiscalQuarter } from '../../domain';
import type { QuarterLine } from '../../domain/payouts';
import { quarterLinesFor } from '../../domain/payouts';
import type { AppDeps } from '../../app/app-deps';
import { loadRuleSets } from '../../app/deal-context';
import { readWonPartnerDeals } from '../../app/won-partner-deals';
import type { JobHandler } from '../../jobs/job-registry';
import type { Outcome } from '../shared/outcome';
import { invalid, ok } from '../shared/outcome';
import { queuePartnerRefresh } from './partner-commission';

export const quarterIncentivesJobSchema = z.object({ type: z.literal('quarter-incentives'), quarter: z.string().regex(/^\d{4}-Q[1-4]$/).optional() });
export type QuarterIncentivesJob = z.infer<typeof quarterIncentivesJobSchema>;

/** One appended (or, in a dry run, due) line, named for people. */
export interface QuarterLineView {
  key: string;
  kind: QuarterLine['kind'];
  partnerId: string;
  partnerName: string;
  dealId: string | null;
  dealName: string | null;
  amount: string;
  currency: string;
  ruleVersion: string | null;
}

export interface QuarterIncentivesResult {
  quarter: string;
  dryRun: boolean;
  wonDeals: number;
  skippedDeals: number;
  /** Lines appended (in a dry run: the lines a run would append). Empty when the ledger already nets to the figures. */
  lines: QuarterLineView[];
}

/**
 * Computes `quarterLabel` (default: the fiscal quarter before today's, by the published rules'
 * calendar) from the won partner deals as HubSpot has them now and appends, in one store
 * transaction, the quarter lines the ledger lacks. Running it again appends nothing; after a late
 * change it appends the differences.
 */
export async function appendQuarterIncentives(deps: AppDeps, opts: { quarter?: string; dryRun?: boolean } = {}): Promise<Outcome<QuarterIncentivesResult>> {
  const rules = await loadRuleSets(deps.store);
  const startMonth = fiscalYearStartMonthOf(rules);
  const today = deps.clock().toISOString().slice(0, 10);
  const current = fiscalQuarterOf(today, startMonth);
  if (!current) throw new Error(`no fiscal quarter for ${today}`);
  let quarter = previousFiscalQuarter(current, startMonth);
  if (opts.quarter !== undefined) {
    const parsed = parseQuarterLabel(opts.quarter, startMonth, 'quarter');
    if (!parsed.ok) return invalid(parsed.errors, 'the quarter is invalid');
    quarter = parsed.value;
  }
  const before = previousFiscalQuarter(quarter, startMonth);
  const alsoRead = [...new Set(rules.flatMap((r) => r.dealProperties ?? []))];
  const { deals, skippedDeals, partnerNames } = await readWonPartnerDeals(deps, before.firstDay, quarter.lastDay, alsoRead);
  const computed = computeQuarterIncentives({ rules, quarter: quarter.label, deals });
  if (!computed.ok) return invalid(computed.errors, `the deals of ${quarter.label} cannot be computed`);

  const existing = (await deps.store.commissionLedger.list()).filter((l) => l.key.startsWith(`quarter:${quarter.label}:`));
  const due = quarterLinesFor(computed.value, existing);
  const dealNames = new Map(deals.map((d) => [d.id, d.name ?? `Deal ${d.id}`]));
  for (const l of existing) if (!dealNames.has(l.dealId)) dealNames.set(l.dealId, `Deal ${l.dealId}`);
  const view = (l: QuarterLine): QuarterLineView => ({
    key: l.key,
    kind: l.kind,
    partnerId: l.partnerId,
    partnerName: partnerNames.get(l.partnerId) ?? `Company ${l.partnerId}`,
    dealId: l.kind === 'uplift' ? l.dealId : null,
    dealName: l.kind === 'uplift' ? (dealNames.get(l.dealId) ?? `Deal ${l.dealId}`) : null,
    amount: formatMoney(l.amountMinor, l.currency),
    currency: l.currency,
    ruleVersion: l.ruleVersion,
  });
  const result = { quarter: quarter.label, dryRun: opts.dryRun === true, wonDeals: deals.length, skippedDeals };
  if (opts.dryRun || due.length === 0) return ok({ ...result, lines: due.map(view) });

  // One append is one store transaction; a key another run appended first is skipped, not doubled.
  const appended = await deps.store.commissionLedger.append(
    due.map((l) => ({
      key: l.key,
      dealId: l.dealId,
      partnerId: l.partnerId,
      kind: l.kind,
      amountMinor: l.amountMinor,
      currency: l.currency,
      homeAmountMinor: null,
      homeCurrency: null,
      ruleVersion: l.ruleVersion,
      sourceEntryId: null,
    })),
  );
  const stored = new Set(appended.map((l) => l.key));
  await queuePartnerRefresh(deps.store, appended.map((l) => l.partnerId), `quarter:${quarter.label}:${appended[0]?.id ?? 'none'}`, deps.clock());
  return ok({ ...result, lines: due.filter((l) => stored.has(l.key)).map(view) });
}

export const quarterIncentivesJob: JobHandler<QuarterIncentivesJob> = {
  type: 'quarter-incentives',
  schema: quarterIncentivesJobSchema,
  run: async (deps, job) => {
    const outcome = await appendQuarterIncentives(deps, job.quarter === undefined ? {} : { quarter: job.quarter });
    if (!outcome.ok) deps.logger.warn({ quarter: job.quarter, fields: outcome.fields }, `quarter incentives not appended: ${outcome.message}`);
    else if (outcome.value.lines.length > 0) deps.logger.info({ quarter: outcome.value.quarter, lines: outcome.value.lines.length }, 'quarter incentive lines appended');
    return undefined;
  },
};
