import { pairingKey } from '../account-conflicts';
import type { ExchangeRate } from '../exchange-rate';
import { convertMinorUnits } from '../exchange-rate';
import { divideRoundHalfAwayFromZero, formatMoney } from '../money';
import type { Result } from '../result';
import { fail, ok } from '../result';
import type { Quarter } from './quarter';
import { daysBetween, isInQuarter } from './quarter';
import type { Ratio } from './ratio';
import { compareRatios, formatRatio, ratio, roundRatio, subtractRatios } from './ratio';
import type { ProgramTargets } from './targets';
import { assessTargets } from './targets';

/*
 * The program metrics, defined once (docs/decisions/0013-reporting-metrics.md). Everything here
 * is exact: money in bigint minor units of the home currency, ratios as fractions rounded once at
 * the end. The CLI, and later the CRM properties and the app, all read these figures.
 */

/** How a deal is sold: with two or more partners holding roles, with one, or with none. */
export type Motion = 'co_sell' | 'solo' | 'direct';
export const MOTIONS: readonly Motion[] = ['co_sell', 'solo', 'direct'];

export type ReportStage = 'won' | 'lost' | 'open';
export const REPORT_STAGES: readonly ReportStage[] = ['won', 'lost', 'open'];

export interface ReportPartner {
  id: string;
  /** The partner's name, for people; the id is shown when there is none. */
  name?: string | undefined;
  roles: readonly string[];
}

/** One deal as the metrics see it (already validated: `parseReportFile` in ./input.ts). */
export interface ReportDeal {
  id: string;
  name?: string | undefined;
  /** Amount in minor units of `currency`, never negative. */
  amountMinor: bigint;
  currency: string;
  /** Units of the home currency per 1 unit of `currency`; null when `currency` is the home currency. */
  exchangeRate: ExchangeRate | null;
  /** Calendar date YYYY-MM-DD the deal was created. */
  createDate: string;
  /** Calendar date YYYY-MM-DD it closed (won or lost) or is expected to close; null when unknown. */
  closeDate: string | null;
  stage: ReportStage;
  partners: readonly ReportPartner[];
  /** At least one attribution dispute was opened on the deal. */
  disputed: boolean;
}

export interface ReportInput {
  quarter: Quarter;
  /** The portal's home (company) currency, ISO 4217. */
  homeCurrency: string;
  deals: readonly ReportDeal[];
}

/** Closed-deal figures of one group (co-sell or solo) for the quarter. */
export interface GroupFigures {
  /** Deals won or lost with a close date in the quarter. */
  closed: number;
  won: number;
  /** won ÷ closed, 4 decimals; null when nothing closed. */
  winRate: string | null;
  /** Sum of won amounts ÷ won, in the home currency; null when nothing was won. */
  avgWonDealSize: string | null;
  /** Mean of (close date − create date) in days over won deals, 1 decimal; null when nothing was won. */
  avgDaysToClose: string | null;
}

export interface PairingFigures {
  /** 1 = best. */
  rank: number;
  /** The partner ids sorted (plain string order) and joined by `+`. */
  key: string;
  partners: { id: string; name: string }[];
  /** Sum of amounts of the pairing's co-sell deals created in the quarter (home currency). */
  pipeline: string;
  /** Co-sell deals of the pairing created in the quarter. */
  created: number;
  closed: number;
  won: number;
  winRate: string | null;
}

export interface ProgramReport {
  quarter: string;
  /** The home currency every amount is in. */
  currency: string;
  partnerPipeline: string;
  coSellPipeline: string;
  coSellPipelineShare: string | null;
  coSell: GroupFigures;
  solo: GroupFigures;
  winRateDelta: string | null;
  pairings: { ranked: PairingFigures[]; top3: string[]; bottom3: string[] };
  disputeRate: string | null;
  targets: ProgramTargets;
}

/** The partner ids that hold at least one role on the deal, without repeats, in input order. */
export function rolePartnerIds(partners: readonly ReportPartner[]): string[] {
  const ids: string[] = [];
  for (const p of partners) if (p.roles.length > 0 && !ids.includes(p.id)) ids.push(p.id);
  return ids;
}

/**
 * Co-sell with two or more partners holding roles, solo with exactly one, direct with none. A
 * partner named on the deal without a role does not count.
 *
 * @example dealMotion([{ id: 'a', roles: ['selling'] }, { id: 'b', roles: [] }]) // "solo"
 */
