import type { AttributionPlan } from '../compute-attribution';
import { computeAttribution } from '../compute-attribution';
import { toIsoDate } from '../iso-date';
import { currencyMinorUnits, divideRoundHalfAwayFromZero, formatMoney, parseMoney } from '../money';
import type { FieldError, Result } from '../result';
import { failAll, ok } from '../result';
import type { Incentives, RuleSet, Tier } from '../rule-set';
import { formatHundredths, latestRuleSet, parseRuleSets, percentStringToHundredths, selectRuleSet } from '../rule-set';
import type { AttributionModel } from '../vocabulary';
import { isAttributionModel, isRole } from '../vocabulary';
import type { FiscalQuarter } from './fiscal-quarters';
import { isInQuarter, nextFiscalQuarter, parseQuarterLabel, previousFiscalQuarter } from './fiscal-quarters';

/*
 * The incentive math of docs/decisions/0012-incentives.md: co-sell wins, commission, the fixed
 * bonus, the uplift and the tier of one fiscal quarter, per partner and per currency. Pure: the
 * deals come in as data, the rule sets as a history, and every amount is bigint minor units.
 */

export const DEAL_STAGES = ['won', 'lost', 'open'] as const;
export type DealStage = (typeof DEAL_STAGES)[number];

/** A deal as the incentive math sees it. Amounts are decimal strings in `currency`. */
export interface IncentiveDeal {
  id: string;
  name?: string;
  amount: string;
  currency: string;
  /** YYYY-MM-DD or an ISO date-time (read as written); required for a won deal. */
  closeDate?: string | null;
  stage: DealStage;
  model?: AttributionModel | null;
  /** Roles arrive as strings because they come from outside; unknown ones are errors. */
  partners: Array<{ id: string; name?: string; roles: string[] }>;
  /** Pipeline id and deal properties, so the rule set's overrides pick their deals (docs/rule-sets.md, "Overrides"). */
  pipeline?: string | null;
  properties?: Record<string, string | null> | null;
}

export interface QuarterIncentivesInput {
  /** One rule set or a history; each deal is computed with the one in force at its close date. */
  rules: RuleSet | RuleSet[];
  /** `2026-Q3`, read with the fiscal calendar of {@link fiscalYearStartMonthOf}. */
  quarter: string;
  /** The quarter's deals and the previous quarter's (they decide the uplift); others are ignored. */
  deals: IncentiveDeal[];
}

/** One won deal's part in a partner's quarter. */
export interface DealEarning {
  dealId: string;
  dealName?: string;
  closeDate: string;
  ruleVersion: string;
  model: AttributionModel;
  /** Two or more partners hold roles on it, this partner among them. */
  coSellWin: boolean;
  allocation: string;
  allocationMinor: bigint;
  upliftMinor: bigint;
  uplift: string;
  /** The held tier's commission uplift on this allocation (0 without one). */
  tierUpliftMinor: bigint;
  tierUplift: string;
}

/** One partner's figures in one currency. Wins and tier are per partner, repeated on each currency. */
export interface PartnerQuarterFigure {
  partnerId: string;
  partnerName?: string;
  coSellWins: number;
  /** The previous quarter's co-sell wins: what decided this quarter's uplift. */
  previousCoSellWins: number;
  /** The tier this quarter's co-sell wins earn, in force next quarter; null when none. */
  tier: string | null;
  tierBenefits: string[];
  /** The tier the partner holds during this quarter (earned by the previous quarter's wins); null when none. */
  heldTier: string | null;
  currency: string;
  commissionMinor: bigint;
  bonusMinor: bigint;
  upliftMinor: bigint;
  /** The held tier's commissionUpliftPercent on each won-deal allocation, summed; outside the pool. */
  tierUpliftMinor: bigint;
  totalMinor: bigint;
  commission: string;
  bonus: string;
  uplift: string;
  tierUplift: string;
  total: string;
  deals: DealEarning[];
  /** How the bonus, uplift and tier came about, in words a partner can follow. */
  explanation: string[];
}

export interface QuarterIncentives {
  quarter: FiscalQuarter;
  previousQuarter: FiscalQuarter;
  nextQuarter: FiscalQuarter;
  fiscalYearStartMonth: number;
  /** The rule set in force on the quarter's last day (its fixed bonus and tiers apply), if any. */
  incentivesVersion: string | null;
  /** The rule set in force on the previous quarter's last day (its uplift applies), if any. */
  upliftVersion: string | null;
  /** Sorted by partner id, then currency (plain string order). */
  partners: PartnerQuarterFigure[];
}

