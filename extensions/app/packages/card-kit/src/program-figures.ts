import type { ProgramOverview, ProgramReport } from '@cosell/contract';

/*
 * The Program tab's pure helpers: the metric rows it shows (with their bands and verdicts), the
 * chart series over four quarters and the CSV export. Figures stay the exact decimal strings the
 * backend computed; only the charts turn them into numbers, to draw them.
 */

/** A decimal-string rate ("0.1875") as a percentage for people ("18.75 %"); "—" when there is none. */
export function percentText(rate: string | null): string {
  if (rate === null) return '—';
  const negative = rate.startsWith('-');
  const [int = '0', frac = ''] = (negative ? rate.slice(1) : rate).split('.');
  const scaled = (int + (frac + '0000').slice(0, 4)).replace(/^0+(?=\d)/, '');
  const whole = scaled.length > 2 ? scaled.slice(0, -2) : '0';
  const cents = scaled.padStart(2, '0').slice(-2).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${cents ? `.${cents}` : ''} %`;
}

export interface MetricRow {
  id: 'coSellPipelineShare' | 'winRateDelta' | 'avgWonDealSize' | 'avgDaysToClose' | 'disputeRate';
  label: string;
  /** What the figure is, formatted for people. */
  value: string;
  /** The target, in words. */
  target: string;
  verdict: string;
  message: string;
  /** Good, needs a look, or no data: the tag's colour. */
  tone: 'success' | 'warning' | 'error' | 'default';
}

const TONE: Record<string, MetricRow['tone']> = {
  within: 'success',
  healthy: 'success',
  co_sell_larger: 'success',
  co_sell_faster: 'success',
  same: 'default',
  no_data: 'default',
  below: 'warning',
  above: 'warning',
  watch: 'warning',
  co_sell_not_larger: 'warning',
  co_sell_slower: 'warning',
  suspicious: 'error',
  rules_unclear: 'error',
};

/** The five targets of a report as rows, in the order the program reads them. */
export function metricRows(r: ProgramReport): MetricRow[] {
  const t = r.targets;
  const row = (id: MetricRow['id'], label: string, value: string, target: string, verdict: string, message: string): MetricRow => ({
    id,
    label,
    value,
    target,
    verdict: verdict.replace(/_/g, ' '),
    message,
    tone: TONE[verdict] ?? 'default',
  });
  return [
    row('coSellPipelineShare', 'Co-sell pipeline share', percentText(r.coSellPipelineShare), '15–25 % of partner pipeline', t.coSellPipelineShare.verdict, t.coSellPipelineShare.message),
    row('winRateDelta', 'Win rate: co-sell − solo', r.winRateDelta === null ? '—' : `${percentText(r.winRateDelta).replace(' %', '')} pts`, '+10 to +20 points', t.winRateDelta.verdict, t.winRateDelta.message),
    row('avgWonDealSize', 'Average won deal size', `${r.coSell.avgWonDealSize ?? '—'} vs ${r.solo.avgWonDealSize ?? '—'} ${r.currency}`, 'co-sell larger than solo', t.avgWonDealSize.verdict, t.avgWonDealSize.message),
    row('avgDaysToClose', 'Average days to close', `${r.coSell.avgDaysToClose ?? '—'} vs ${r.solo.avgDaysToClose ?? '—'} days`, 'monitored: co-sell not slower', t.avgDaysToClose.verdict, t.avgDaysToClose.message),
    row('disputeRate', 'Attribution dispute rate', percentText(r.disputeRate), 'under 5 % (0 % is suspicious, over 10 % means unclear rules)', t.disputeRate.verdict, t.disputeRate.message),
  ];
}

/** One chart series per metric over the quarters (oldest first); a quarter without the figure is 0 on the chart. */
export function trendSeries(trend: readonly ProgramReport[]): Record<MetricRow['id'], Array<{ quarter: string; value: number }>> {
  // Display only: the charts need numbers; the exact figures are in the table and the CSV.
  const num = (text: string | null, scale = 1) => (text === null ? 0 : Number(text) * scale);
  return {
    coSellPipelineShare: trend.map((r) => ({ quarter: r.quarter, value: num(r.coSellPipelineShare, 100) })),
    winRateDelta: trend.map((r) => ({ quarter: r.quarter, value: num(r.winRateDelta, 100) })),
    avgWonDealSize: trend.map((r) => ({ quarter: r.quarter, value: num(r.coSell.avgWonDealSize) })),
    avgDaysToClose: trend.map((r) => ({ quarter: r.quarter, value: num(r.coSell.avgDaysToClose) })),
    disputeRate: trend.map((r) => ({ quarter: r.quarter, value: num(r.disputeRate, 100) })),
  };
}

/** A CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180), with quotes doubled. */
function field(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const line = (values: Array<string | number | null>) => values.map(field).join(',');

/**
 * The export: one row per quarter and figure (exact decimal strings), then the quarter's pairing
 * ranking with partner names.
 */
export function programCsv(overview: ProgramOverview): string {
  const rows: string[] = [line(['section', 'quarter', 'figure', 'value', 'currency', 'verdict'])];
  for (const r of overview.trend) {
    const figures: Array<[string, string | number | null, string | null, string | null]> = [
      ['partner pipeline', r.partnerPipeline, r.currency, null],
      ['co-sell pipeline', r.coSellPipeline, r.currency, null],
      ['co-sell pipeline share', r.coSellPipelineShare, null, r.targets.coSellPipelineShare.verdict],
      ['co-sell closed', r.coSell.closed, null, null],
      ['co-sell won', r.coSell.won, null, null],
      ['co-sell win rate', r.coSell.winRate, null, null],
      ['solo closed', r.solo.closed, null, null],
      ['solo won', r.solo.won, null, null],
      ['solo win rate', r.solo.winRate, null, null],
      ['win-rate delta', r.winRateDelta, null, r.targets.winRateDelta.verdict],
      ['co-sell average won deal size', r.coSell.avgWonDealSize, r.currency, r.targets.avgWonDealSize.verdict],
      ['solo average won deal size', r.solo.avgWonDealSize, r.currency, null],
      ['co-sell average days to close', r.coSell.avgDaysToClose, null, r.targets.avgDaysToClose.verdict],
      ['solo average days to close', r.solo.avgDaysToClose, null, null],
      ['dispute rate', r.disputeRate, null, r.targets.disputeRate.verdict],
    ];
    for (const [name, value, currency, verdict] of figures) rows.push(line(['metric', r.quarter, name, value, currency, verdict]));
  }
  const r = overview.report;
  rows.push('');
  rows.push(line(['section', 'quarter', 'rank', 'pairing', 'pipeline', 'currency', 'created', 'closed', 'won', 'win rate']));
  for (const p of r.pairings.ranked) {
    rows.push(line(['pairing', r.quarter, p.rank, p.partners.map((x) => x.name).join(' + '), p.pipeline, r.currency, p.created, p.closed, p.won, p.winRate]));
  }
  return `${rows.join('\n')}\n`;
}
