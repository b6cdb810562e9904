import { formatMoney, formatScaled } from '../money';

/*
 * The seed's target bands and what a figure means against them
 * (docs/decisions/0013-reporting-metrics.md, "Targets"). Verdicts are taken on the reported
 * figure (the rounded one), so what a person reads and the verdict beside it always agree.
 */

/** Scaled by 10^4, as the reported 4-decimal ratios are. */
export const TARGET_BANDS = {
  /** Co-sell pipeline ÷ partner pipeline: 15–25 %. */
  coSellPipelineShare: { min: 1500n, max: 2500n },
  /** Co-sell win rate − solo win rate: +10 to +20 percentage points. */
  winRateDelta: { min: 1000n, max: 2000n },
  /** Dispute rate: healthy below 5 %, rules unclear above 10 %, 0 % suspicious. */
  disputeRate: { healthyBelow: 500n, unclearAbove: 1000n },
} as const;

export type BandVerdict = 'below' | 'within' | 'above' | 'no_data';
export type SizeVerdict = 'co_sell_larger' | 'co_sell_not_larger' | 'no_data';
export type SpeedVerdict = 'co_sell_faster' | 'co_sell_slower' | 'same' | 'no_data';
export type DisputeVerdict = 'suspicious' | 'healthy' | 'watch' | 'rules_unclear' | 'no_data';

export interface BandTarget {
  value: string | null;
  band: { min: string; max: string };
  verdict: BandVerdict;
  /** One line for people, e.g. "co-sell pipeline share 31 % — above the 15–25 % target". */
  message: string;
}

export interface ComparisonTarget<V extends string> {
  coSell: string | null;
  solo: string | null;
  verdict: V;
  message: string;
}

export interface DisputeTarget {
  value: string | null;
  band: { healthyBelow: string; unclearAbove: string };
  verdict: DisputeVerdict;
  message: string;
}

export interface ProgramTargets {
  coSellPipelineShare: BandTarget;
  winRateDelta: BandTarget;
  avgWonDealSize: ComparisonTarget<SizeVerdict>;
  avgDaysToClose: ComparisonTarget<SpeedVerdict>;
  disputeRate: DisputeTarget;
}

/** The rounded figures the verdicts are taken on (null = no data). */
export interface TargetFigures {
  currency: string;
  /** × 10^4 */
  coSellPipelineShare: bigint | null;
  /** × 10^4 */
  coSellWinRate: bigint | null;
  /** × 10^4 */
  soloWinRate: bigint | null;
  /** × 10^4 */
  winRateDelta: bigint | null;
  /** Minor units of `currency`. */
  coSellAvgWonDealSize: bigint | null;
  soloAvgWonDealSize: bigint | null;
  /** × 10 */
  coSellAvgDaysToClose: bigint | null;
  soloAvgDaysToClose: bigint | null;
  /** × 10^4 */
  disputeRate: bigint | null;
  coSellClosed: number;
}

/**
 * A 4-decimal ratio (× 10^4) as a percentage for people, without trailing zeros.
 *
 * @example percent(3100n) // "31 %"
 * @example percent(1875n) // "18.75 %"
 */
export function percent(scaled: bigint): string {
  return `${trimZeros(formatScaled(scaled, 2))} %`;
}