/**
 * The fiscal calendar used to read quarter labels: that of the newest rule set (by effective
 * date) with incentives, else calendar quarters (1).
 */
export function fiscalYearStartMonthOf(ruleSets: readonly RuleSet[]): number {
  const withIncentives = ruleSets.filter((r) => r.incentives !== undefined);
  return latestRuleSet(withIncentives)?.incentives?.fiscalYearStartMonth ?? 1;
}

/**
 * The highest tier whose `minCoSellWins` ≤ `wins`, or null. Tiers need not be sorted.
 *
 * @example tierFor([{ name: 'Silver', minCoSellWins: 5, benefits: [] }], 5)?.name // "Silver"
 */
export function tierFor(tiers: readonly Tier[], wins: number): Tier | null {
  let best: Tier | null = null;
  for (const tier of tiers) {
    if (tier.minCoSellWins <= wins && (!best || tier.minCoSellWins > best.minCoSellWins)) best = tier;
  }
  return best;
}

/**
 * The uplift on one allocation: `allocation × percent`, rounded half away from zero to the minor
 * unit. `percentHundredths` is hundredths of a percentage point (5% = 500n).
 *
 * @example upliftOn(33350n, 500n) // 1668n (333.50 × 5% = 16.675 → 16.68)
 */
export function upliftOn(allocationMinor: bigint, percentHundredths: bigint): bigint {
  return divideRoundHalfAwayFromZero(allocationMinor * percentHundredths, 10000n);
}

/** Partners holding at least one role on the deal (the ones a co-sell win counts for). */
function roleHolders(deal: IncentiveDeal): string[] {
  return deal.partners.filter((p) => p.roles.length > 0).map((p) => p.id.trim());
}

/**
 * Each partner's co-sell wins among `deals` in quarter `q`: deals closed won with the close date in
 * `q` on which two or more partners hold roles, this partner among them.
 */
export function coSellWinsIn(deals: readonly IncentiveDeal[], q: FiscalQuarter): Map<string, number> {
  const wins = new Map<string, number>();
  for (const deal of deals) {
    if (deal.stage !== 'won' || !deal.closeDate) continue;
    const day = toIsoDate(deal.closeDate);
    if (day === null || !isInQuarter(day, q)) continue;
    const holders = new Set(roleHolders(deal));
    if (holders.size < 2) continue;
    for (const id of holders) wins.set(id, (wins.get(id) ?? 0) + 1);
  }
  return wins;
}

/** Checks what the math relies on for every deal, wherever its close date falls. */
function validateDeals(deals: readonly IncentiveDeal[]): FieldError[] {
  const errors: FieldError[] = [];
  const ids = new Map<string, number>();
  deals.forEach((deal, i) => {
    const at = `deals[${i}]`;
    const id = typeof deal.id === 'string' ? deal.id.trim() : '';
    if (id === '') errors.push({ path: `${at}.id`, message: 'must be a non-empty string' });
    const earlier = ids.get(id);
    if (id !== '' && earlier !== undefined) errors.push({ path: `${at}.id`, message: `duplicate deal id "${id}" (also deals[${earlier}])` });
    ids.set(id, i);
    if (!(DEAL_STAGES as readonly string[]).includes(deal.stage)) {
      errors.push({ path: `${at}.stage`, message: `must be one of ${DEAL_STAGES.join(', ')}` });
    }
    if (deal.closeDate !== undefined && deal.closeDate !== null && toIsoDate(deal.closeDate) === null) {
      errors.push({ path: `${at}.closeDate`, message: `"${deal.closeDate}" is not a date YYYY-MM-DD` });
    } else if (deal.stage === 'won' && !deal.closeDate) {
      errors.push({ path: `${at}.closeDate`, message: 'a won deal needs its close date (it decides the quarter and the rule set)' });
    }
    if (currencyMinorUnits(deal.currency) === undefined) {
      errors.push({ path: `${at}.currency`, message: `unknown currency "${String(deal.currency)}"` });
    } else {
      const amount = parseMoney(String(deal.amount), deal.currency, `${at}.amount`);
      if (!amount.ok) errors.push(...amount.errors);
      else if (amount.value < 0n) errors.push({ path: `${at}.amount`, message: `must not be negative, got "${deal.amount}"` });
    }
    if (deal.model !== undefined && deal.model !== null && !isAttributionModel(deal.model)) {
      errors.push({ path: `${at}.model`, message: `unknown model "${String(deal.model)}"` });
    }
    const partnerIds = new Map<string, number>();
    deal.partners.forEach((partner, j) => {
      const pid = typeof partner.id === 'string' ? partner.id.trim() : '';
      if (pid === '') errors.push({ path: `${at}.partners[${j}].id`, message: 'must be a non-empty string' });
      const same = partnerIds.get(pid);
      if (pid !== '' && same !== undefined) errors.push({ path: `${at}.partners[${j}].id`, message: `duplicate partner id "${pid}" (also partners[${same}])` });
      partnerIds.set(pid, j);
      partner.roles.forEach((role, k) => {
        if (!isRole(role)) errors.push({ path: `${at}.partners[${j}].roles[${k}]`, message: `unknown role ${JSON.stringify(role)}` });
      });
    });
  });
  return errors;
}