export function dealMotion(partners: readonly ReportPartner[]): Motion {
  const n = rolePartnerIds(partners).length;
  return n >= 2 ? 'co_sell' : n === 1 ? 'solo' : 'direct';
}

/**
 * The deal's amount in minor units of the home currency: as is when the deal is in the home
 * currency, else converted at the deal's exchange rate and rounded once, half away from zero.
 * Errors name `deals[i].exchangeRate`.
 */
export function homeAmount(deal: ReportDeal, homeCurrency: string, path: string): Result<bigint> {
  if (deal.currency === homeCurrency) return ok(deal.amountMinor);
  if (deal.exchangeRate === null) {
    return fail(`${path}.exchangeRate`, `required: the deal is in ${deal.currency} and the home currency is ${homeCurrency}`);
  }
  const converted = convertMinorUnits(deal.amountMinor, deal.currency, homeCurrency, deal.exchangeRate);
  return converted.ok ? converted : fail(`${path}.currency`, converted.errors[0]?.message ?? 'cannot convert');
}

interface GroupTally {
  closed: number;
  won: number;
  wonAmount: bigint;
  wonDays: bigint;
  disputedClosed: number;
}

interface PairingTally {
  key: string;
  ids: string[];
  pipeline: bigint;
  created: number;
  closed: number;
  won: number;
}

const emptyGroup = (): GroupTally => ({ closed: 0, won: 0, wonAmount: 0n, wonDays: 0n, disputedClosed: 0 });

/**
 * Every program metric for the quarter, from the deals. Deals are read once; nothing depends on
 * their order. Fails only when a deal in another currency has no exchange rate.
 */
export function computeProgramReport(input: ReportInput): Result<ProgramReport> {
  const { quarter: q, homeCurrency } = input;
  let partnerPipeline = 0n;
  let coSellPipeline = 0n;
  const groups = { co_sell: emptyGroup(), solo: emptyGroup() };
  const pairings = new Map<string, PairingTally>();
  const names = new Map<string, string>();

  for (let i = 0; i < input.deals.length; i++) {
    const deal = input.deals[i] as ReportDeal;
    for (const p of deal.partners) if (p.name && !names.has(p.id)) names.set(p.id, p.name);
    const ids = rolePartnerIds(deal.partners);
    if (ids.length === 0) continue; // direct: no partner pipeline, no group
    const motion: Exclude<Motion, 'direct'> = ids.length >= 2 ? 'co_sell' : 'solo';
    const created = isInQuarter(deal.createDate, q);
    const closed = deal.stage !== 'open' && deal.closeDate !== null && isInQuarter(deal.closeDate, q);
    if (!created && !closed) continue;

    const amount = homeAmount(deal, homeCurrency, `deals[${i}]`);
    if (!amount.ok) return amount;
    const group = groups[motion];
    if (created) {
      partnerPipeline += amount.value;
      if (motion === 'co_sell') coSellPipeline += amount.value;
    }
    if (closed) {
      group.closed++;
      if (deal.disputed) group.disputedClosed++;
      if (deal.stage === 'won') {
        group.won++;
        group.wonAmount += amount.value;
        group.wonDays += BigInt(daysBetween(deal.createDate, deal.closeDate as string));
      }
    }
    if (motion === 'co_sell') {
      const key = pairingKey(ids);
      let tally = pairings.get(key);
      if (!tally) {
        tally = { key, ids: key.split('+'), pipeline: 0n, created: 0, closed: 0, won: 0 };
        pairings.set(key, tally);
      }
      if (created) {
        tally.pipeline += amount.value;
        tally.created++;
      }
      if (closed) {
        tally.closed++;
        if (deal.stage === 'won') tally.won++;
      }
    }
  }

  const money = (minor: bigint) => formatMoney(minor, homeCurrency);
  const figures = (g: GroupTally) => {
    const winRate = ratio(BigInt(g.won), BigInt(g.closed));
    return {
      winRate,
      out: {
        closed: g.closed,
        won: g.won,
        winRate: formatRatio(winRate, 4),
        avgWonDealSize: g.won === 0 ? null : money(divideRoundHalfAwayFromZero(g.wonAmount, BigInt(g.won))),
        avgDaysToClose: formatRatio(ratio(g.wonDays, BigInt(g.won)), 1),
      } satisfies GroupFigures,
    };
  };
  const coSell = figures(groups.co_sell);
  const solo = figures(groups.solo);
  const share = ratio(coSellPipeline, partnerPipeline);
  const delta = subtractRatios(coSell.winRate, solo.winRate);
  const disputes = ratio(BigInt(groups.co_sell.disputedClosed), BigInt(groups.co_sell.closed));
  const ranked = rankPairings([...pairings.values()]).map((t, i) => ({
    rank: i + 1,
    key: t.key,
    partners: t.ids.map((id) => ({ id, name: names.get(id) ?? id })),
    pipeline: money(t.pipeline),
    created: t.created,
    closed: t.closed,
    won: t.won,
    winRate: formatRatio(ratio(BigInt(t.won), BigInt(t.closed)), 4),
  }));

  return ok({
    quarter: q.label,
    currency: homeCurrency,
    partnerPipeline: money(partnerPipeline),
    coSellPipeline: money(coSellPipeline),
    coSellPipelineShare: formatRatio(share, 4),
    coSell: coSell.out,
    solo: solo.out,
    winRateDelta: formatRatio(delta, 4),
    pairings: { ranked, ...topAndBottom(ranked.map((p) => p.key)) },
    disputeRate: formatRatio(disputes, 4),
    targets: assessTargets({
      currency: homeCurrency,
      coSellPipelineShare: share === null ? null : roundRatio(share, 4),
      coSellWinRate: coSell.winRate === null ? null : roundRatio(coSell.winRate, 4),
      soloWinRate: solo.winRate === null ? null : roundRatio(solo.winRate, 4),
      winRateDelta: delta === null ? null : roundRatio(delta, 4),
      coSellAvgWonDealSize: groups.co_sell.won === 0 ? null : divideRoundHalfAwayFromZero(groups.co_sell.wonAmount, BigInt(groups.co_sell.won)),
      soloAvgWonDealSize: groups.solo.won === 0 ? null : divideRoundHalfAwayFromZero(groups.solo.wonAmount, BigInt(groups.solo.won)),
      coSellAvgDaysToClose: groups.co_sell.won === 0 ? null : roundRatio({ numerator: groups.co_sell.wonDays, denominator: BigInt(groups.co_sell.won) }, 1),
      soloAvgDaysToClose: groups.solo.won === 0 ? null : roundRatio({ numerator: groups.solo.wonDays, denominator: BigInt(groups.solo.won) }, 1),
      disputeRate: disputes === null ? null : roundRatio(disputes, 4),
      coSellClosed: groups.co_sell.closed,
    }),
  });
}