/** Percentage points with a sign: 1250n → "+12.5 points", -300n → "−3 points". */
export function points(scaled: bigint): string {
  const text = trimZeros(formatScaled(scaled < 0n ? -scaled : scaled, 2));
  return `${scaled < 0n ? '−' : '+'}${text} point${text === '1' ? '' : 's'}`;
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

const bandText = (min: bigint, max: bigint) => `${trimZeros(formatScaled(min, 2))}–${trimZeros(formatScaled(max, 2))} %`;

function band(value: bigint | null, min: bigint, max: bigint): BandVerdict {
  if (value === null) return 'no_data';
  return value < min ? 'below' : value > max ? 'above' : 'within';
}

/** Every target with its verdict and a sentence for people. */
export function assessTargets(f: TargetFigures): ProgramTargets {
  const share = TARGET_BANDS.coSellPipelineShare;
  const shareVerdict = band(f.coSellPipelineShare, share.min, share.max);
  const shareMessage =
    f.coSellPipelineShare === null
      ? 'co-sell pipeline share: no partner pipeline was created this quarter — no verdict'
      : `co-sell pipeline share ${percent(f.coSellPipelineShare)} — ${shareVerdict} the ${bandText(share.min, share.max)} target`;

  const delta = TARGET_BANDS.winRateDelta;
  const deltaVerdict = band(f.winRateDelta, delta.min, delta.max);
  let deltaMessage: string;
  if (f.winRateDelta === null) {
    const missing = [f.coSellWinRate === null ? 'co-sell' : null, f.soloWinRate === null ? 'solo' : null].filter(Boolean).join(' and ');
    deltaMessage = `co-sell vs solo win rate: no ${missing} deal closed this quarter — no verdict`;
  } else {
    const rates = `co-sell ${percent(f.coSellWinRate ?? 0n)} vs solo ${percent(f.soloWinRate ?? 0n)}`;
    const target = `the +${trimZeros(formatScaled(delta.min, 2))} to +${trimZeros(formatScaled(delta.max, 2))} point target`;
    deltaMessage =
      f.winRateDelta < 0n
        ? `co-sell win rate ${points(f.winRateDelta)} against solo (${rates}) — below ${target}: co-selling adds complexity without adding value`
        : `co-sell win rate ${points(f.winRateDelta)} against solo (${rates}) — ${deltaVerdict} ${target}`;
  }

  const money = (minor: bigint) => `${formatMoney(minor, f.currency)} ${f.currency}`;
  let sizeVerdict: SizeVerdict = 'no_data';
  let sizeMessage = 'average won deal size: no co-sell and solo wins to compare this quarter — no verdict';
  if (f.coSellAvgWonDealSize !== null && f.soloAvgWonDealSize !== null) {
    sizeVerdict = f.coSellAvgWonDealSize > f.soloAvgWonDealSize ? 'co_sell_larger' : 'co_sell_not_larger';
    const both = `co-sell ${money(f.coSellAvgWonDealSize)} vs solo ${money(f.soloAvgWonDealSize)}`;
    sizeMessage =
      sizeVerdict === 'co_sell_larger'
        ? `average won deal size ${both} — co-sell deals are larger, as they should be`
        : `average won deal size ${both} — co-sell deals are not larger: partners show up together without selling more`;
  }

  let speedVerdict: SpeedVerdict = 'no_data';
  let speedMessage = 'average days to close: no co-sell and solo wins to compare this quarter — no verdict';
  if (f.coSellAvgDaysToClose !== null && f.soloAvgDaysToClose !== null) {
    const c = f.coSellAvgDaysToClose;
    const s = f.soloAvgDaysToClose;
    speedVerdict = c < s ? 'co_sell_faster' : c > s ? 'co_sell_slower' : 'same';
    const both = `co-sell ${formatScaled(c, 1)} vs solo ${formatScaled(s, 1)} days`;
    speedMessage =
      speedVerdict === 'co_sell_faster'
        ? `average days to close ${both} — co-sell closes faster`
        : speedVerdict === 'co_sell_slower'
          ? `average days to close ${both} — co-sell closes slower: streamline co-sell operations before scaling`
          : `average days to close ${both} — the same`;
  }

  const d = TARGET_BANDS.disputeRate;
  let disputeVerdict: DisputeVerdict = 'no_data';
  let disputeMessage = 'attribution dispute rate: no co-sell deal closed this quarter — no verdict';
  if (f.disputeRate !== null) {
    const r = f.disputeRate;
    disputeVerdict = r === 0n ? 'suspicious' : r < d.healthyBelow ? 'healthy' : r > d.unclearAbove ? 'rules_unclear' : 'watch';
    const head = `attribution dispute rate ${percent(r)} of ${f.coSellClosed} closed co-sell deal${f.coSellClosed === 1 ? '' : 's'}`;
    const lo = percent(d.healthyBelow);
    const hi = percent(d.unclearAbove);
    disputeMessage = {
      suspicious: `${head} — suspicious: 0 % usually means nobody is checking the splits`,
      healthy: `${head} — healthy (below ${lo})`,
      watch: `${head} — between ${lo} and ${hi}: watch it`,
      rules_unclear: `${head} — above ${hi}: the role definitions and split rules are not clear enough`,
    }[disputeVerdict];
  }

  const scaled4 = (v: bigint | null) => (v === null ? null : formatScaled(v, 4));
  return {
    coSellPipelineShare: {
      value: scaled4(f.coSellPipelineShare),
      band: { min: formatScaled(share.min, 4), max: formatScaled(share.max, 4) },
      verdict: shareVerdict,
      message: shareMessage,
    },
    winRateDelta: {
      value: scaled4(f.winRateDelta),
      band: { min: formatScaled(delta.min, 4), max: formatScaled(delta.max, 4) },
      verdict: deltaVerdict,
      message: deltaMessage,
    },
    avgWonDealSize: {
      coSell: f.coSellAvgWonDealSize === null ? null : formatMoney(f.coSellAvgWonDealSize, f.currency),
      solo: f.soloAvgWonDealSize === null ? null : formatMoney(f.soloAvgWonDealSize, f.currency),
      verdict: sizeVerdict,
      message: sizeMessage,
    },
    avgDaysToClose: {
      coSell: f.coSellAvgDaysToClose === null ? null : formatScaled(f.coSellAvgDaysToClose, 1),
      solo: f.soloAvgDaysToClose === null ? null : formatScaled(f.soloAvgDaysToClose, 1),
      verdict: speedVerdict,
      message: speedMessage,
    },
    disputeRate: {
      value: scaled4(f.disputeRate),
      band: { healthyBelow: formatScaled(d.healthyBelow, 4), unclearAbove: formatScaled(d.unclearAbove, 4) },
      verdict: disputeVerdict,
      message: disputeMessage,
    },
  };
}
