/*
 * A partner's payout statement (docs/decisions/0014-commission-ledger.md): every line with the math
 * behind it — deal amount → pool rate → role weights → share → commission, and the rule version —
 * rendered as JSON, CSV or printable HTML. Pure: the service gathers names and plans.
 */
import { formatMoney } from '../money';
import { isRole, roleName } from '../vocabulary';
import type { Incentives } from '../rule-set';
import { quarterOfKey } from './quarter-lines';

/** How a deal line's amount came about, read from the computation the line follows. */
export interface LineMath {
  dealAmount: string;
  poolRate: string;
  poolAmount: string;
  roles: string[];
  /** Percentage points of the pool. */
  weight: string;
  share: string;
  /** What the split gives the partner now (the allocation). */
  commission: string;
  model: string;
}

export interface StatementLine {
  lineId: string;
  dealId: string;
  dealName: string;
  kind: string;
  amount: string;
  currency: string;
  homeAmount: string | null;
  homeCurrency: string | null;
  ruleVersion: string | null;
  status: string;
  /** One sentence on why the line exists, naming the deal. */
  explanation: string;
  math: LineMath | null;
}

export interface Statement {
  runId: string;
  period: string;
  createdAt: string;
  paidAt: string | null;
  partnerId: string;
  partnerName: string;
  currency: string;
  lines: StatementLine[];
  total: string;
  carriedForward: boolean;
  /** What a person reads about the total ("Paid in this run", "Carried forward …"). */
  summary: string;
}

