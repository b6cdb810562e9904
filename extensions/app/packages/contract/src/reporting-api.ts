import { z } from 'zod';

/*
 * The reporting endpoints' shapes: the program metrics of a quarter (the same figures
 * `cosell report --json` prints), the last four quarters for the charts, and one partner's own
 * figures against the same bands. Decimal strings throughout (money with the home currency's
 * digits, rates with 4 decimals, days with 1); null where a ratio has no denominator.
 */

const Decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string');

export const ReportGroup = z.object({
  closed: z.number().int().min(0),
  won: z.number().int().min(0),
  winRate: Decimal.nullable(),
  avgWonDealSize: Decimal.nullable(),
  avgDaysToClose: Decimal.nullable(),
});
export type ReportGroup = z.infer<typeof ReportGroup>;

export const ReportPairing = z.object({
  rank: z.number().int().min(1),
  key: z.string(),
  partners: z.array(z.object({ id: z.string(), name: z.string() })),
  pipeline: Decimal,
  created: z.number().int().min(0),
  closed: z.number().int().min(0),
  won: z.number().int().min(0),
  winRate: Decimal.nullable(),
});
export type ReportPairing = z.infer<typeof ReportPairing>;

const BandTarget = z.object({
  value: Decimal.nullable(),
  band: z.object({ min: Decimal, max: Decimal }),
  verdict: z.enum(['below', 'within', 'above', 'no_data']),
  message: z.string(),
});
const ComparisonTarget = <V extends [string, ...string[]]>(verdicts: V) =>
  z.object({ coSell: Decimal.nullable(), solo: Decimal.nullable(), verdict: z.enum(verdicts), message: z.string() });

export const ProgramTargets = z.object({
  coSellPipelineShare: BandTarget,
  winRateDelta: BandTarget,
  avgWonDealSize: ComparisonTarget(['co_sell_larger', 'co_sell_not_larger', 'no_data']),
  avgDaysToClose: ComparisonTarget(['co_sell_faster', 'co_sell_slower', 'same', 'no_data']),
  disputeRate: z.object({
    value: Decimal.nullable(),
    band: z.object({ healthyBelow: Decimal, unclearAbove: Decimal }),
    verdict: z.enum(['suspicious', 'healthy', 'watch', 'rules_unclear', 'no_data']),
    message: z.string(),
  }),
});
export type ProgramTargets = z.infer<typeof ProgramTargets>;

/** One quarter's program report (docs/decisions/0013-reporting-metrics.md). */
export const ProgramReport = z.object({
  quarter: z.string(),
  currency: z.string(),
  partnerPipeline: Decimal,
  coSellPipeline: Decimal,
  coSellPipelineShare: Decimal.nullable(),
  coSell: ReportGroup,
  solo: ReportGroup,
  winRateDelta: Decimal.nullable(),
  pairings: z.object({ ranked: z.array(ReportPairing), top3: z.array(z.string()), bottom3: z.array(z.string()) }),
  disputeRate: Decimal.nullable(),
  targets: ProgramTargets,
});
export type ProgramReport = z.infer<typeof ProgramReport>;

/** The Program tab: the quarter's report, how many deals it read, and the last four quarters (oldest first). */
export const ProgramOverview = z.object({
  report: ProgramReport,
  dealsRead: z.number().int().min(0),
  partnerDeals: z.number().int().min(0),
  /** Partner deals left out of the figures, named, with the reason (at most 50). */
  skipped: z.array(z.object({ dealId: z.string(), name: z.string(), reason: z.string() })),
  skippedCount: z.number().int().min(0),
  trend: z.array(ProgramReport).min(1),
});
export type ProgramOverview = z.infer<typeof ProgramOverview>;

/** `current` or a quarter like `2026-Q4`, as a path parameter. */
export const QUARTER_PARAM = /^(current|\d{4}-Q[1-4])$/;