/** computeAttribution's error paths (`deal.amount`, `partners[0]…`, `rules`) under `deals[i]`. */
function dealErrorPath(index: number, path: string): string {
  if (path.startsWith('deal.')) return `deals[${index}].${path.slice('deal.'.length)}`;
  if (path.startsWith('partners') || path === 'model') return `deals[${index}].${path}`;
  if (path === 'rules') return `deals[${index}].closeDate`;
  return path;
}

/** The incentives of the rule set in force on `day`, if any. */
function incentivesOn(ruleSets: RuleSet[], day: string): { version: string; incentives: Incentives | undefined } | null {
  const chosen = selectRuleSet(ruleSets, day);
  return chosen.ok ? { version: chosen.value.version, incentives: chosen.value.incentives } : null;
}

interface Bucket {
  partnerId: string;
  partnerName?: string;
  currency: string;
  deals: DealEarning[];
}

/**
 * Every partner's figures for one fiscal quarter: co-sell wins, commission (each won deal computed
 * with the rule set in force on its close date), the fixed bonus, the uplift earned by the previous
 * quarter's qualification, the commission uplift of the tier held (earned by the previous quarter's
 * wins), and the tier this quarter's wins earn. One figure per currency; amounts
 * in different currencies are never added. Partners with no co-sell win and nothing earned in the
 * quarter are left out.
 */
