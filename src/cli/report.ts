import type { FieldError } from '../domain/result';
import type { ReportFileShape } from '../domain/reporting/input';
import { readReportFileShape, validateReportFile } from '../domain/reporting/input';
import type { PairingFigures, ProgramReport } from '../domain/reporting/metrics';
import { computeProgramReport } from '../domain/reporting/metrics';
import { dealsOfPartner } from '../domain/reporting/partner-rollups';
import type { Quarter } from '../domain/reporting/quarter';
import { parseQuarter, quarterOf } from '../domain/reporting/quarter';
import { percent, points } from '../domain/reporting/targets';
import type { CliIo, CommandRun } from './io';
import { readJsonInput, writeFieldErrors } from './json-input';

const USAGE = `Usage: cosell report [--deals FILE] [--quarter 2026-Q4] [--partner ID] [--json]

Prints the co-sell program metrics for a quarter, each against its target band
(docs/decisions/0013-reporting-metrics.md). Without --deals it reads the portal's deals
(HUBSPOT_ACCESS_TOKEN, and HUBSPOT_BASE_URL for the emulator), every page of them. FILE (or - for
stdin) holds JSON:
  { "homeCurrency"?: "USD",
    "deals": [ { "id", "amount": "1234.50", "currency": "USD", "exchangeRate"?: "1.085",
                 "createDate": "2026-10-01", "closeDate": "2026-11-15" | null,
                 "stage": "won" | "lost" | "open",
                 "partners": [ { "id", "name"?, "roles": ["sourcing", ...] } ],
                 "disputed"?: true } ] }
  exchangeRate: units of the home currency per 1 unit of the deal's currency (HubSpot's rate),
  required for a deal in another currency than the home currency.

  --deals FILE      read the deals from FILE (- for stdin)
  --quarter Q       the quarter to report, like 2026-Q4 (default: the current quarter, UTC)
  --partner ID      only the deals on which this partner holds a role: its own figures (the
                    partner company rollups and the scorecard show the same)
  --json            print the figures as JSON (default: a readable report with verdicts)
Exit codes: 0 report printed, 1 HubSpot could not be read, 2 invalid input or arguments (the
message names the field).
`;

interface Options {
  deals?: string;
  quarter?: string;
  partner?: string;
  json: boolean;
}

function parseArgs(args: string[]): Options | string {
  const options: Options = { json: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--json' && inline === undefined) options.json = true;
    else if (flag === '--deals' || flag === '--quarter' || flag === '--partner') {
      const value = inline ?? args[++i];
      if (value === undefined || value === '') return `${flag} needs a value`;
      if (flag === '--deals') options.deals = value;
      else if (flag === '--partner') options.partner = value;
      else options.quarter = value;
    } else if (arg.startsWith('-')) return `unknown option "${arg}"`;
    else return `unexpected argument "${arg}"`;
  }
  return options;
}

function writeErrors(io: CliIo, errors: FieldError[]): number {
  return writeFieldErrors(io, 'cosell report', errors);
}

/**
 * `cosell report [--deals FILE] [--quarter Q] [--json]`: the program metrics of one quarter from a
 * deals file, offline, or from the portal's deals. Invalid input prints nothing on stdout and exits 2.
 */
export const run: CommandRun = async (args, io) => {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(USAGE);
    return 0;
  }
  const options = parseArgs(args);
  if (typeof options === 'string') {
    io.stderr.write(`cosell report: ${options}\n\n${USAGE}`);
    return 2;
  }
  let quarter: Quarter;
  if (options.quarter !== undefined) {
    const parsed = parseQuarter(options.quarter, '--quarter');
    if (!parsed.ok) return writeErrors(io, parsed.errors);
    quarter = parsed.value;
  } else {
    quarter = quarterOf(new Date().toISOString().slice(0, 10));
  }

  if (options.deals === undefined) {
    // Loaded here so the offline report (100,000 deals in 2 s) never pays for the SDK.
    const { readPortalReport } = await import('./report-portal');
    const portal = await readPortalReport(io, quarter, options.partner);
    if (typeof portal === 'number') return portal;
    const { report, read, partnerDeals } = portal;
    io.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report, read).replace(/ deals? read · /, (m) => `${m.slice(0, -3)} (${partnerDeals} with partners) · `));
    return 0;
  }

  const read = await readJsonInput(io, 'cosell report', options.deals);
  if (!read.ok) return read.exitCode;
  const raw = read.value;

  // Well-formed files skip zod entirely (it is loaded only to explain a malformed one): the
  // command over 100,000 deals has a 2 s budget (docs/benchmarks.md) and start-up is part of it.
  let shape: ReportFileShape | undefined = readReportFileShape(raw);
  if (shape === undefined) {
    const { checkReportFileShape } = await import('../domain/reporting/input-schema');
    const checked = checkReportFileShape(raw);
    if (!checked.ok) return writeErrors(io, checked.errors);
    shape = checked.value;
  }
  const file = validateReportFile(shape);
  if (!file.ok) return writeErrors(io, file.errors);
  const deals = options.partner === undefined ? file.value.deals : dealsOfPartner(file.value.deals, options.partner);
  const report = computeProgramReport({ quarter, homeCurrency: file.value.homeCurrency, deals });
  if (!report.ok) return writeErrors(io, report.errors);

  io.stdout.write(options.json ? `${JSON.stringify(report.value, null, 2)}\n` : renderReport(report.value, deals.length));
  return 0;
};


