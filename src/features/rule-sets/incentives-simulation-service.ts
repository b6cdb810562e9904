// "Try on last quarter" (settings page): the pure quarter math of `cosell payouts simulate`, run on
// the portal's won partner deals, for a rule set not yet published. Nothing is written.

import type * as Api from '../../contract/card-api';
import type { QuarterIncentives, RuleSet } from '../../domain';
import { computeQuarterIncentives, fiscalQuarterOf, fiscalYearStartMonthOf, parseQuarterLabel, parseRuleSet, previousFiscalQuarter } from '../../domain';
import type { AppDeps } from '../../app/app-deps';
import { loadRuleSets } from '../../app/deal-context';
import { readWonPartnerDeals } from '../../app/won-partner-deals';
import type { Outcome } from '../shared/outcome';
import { ok } from '../shared/outcome';

/**
 * The rule set tried is put in force from long before the quarters simulated, so every deal is
 * computed with it: the point is to see last quarter's deals under these rules.
 */
const IN_FORCE_ALL_ALONG = '1970-01-01';

/**
 * What partners would have earned in a fiscal quarter (`quarterLabel`, by default the last full
 * one, by the fiscal calendar of the rule set tried) under `ruleSet`, next to what the rules
 * published today pay for it. The deals are the won partner deals the account index knows, read
 * from HubSpot as they are now.
 */
export async function simulateIncentives(deps: AppDeps, ruleSet: unknown, quarterLabel?: string): Promise<Outcome<Api.IncentivesSimulation>> {
  const parsed = parseRuleSet(ruleSet, 'ruleSet');
  const startMonth = parsed.ok ? (parsed.value.incentives?.fiscalYearStartMonth ?? 1) : 1;
  const today = deps.clock().toISOString().slice(0, 10);
  const current = fiscalQuarterOf(today, startMonth);
  if (!current) throw new Error(`no fiscal quarter for ${today}`);
  const chosen = quarterLabel === undefined ? null : parseQuarterLabel(quarterLabel, startMonth, 'quarter');
  const last = chosen?.ok ? chosen.value : previousFiscalQuarter(current, startMonth);
  const before = previousFiscalQuarter(last, startMonth);
  const quarter = { label: last.label, firstDay: last.firstDay, lastDay: last.lastDay };
  const errors = [...(parsed.ok ? [] : parsed.errors), ...(chosen && !chosen.ok ? chosen.errors : [])];
  if (!parsed.ok || errors.length > 0) return ok({ errors, quarter, wonDeals: 0, skippedDeals: 0, partners: [] });
  const tried: RuleSet = { ...parsed.value, effectiveFrom: IN_FORCE_ALL_ALONG };

  // Won partner deals closing in the quarter or the one before (it decides uplifts and held tiers).
  const { deals, skippedDeals, partnerNames: names } = await readWonPartnerDeals(deps, before.firstDay, last.lastDay, tried.dealProperties ?? []);

  const withTried = computeQuarterIncentives({ rules: [tried], quarter: last.label, deals });
  if (!withTried.ok) return ok({ errors: withTried.errors, quarter, wonDeals: deals.length, skippedDeals, partners: [] });
  const published = await loadRuleSets(deps.store);
  // The published rules may count quarters from another month: then the same label means other dates.
  const comparable = fiscalYearStartMonthOf(published) === startMonth;
  const withPublished: QuarterIncentives | null = comparable ? unwrap(computeQuarterIncentives({ rules: published, quarter: last.label, deals })) : null;
  const publishedTotals = new Map((withPublished?.partners ?? []).map((f) => [`${f.partnerId}\u0000${f.currency}`, f.total]));

  const rows: Api.IncentivesSimulationRow[] = withTried.value.partners.map((f) => ({
    companyId: f.partnerId,
    name: names.get(f.partnerId) ?? f.partnerName ?? `Company ${f.partnerId}`,
    currency: f.currency,
    coSellWins: f.coSellWins,
    heldTier: f.heldTier,
    tier: f.tier,
    commission: f.commission,
    bonus: f.bonus,
    uplift: f.uplift,
    tierUplift: f.tierUplift,
    total: f.total,
    publishedTotal: comparable ? (publishedTotals.get(`${f.partnerId}\u0000${f.currency}`) ?? '0') : null,
  }));
  rows.sort((a, b) => a.name.localeCompare(b.name) || (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
  return ok({ errors: [], quarter, wonDeals: deals.length, skippedDeals, partners: rows });
}

function unwrap<T>(result: { ok: true; value: T } | { ok: false }): T | null {
  return result.ok ? result.value : null;
}