export function computeQuarterIncentives(input: QuarterIncentivesInput): Result<QuarterIncentives> {
  const parsedRules = parseRuleSets(input.rules, 'rules');
  if (!parsedRules.ok) return parsedRules;
  const ruleSets = parsedRules.value;
  const startMonth = fiscalYearStartMonthOf(ruleSets);
  const parsedQuarter = parseQuarterLabel(input.quarter, startMonth, 'quarter');
  const errors: FieldError[] = parsedQuarter.ok ? [] : [...parsedQuarter.errors];
  errors.push(...validateDeals(input.deals));
  if (!parsedQuarter.ok || errors.length > 0) return failAll(errors);
  const quarter = parsedQuarter.value;
  const previous = previousFiscalQuarter(quarter, startMonth);

  // --- commission: every won deal closed in the quarter, under the rules in force at its close date ---
  const buckets = new Map<string, Bucket>();
  const coSell = coSellWinsIn(input.deals, quarter);
  const previousWins = coSellWinsIn(input.deals, previous);
  input.deals.forEach((deal, index) => {
    const day = deal.stage === 'won' && deal.closeDate ? toIsoDate(deal.closeDate) : null;
    if (day === null || !isInQuarter(day, quarter)) return;
    const plan = computeAttribution({
      deal: {
        id: deal.id,
        ...(deal.name ? { name: deal.name } : {}),
        amount: deal.amount,
        currency: deal.currency,
        closeDate: day,
        ...(deal.pipeline !== undefined ? { pipeline: deal.pipeline } : {}),
        ...(deal.properties !== undefined ? { properties: deal.properties } : {}),
      },
      model: deal.model ?? null,
      partners: deal.partners,
      rules: ruleSets,
    });
    if (!plan.ok) {
      errors.push(...plan.errors.map((e) => ({ path: dealErrorPath(index, e.path), message: e.message })));
      return;
    }
    const holders = new Set(roleHolders(deal));
    for (const allocation of plan.value.allocations) {
      const key = `${allocation.partnerId}\u0000${plan.value.currency}`;
      let bucket = buckets.get(key);
      if (!bucket) {
        const partnerName = deal.partners.find((p) => p.id.trim() === allocation.partnerId)?.name;
        bucket = { partnerId: allocation.partnerId, ...(partnerName ? { partnerName } : {}), currency: plan.value.currency, deals: [] };
        buckets.set(key, bucket);
      }
      bucket.deals.push(earning(deal, day, plan.value, allocation.amountMinor, holders.size >= 2 && holders.has(allocation.partnerId)));
    }
  });
  if (errors.length > 0) return failAll(errors);

  // --- the incentives that apply: those in force on the last day of the quarter that qualified ---
  const atQuarterEnd = incentivesOn(ruleSets, quarter.lastDay);
  const atPreviousEnd = incentivesOn(ruleSets, previous.lastDay);
  const bonus = atQuarterEnd?.incentives?.coSellBonus;
  const fixed = bonus?.reward.kind === 'fixed' ? { min: bonus.minCoSellWins, reward: bonus.reward, version: atQuarterEnd?.version ?? '' } : null;
  const previousBonus = atPreviousEnd?.incentives?.coSellBonus;
  const uplift =
    previousBonus?.reward.kind === 'uplift'
      ? { min: previousBonus.minCoSellWins, percent: percentStringToHundredths(previousBonus.reward.percent), version: atPreviousEnd?.version ?? '' }
      : null;
  const tiers = atQuarterEnd?.incentives?.tiers ?? [];
  // The tier held during this quarter was earned by the previous quarter's wins, under that quarter's rules.
  const heldTiers = atPreviousEnd?.incentives?.tiers ?? [];

  // A fixed bonus may be in a currency the partner sold nothing in this quarter: it gets its own figure.
  if (fixed) {
    for (const [partnerId, wins] of coSell) {
      if (wins < fixed.min) continue;
      const key = `${partnerId}\u0000${fixed.reward.currency}`;
      if (!buckets.has(key)) {
        const partnerName = [...buckets.values()].find((b) => b.partnerId === partnerId)?.partnerName;
        buckets.set(key, { partnerId, ...(partnerName ? { partnerName } : {}), currency: fixed.reward.currency, deals: [] });
      }
    }
  }

  const nextQuarter = nextFiscalQuarter(quarter, startMonth);
  const figures: PartnerQuarterFigure[] = [];
  for (const bucket of buckets.values()) {
    const wins = coSell.get(bucket.partnerId) ?? 0;
    const winsBefore = previousWins.get(bucket.partnerId) ?? 0;
    const tier = tierFor(tiers, wins);
    const fmt = (minor: bigint) => formatMoney(minor, bucket.currency);
    const explanation: string[] = [];

    const upliftApplies = uplift !== null && winsBefore >= uplift.min;
    const held = tierFor(heldTiers, winsBefore);
    const tierPercent = held?.commissionUpliftPercent ? percentStringToHundredths(held.commissionUpliftPercent) : 0n;
    const deals = bucket.deals.map((d) => {
      const extra = upliftApplies && uplift ? upliftOn(d.allocationMinor, uplift.percent) : 0n;
      const tierExtra = tierPercent > 0n ? upliftOn(d.allocationMinor, tierPercent) : 0n;
      return { ...d, upliftMinor: extra, uplift: fmt(extra), tierUpliftMinor: tierExtra, tierUplift: fmt(tierExtra) };
    });
    const commissionMinor = deals.reduce((sum, d) => sum + d.allocationMinor, 0n);
    const upliftMinor = deals.reduce((sum, d) => sum + d.upliftMinor, 0n);
    const tierUpliftMinor = deals.reduce((sum, d) => sum + d.tierUpliftMinor, 0n);
    let bonusMinor = 0n;
    if (fixed && wins >= fixed.min && fixed.reward.currency === bucket.currency) {
      const amount = parseMoney(fixed.reward.amount, fixed.reward.currency, 'reward.amount');
      bonusMinor = amount.ok ? amount.value : 0n;
    }

    explanation.push(
      `${wins} co-sell win${wins === 1 ? '' : 's'} in ${quarter.label} (${quarter.firstDay} to ${quarter.lastDay}); commission ${fmt(commissionMinor)} ${bucket.currency} from ${deals.length} won deal${deals.length === 1 ? '' : 's'}.`,
    );
    if (fixed) {
      const reached = wins >= fixed.min;
      explanation.push(
        reached
          ? fixed.reward.currency === bucket.currency
            ? `Co-sell bonus: ${wins} ≥ ${fixed.min} co-sell wins under rule set ${fixed.version}, so ${fmt(bonusMinor)} ${bucket.currency} for ${quarter.label}.`
            : `Co-sell bonus: earned, paid in ${fixed.reward.currency} (see that figure).`
          : `Co-sell bonus: ${wins} of the ${fixed.min} co-sell wins rule set ${fixed.version} asks for; no bonus for ${quarter.label}.`,
      );
    }
    if (uplift) {
      explanation.push(
        upliftApplies
          ? `Uplift: ${winsBefore} ≥ ${uplift.min} co-sell wins in ${previous.label} under rule set ${uplift.version}, so each won-deal allocation earns ${formatHundredths(uplift.percent)}% more (rounded half away from zero per allocation): ${fmt(upliftMinor)} ${bucket.currency}.`
          : `Uplift: ${winsBefore} of the ${uplift.min} co-sell wins in ${previous.label} rule set ${uplift.version} asks for; no uplift in ${quarter.label}.`,
      );
    }
    if (held && tierPercent > 0n) {
      explanation.push(
        `Tier uplift: ${held.name} held in ${quarter.label} (${winsBefore} ≥ ${held.minCoSellWins} co-sell wins in ${previous.label} under rule set ${atPreviousEnd?.version ?? ''}), so each won-deal allocation earns ${formatHundredths(tierPercent)}% more, outside the pool (rounded half away from zero per allocation): ${fmt(tierUpliftMinor)} ${bucket.currency}.`,
      );
    }
    if (tiers.length > 0) {
      explanation.push(
        tier
          ? `Tier: ${tier.name} (from ${tier.minCoSellWins} co-sell wins) for ${nextQuarter.label}.`
          : `Tier: none for ${nextQuarter.label} (the first, ${tiers[0]?.name}, needs ${tiers[0]?.minCoSellWins} co-sell wins).`,
      );
    }

    const totalMinor = commissionMinor + bonusMinor + upliftMinor + tierUpliftMinor;
    figures.push({
      partnerId: bucket.partnerId,
      ...(bucket.partnerName ? { partnerName: bucket.partnerName } : {}),
      coSellWins: wins,
      previousCoSellWins: winsBefore,
      tier: tier?.name ?? null,
      tierBenefits: tier?.benefits ?? [],
      heldTier: held?.name ?? null,
      currency: bucket.currency,
      commissionMinor,
      bonusMinor,
      upliftMinor,
      tierUpliftMinor,
      totalMinor,
      commission: fmt(commissionMinor),
      bonus: fmt(bonusMinor),
      uplift: fmt(upliftMinor),
      tierUplift: fmt(tierUpliftMinor),
      total: fmt(totalMinor),
      deals,
      explanation,
    });
  }

  // "Nothing in the quarter": no co-sell win and every amount zero, in every currency.
  const somethingFor = new Set(figures.filter((f) => f.coSellWins > 0 || f.totalMinor !== 0n).map((f) => f.partnerId));
  const partners = figures
    .filter((f) => somethingFor.has(f.partnerId))
    .sort((a, b) => compare(a.partnerId, b.partnerId) || compare(a.currency, b.currency));

  return ok({
    quarter,
    previousQuarter: previous,
    nextQuarter,
    fiscalYearStartMonth: startMonth,
    incentivesVersion: atQuarterEnd?.version ?? null,
    upliftVersion: atPreviousEnd?.version ?? null,
    partners,
  });
}

function earning(deal: IncentiveDeal, day: string, plan: AttributionPlan, amountMinor: string, coSellWin: boolean): DealEarning {
  const allocationMinor = BigInt(amountMinor);
  return {
    dealId: plan.dealId,
    ...(deal.name ? { dealName: deal.name } : {}),
    closeDate: day,
    ruleVersion: plan.ruleVersion,
    model: plan.model,
    coSellWin,
    allocationMinor,
    allocation: formatMoney(allocationMinor, plan.currency),
    upliftMinor: 0n,
    uplift: formatMoney(0n, plan.currency),
    tierUpliftMinor: 0n,
    tierUplift: formatMoney(0n, plan.currency),
  };
}

/** Plain string (UTF-16) order, never locale order: output must not depend on the machine. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