/** A plan's allocation for one partner, as stored with the computation (decision 0001 shapes). */
export interface PlanLike {
  model?: unknown;
  dealAmount?: unknown;
  currency?: unknown;
  pool?: { rate?: unknown; amount?: unknown };
  allocations?: Array<{ partnerId?: unknown; roles?: unknown; weight?: unknown; share?: unknown; amount?: unknown }>;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** The math of `partnerId`'s allocation in a stored plan; null when the plan does not list it. */
export function lineMathOf(plan: unknown, partnerId: string): LineMath | null {
  if (!plan || typeof plan !== 'object') return null;
  const p = plan as PlanLike;
  const allocation = Array.isArray(p.allocations) ? p.allocations.find((a) => a && a.partnerId === partnerId) : undefined;
  if (!allocation) return null;
  return {
    dealAmount: text(p.dealAmount),
    poolRate: text(p.pool?.rate),
    poolAmount: text(p.pool?.amount),
    roles: Array.isArray(allocation.roles) ? allocation.roles.map(text).map((r) => (isRole(r) ? roleName(r) : r)) : [],
    weight: text(allocation.weight),
    share: text(allocation.share),
    commission: text(allocation.amount),
    model: text(p.model),
  };
}

/** Why a line exists, in words, naming the deal. */
export function explainLine(kind: string, dealName: string, math: LineMath | null, currency: string): string {
  const how = math
    ? `${math.dealAmount} ${currency} × pool ${math.poolRate}% = ${math.poolAmount}; ${math.roles.length ? math.roles.join(' + ') : 'no role'} weighs ${math.weight}% of the pool → share ${math.share} → ${math.commission} ${currency}`
    : '';
  switch (kind) {
    case 'earned':
      return `${dealName} closed won. ${how}`.trim();
    case 'reversal':
      return `${dealName} was reopened or lost after it was won: what it had earned is given back (a clawback when it was paid).`;
    case 'adjustment':
      return `The split of ${dealName} changed while won: the difference to what it pays now.${how ? ` Now: ${how}` : ''}`;
    case 'bonus':
      return 'Co-sell bonus for the quarter.';
    case 'uplift':
      return 'Co-sell uplift on this quarter\'s won deals.';
    default:
      return `${kind} line on ${dealName}.`;
  }
}

/** A quarter line (bonus, uplift, tier uplift) as its explanation needs it. */
export interface QuarterLineFacts {
  kind: string;
  key: string;
  /** The deal an uplift line is on, by name. */
  dealName: string;
  amountMinor: bigint;
  ruleVersion: string | null;
  /** The incentives of the rule set `ruleVersion` names, when it is published. */
  incentives: Incentives | undefined;
}

/**
 * Why a quarter line exists, naming the quarter, the rule and the deal: "Co-sell bonus 2026-Q3:
 * at least 3 co-sell wins (rule set 2026.1).", "Uplift 5 % on Acme renewal …", "Tier uplift 2 %
 * (Co-sell Gold) …". A negative line is a correction after a late change (a deal reopened, a
 * close date moved, a rule published). Null when `kind` is not a quarter kind.
 */
export function explainQuarterLine(f: QuarterLineFacts): string | null {
  const quarter = quarterOfKey(f.key) ?? 'the quarter';
  const rule = f.ruleVersion ? ` (rule set ${f.ruleVersion})` : '';
  const corrected = f.amountMinor < 0n ? ': a late change lowered it' : '';
  const bonus = f.incentives?.coSellBonus;
  switch (f.kind) {
    case 'bonus': {
      const min = bonus ? `: at least ${bonus.minCoSellWins} co-sell win${bonus.minCoSellWins === 1 ? '' : 's'}` : '';
      return f.amountMinor < 0n ? `Co-sell bonus ${quarter} corrected${corrected}${rule}.` : `Co-sell bonus ${quarter}${min}${rule}.`;
    }
    case 'uplift': {
      const percent = bonus?.reward.kind === 'uplift' ? ` ${bonus.reward.percent} %` : '';
      const why = bonus ? `, earned by at least ${bonus.minCoSellWins} co-sell wins the quarter before` : '';
      return `Uplift${percent} on ${f.dealName}, ${quarter}${why}${rule}${f.amountMinor < 0n ? '; a correction after a late change' : ''}.`;
    }
    case 'tier_uplift': {
      const tiers = (f.incentives?.tiers ?? []).filter((t) => t.commissionUpliftPercent);
      const which = tiers.map((t) => `${t.commissionUpliftPercent} % (${t.name})`).join(' or ');
      const tier = tiers.length === 1 ? ` ${which}` : '';
      const held = tiers.length > 1 ? `: the held tier's commission uplift, ${which}` : '';
      return `Tier uplift${tier} ${quarter}${held}, on the quarter's won deals${rule}${f.amountMinor < 0n ? '; a correction after a late change' : ''}.`;
    }
    default:
      return null;
  }
}

/** The sentence under a statement's total. */
export function statementSummary(totalMinor: bigint, currency: string, carriedForward: boolean): string {
  if (carriedForward) {
    return `The net is ${formatMoney(totalMinor, currency)} ${currency}: nothing is paid in this run and the balance is carried forward, to be set against the next run's earnings.`;
  }
  return `Paid in this run: ${formatMoney(totalMinor, currency)} ${currency}.`;
}

const CSV_COLUMNS = ['line_id', 'deal', 'kind', 'amount', 'currency', 'home_amount', 'home_currency', 'deal_amount', 'pool_rate', 'pool_amount', 'roles', 'weight', 'share', 'commission', 'rule_version', 'explanation'] as const;

function csvCell(value: string): string {
  // Leading = + - @ would make a spreadsheet run the cell as a formula.
  const safe = /^[=+\-@]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180 CSV, one row per line and a total row. */
export function statementCsv(s: Statement): string {
  const rows: string[][] = [[...CSV_COLUMNS]];
  for (const l of s.lines) {
    rows.push([
      l.lineId,
      l.dealName,
      l.kind,
      l.amount,
      l.currency,
      l.homeAmount ?? '',
      l.homeCurrency ?? '',
      l.math?.dealAmount ?? '',
      l.math?.poolRate ?? '',
      l.math?.poolAmount ?? '',
      l.math?.roles.join(' + ') ?? '',
      l.math?.weight ?? '',
      l.math?.share ?? '',
      l.math?.commission ?? '',
      l.ruleVersion ?? '',
      l.explanation,
    ]);
  }
  rows.push(['', 'Total', '', s.total, s.currency, '', '', '', '', '', '', '', '', '', '', s.summary]);
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

function esc(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A self-contained HTML page that prints on A4/Letter (no scripts, no external resources). */
export function statementHtml(s: Statement): string {
  const rows = s.lines
    .map(
      (l) => `<tr>
  <td>${esc(l.dealName)}</td><td>${esc(l.kind)}</td>
  <td class="num">${esc(l.math?.dealAmount ?? '')}</td><td class="num">${esc(l.math ? `${l.math.poolRate}%` : '')}</td>
  <td>${esc(l.math?.roles.join(' + ') ?? '')}</td><td class="num">${esc(l.math ? `${l.math.weight}%` : '')}</td>
  <td class="num">${esc(l.math?.share ?? '')}</td><td class="num">${esc(l.amount)}</td><td>${esc(l.ruleVersion ?? '')}</td>
</tr>
<tr class="why"><td colspan="9">${esc(l.explanation)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Payout statement: ${esc(s.partnerName)}, ${esc(s.period)}</title>
<style>
  @page { size: auto; margin: 15mm; }
  body { font-family: system-ui, sans-serif; font-size: 11pt; color: #111; }
  h1 { font-size: 16pt; margin: 0 0 4pt; }
  table { width: 100%; border-collapse: collapse; margin-top: 12pt; }
  th, td { border-bottom: 1px solid #ccc; padding: 3pt 4pt; text-align: left; vertical-align: top; }
  td.num, th.num { text-align: right; white-space: nowrap; }
  tr.why td { color: #444; font-size: 9pt; border-bottom: 1px solid #999; }
  tr { page-break-inside: avoid; }
  .total { font-weight: bold; margin-top: 12pt; }
</style>
</head>
<body>
<h1>Payout statement: ${esc(s.partnerName)}</h1>
<p>Run ${esc(s.runId)} · period ${esc(s.period)} · created ${esc(s.createdAt.slice(0, 10))} · ${s.paidAt ? `paid ${esc(s.paidAt.slice(0, 10))}` : 'not yet marked paid'} · amounts in ${esc(s.currency)}</p>
<table>
<thead><tr><th>Deal</th><th>Line</th><th class="num">Deal amount</th><th class="num">Pool rate</th><th>Roles</th><th class="num">Role weight</th><th class="num">Share</th><th class="num">Commission</th><th>Rule version</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p class="total">Total: ${esc(s.total)} ${esc(s.currency)}</p>
<p>${esc(s.summary)}</p>
</body>
</html>
`;
}
