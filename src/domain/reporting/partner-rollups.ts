import type { FiscalQuarter } from '../incentives/fiscal-quarters';
import { fiscalQuarterOf, isInQuarter as isInFiscalQuarter, previousFiscalQuarter } from '../incentives/fiscal-quarters';
import { fiscalYearStartMonthOf, tierFor } from '../incentives/quarter-incentives';
import type { Result } from '../result';
import { ok } from '../result';
import type { RuleSet } from '../rule-set';
import { selectRuleSet } from '../rule-set';
import type { ProgramReport, ReportDeal } from './metrics';
import { computeProgramReport, rolePartnerIds } from './metrics';
import type { Quarter } from './quarter';
import { previousQuarter, quarterOf } from './quarter';

/*
 * Per-partner figures (docs/decisions/0018-partner-rollups-and-program-view.md): a partner's
 * figures are the program metrics of decision 0013 computed over the deals on which that partner
 * holds a role, so a partner's "co-sell pipeline" or "win rate" means exactly what the program's
 * does. The tier follows decision 0012 (fiscal quarters, the rule set in force on the last day of
 * the quarter that qualified).
 */

/** The deals on which `partnerId` holds at least one role. */
export function dealsOfPartner(deals: readonly ReportDeal[], partnerId: string): ReportDeal[] {
  return deals.filter((d) => d.partners.some((p) => p.id === partnerId && p.roles.length > 0));
}

/**
 * The program report restricted to one partner's deals: its own pipeline, co-sell and solo win
 * rates, deal sizes, days to close, its pairings and its dispute rate, against the same bands.
 *
 * @example partnerReport(deals, '101', quarter, 'USD').value.coSell.won // co-sell wins of 101 in the quarter
 */
export function partnerReport(deals: readonly ReportDeal[], partnerId: string, quarter: Quarter, homeCurrency: string): Result<ProgramReport> {
  return computeProgramReport({ quarter, homeCurrency, deals: dealsOfPartner(deals, partnerId) });
}

/** One quarter of a partner's co-sell rollup. */
export interface RollupQuarter {
  quarter: string;
  /** Sum of the home amounts of its co-sell deals created in the quarter. */
  coSellPipeline: string;
  /** Its co-sell deals closed won in the quarter (calendar quarter). */
  coSellWins: number;
  coSellClosed: number;
  /** Co-sell won ÷ co-sell closed, 4 decimals; null when none closed. */
  coSellWinRate: string | null;
  /** Average home amount of its co-sell deals won in the quarter; null when none. */
  avgWonDealSize: string | null;
}

export interface PartnerTier {
  /** The tier in force, or null when the qualifying quarter's wins earned none. */
  name: string | null;
  benefits: string[];
  /** The fiscal quarter the tier is in force for (the current one). */
  inForceFor: string;
  /** The fiscal quarter whose co-sell wins earned it (the previous one). */
  earnedIn: string;
  /** Co-sell wins in `earnedIn`. */
  earnedWith: number;
}

export interface PartnerRollup {
  partnerId: string;
  currency: string;
  thisQuarter: RollupQuarter;
  lastQuarter: RollupQuarter;
  /** Co-sell wins so far in the current fiscal quarter (decision 0012's count). */
  coSellWinsQtd: number;
  fiscalQuarter: string;
  tier: PartnerTier;
}

export interface RollupInput {
  deals: readonly ReportDeal[];
  homeCurrency: string;
  /** Today, YYYY-MM-DD (UTC): decides "this quarter". */
  today: string;
  /** The published rule sets (their incentives give the fiscal calendar and the tiers). */
  ruleSets: readonly RuleSet[];
  /** The partners to roll up (a partner without deals gets zeros). */
  partnerIds: readonly string[];
}

function rollupQuarter(report: ProgramReport): RollupQuarter {
  return {
    quarter: report.quarter,
    coSellPipeline: report.coSellPipeline,
    coSellWins: report.coSell.won,
    coSellClosed: report.coSell.closed,
    coSellWinRate: report.coSell.winRate,
    avgWonDealSize: report.coSell.avgWonDealSize,
  };
}

/** Co-sell wins of each partner in a fiscal quarter (won, close date inside, two or more role holders). */
function fiscalCoSellWins(deals: readonly ReportDeal[], q: FiscalQuarter): Map<string, number> {
  const wins = new Map<string, number>();
  for (const d of deals) {
    if (d.stage !== 'won' || d.closeDate === null || !isInFiscalQuarter(d.closeDate, q)) continue;
    const ids = rolePartnerIds(d.partners);
    if (ids.length < 2) continue;
    for (const id of ids) wins.set(id, (wins.get(id) ?? 0) + 1);
  }
  return wins;
}

/**
 * Each partner's rollup: this and last calendar quarter's co-sell figures (decision 0013) and the
 * tier in force this fiscal quarter, earned by the previous fiscal quarter's co-sell wins under the
 * tiers of the rule set in force on that quarter's last day (decision 0012).
 */
export function computePartnerRollups(input: RollupInput): Result<PartnerRollup[]> {
  const thisQ = quarterOf(input.today);
  const lastQ = previousQuarter(thisQ);
  const startMonth = fiscalYearStartMonthOf(input.ruleSets);
  const fiscalNow = fiscalQuarterOf(input.today, startMonth) as FiscalQuarter;
  const fiscalPrev = previousFiscalQuarter(fiscalNow, startMonth);
  const winsNow = fiscalCoSellWins(input.deals, fiscalNow);
  const winsPrev = fiscalCoSellWins(input.deals, fiscalPrev);
  const chosen = input.ruleSets.length > 0 ? selectRuleSet([...input.ruleSets], fiscalPrev.lastDay) : null;
  const tiers = chosen?.ok ? (chosen.value.incentives?.tiers ?? []) : [];

  const byPartner = new Map<string, ReportDeal[]>(input.partnerIds.map((id) => [id, []]));
  for (const d of input.deals) {
    for (const id of rolePartnerIds(d.partners)) byPartner.get(id)?.push(d);
  }
  const out: PartnerRollup[] = [];
  for (const partnerId of input.partnerIds) {
    const deals = byPartner.get(partnerId) ?? [];
    const now = computeProgramReport({ quarter: thisQ, homeCurrency: input.homeCurrency, deals });
    if (!now.ok) return now;
    const before = computeProgramReport({ quarter: lastQ, homeCurrency: input.homeCurrency, deals });
    if (!before.ok) return before;
    const earnedWith = winsPrev.get(partnerId) ?? 0;
    const tier = tierFor(tiers, earnedWith);
    out.push({
      partnerId,
      currency: input.homeCurrency,
      thisQuarter: rollupQuarter(now.value),
      lastQuarter: rollupQuarter(before.value),
      coSellWinsQtd: winsNow.get(partnerId) ?? 0,
      fiscalQuarter: fiscalNow.label,
      tier: { name: tier?.name ?? null, benefits: tier ? [...tier.benefits] : [], inForceFor: fiscalNow.label, earnedIn: fiscalPrev.label, earnedWith },
    });
  }
  return ok(out);
}