/** A pairing's tally as the ranking needs it. */
export interface RankablePairing {
  key: string;
  pipeline: bigint;
  created: number;
  closed: number;
  won: number;
}

/**
 * Orders the pairings that had a co-sell deal created or closed in the quarter (the others are
 * not ranked): pipeline descending, then win rate descending (exact; a pairing with no closed
 * deal ranks below every win rate, even 0), then key in plain string order.
 */
export function rankPairings<T extends RankablePairing>(pairings: readonly T[]): T[] {
  return pairings
    .filter((p) => p.created > 0 || p.closed > 0)
    .map((p) => ({ p, rate: ratio(BigInt(p.won), BigInt(p.closed)) }))
    .sort((a, b) => {
      if (a.p.pipeline !== b.p.pipeline) return a.p.pipeline > b.p.pipeline ? -1 : 1;
      const byRate = compareWinRates(b.rate, a.rate);
      if (byRate !== 0) return byRate;
      return a.p.key < b.p.key ? -1 : a.p.key > b.p.key ? 1 : 0;
    })
    .map(({ p }) => p);
}

function compareWinRates(a: Ratio | null, b: Ratio | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  return compareRatios(a, b);
}

/**
 * Top 3 = the first three ranked keys; bottom 3 = the last three, worst first. With three or
 * fewer, top 3 is all of them best first and bottom 3 all of them worst first.
 *
 * @example topAndBottom(['a', 'b', 'c', 'd']) // { top3: ['a', 'b', 'c'], bottom3: ['d', 'c', 'b'] }
 */
export function topAndBottom(rankedKeys: readonly string[]): { top3: string[]; bottom3: string[] } {
  return { top3: rankedKeys.slice(0, 3), bottom3: rankedKeys.slice(-3).reverse() };
}