/** Rows of the pairing table shown without --json; --json lists every ranked pairing. */
export const PAIRING_ROWS = 10;

const rate = (value: string | null) => (value === null ? '—' : percent(BigInt(value.replace('.', ''))));
const pairingName = (p: PairingFigures) => p.partners.map((x) => x.name).join(' + ');

function table(header: string[], rows: string[][], rightAligned: ReadonlySet<number>): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const format = (row: string[]) =>
    row
      .map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(format)];
}

const MARK: Record<string, string> = {
  within: '✓',
  healthy: '✓',
  co_sell_larger: '✓',
  co_sell_faster: '✓',
  no_data: '·',
};

/** The readable report: pipeline, the two groups side by side, pairings, disputes, then verdicts. */
export function renderReport(r: ProgramReport, dealCount: number): string {
  const c = r.currency;
  const lines: string[] = [];
  lines.push(`Co-sell program ${r.quarter} · ${dealCount} deal${dealCount === 1 ? '' : 's'} read · amounts in ${c}`);
  lines.push('');
  lines.push('Pipeline (partner deals created in the quarter)');
  lines.push(`  partner pipeline  ${r.partnerPipeline} ${c}`);
  lines.push(`  co-sell pipeline  ${r.coSellPipeline} ${c} (${r.coSellPipelineShare === null ? 'no share: no partner pipeline' : `${rate(r.coSellPipelineShare)} of partner pipeline`})`);
  lines.push('');
  lines.push('Closed in the quarter');
  const group = (g: ProgramReport['coSell']) => [String(g.closed), String(g.won), rate(g.winRate), g.avgWonDealSize ?? '—', g.avgDaysToClose ?? '—'];
  const co = group(r.coSell);
  const so = group(r.solo);
  const labels = ['closed', 'won', 'win rate', `average won deal size (${c})`, 'average days to close'];
  for (const line of table(['', 'co-sell', 'solo'], labels.map((l, i) => [l, co[i] ?? '', so[i] ?? '']), new Set([1, 2]))) lines.push(`  ${line}`);
  lines.push(`  win-rate delta: ${r.winRateDelta === null ? '— (needs closed co-sell and solo deals)' : points(BigInt(r.winRateDelta.replace('.', '')))}`);
  lines.push('');

  const ranked = r.pairings.ranked;
  lines.push(`Pairings (${ranked.length} ranked: by pipeline, then win rate)`);
  if (ranked.length === 0) lines.push('  no co-sell deal was created or closed in the quarter');
  else {
    const rows = ranked.slice(0, PAIRING_ROWS).map((p) => [String(p.rank), pairingName(p), p.pipeline, String(p.created), String(p.closed), String(p.won), rate(p.winRate)]);
    for (const line of table(['#', 'Pairing', `Pipeline (${c})`, 'Created', 'Closed', 'Won', 'Win rate'], rows, new Set([0, 2, 3, 4, 5, 6]))) lines.push(`  ${line}`);
    if (ranked.length > PAIRING_ROWS) lines.push(`  … ${ranked.length - PAIRING_ROWS} more (--json lists them all)`);
    const byKey = new Map(ranked.map((p) => [p.key, p]));
    const names = (keys: string[]) => keys.map((k) => pairingName(byKey.get(k) as PairingFigures)).join('; ');
    lines.push(`  invest in (top 3): ${names(r.pairings.top3)}`);
    lines.push(`  review (bottom 3, worst first): ${names(r.pairings.bottom3)}`);
  }
  lines.push('');
  lines.push('Against the targets');
  for (const t of Object.values(r.targets)) lines.push(`  ${MARK[t.verdict] ?? '!'} ${t.message}`);
  return `${lines.join('\n')}\n`;
}
