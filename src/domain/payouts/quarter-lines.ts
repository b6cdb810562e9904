/*
 * Quarter lines of the commission ledger (docs/decisions/0014-commission-ledger.md, "Quarter
 * lines"): the co-sell bonus, the uplift and the tier uplift a fiscal quarter pays, written as
 * lines that are never edited. Like the deal lines, a late change is recorded by appending the
 * difference: per (quarter, partner, kind, currency, and deal for uplift lines) the ledger nets
 * to what `computeQuarterIncentives` gives now. Pure: the job reads and appends.
 */
import type { QuarterIncentives } from '../incentives/quarter-incentives';

export const QUARTER_LINE_KINDS = ['bonus', 'uplift', 'tier_uplift'] as const;
export type QuarterLineKind = (typeof QUARTER_LINE_KINDS)[number];

/** A quarter line to append. `dealId` is the deal for uplift lines, else {@link quarterDealId}. */
export interface QuarterLine {
  key: string;
  quarter: string;
  dealId: string;
  partnerId: string;
  kind: QuarterLineKind;
  currency: string;
  amountMinor: bigint;
  /** The rule set whose incentives applied: the quarter's last day for the bonus, the previous quarter's for uplifts. */
  ruleVersion: string | null;
}

/** A line already in the ledger, as far as this function needs it. */
export interface ExistingLine {
  key: string;
  dealId: string;
  partnerId: string;
  kind: string;
  currency: string;
  amountMinor: bigint;
}

const PREFIX = 'quarter:';

/** The deal id quarter-wide lines (bonus, tier uplift) carry: `quarter:2026-Q3`. */
export function quarterDealId(quarter: string): string {
  return `${PREFIX}${quarter}`;
}

/** The quarter a line key or quarter deal id names (`quarter:2026-Q3:…` → `2026-Q3`), else null. */
export function quarterOfKey(key: string): string | null {
  if (!key.startsWith(PREFIX)) return null;
  const label = key.slice(PREFIX.length).split(':')[0] ?? '';
  return /^\d{4}-Q[1-4]$/.test(label) ? label : null;
}

function isQuarterKind(kind: string): kind is QuarterLineKind {
  return (QUARTER_LINE_KINDS as readonly string[]).includes(kind);
}

interface Group {
  kind: QuarterLineKind;
  partnerId: string;
  currency: string;
  dealId: string;
}

const groupKey = (g: Group) => [g.kind, g.partnerId, g.currency, g.dealId].join('\u0000');

/** `quarter:<Q>:<kind>:<partner>:<currency>[:<deal>]` — the line key without its sequence number. */
function keyStem(quarter: string, g: Group): string {
  const base = `${PREFIX}${quarter}:${g.kind}:${g.partnerId}:${g.currency}`;
  return g.kind === 'uplift' ? `${base}:${g.dealId}` : base;
}

/**
 * The lines to append so that the ledger's quarter lines for `incentives.quarter` net, per
 * partner, kind, currency (and deal for uplift lines), to the computed bonus, uplift and tier
 * uplift. Nothing when they already do (a replay appends nothing); the difference when a late
 * change moved a figure (a deal closed late, a deal reopened, a rule changed); the negative of
 * the net when a figure is gone. Zero figures with no line are not written. Lines of other
 * quarters and other kinds in `existing` are ignored. Each key ends in a sequence number one
 * above the group's highest, so two runs computing the same line append it once.
 */
export function quarterLinesFor(incentives: QuarterIncentives, existing: readonly ExistingLine[]): QuarterLine[] {
  const quarter = incentives.quarter.label;
  const target = new Map<string, { group: Group; amount: bigint; ruleVersion: string | null }>();
  const add = (group: Group, amount: bigint, ruleVersion: string | null) => {
    const k = groupKey(group);
    const had = target.get(k);
    target.set(k, { group, amount: (had?.amount ?? 0n) + amount, ruleVersion });
  };
  const quarterWide = quarterDealId(quarter);
  for (const f of incentives.partners) {
    const base = { partnerId: f.partnerId, currency: f.currency };
    if (f.bonusMinor !== 0n) add({ ...base, kind: 'bonus', dealId: quarterWide }, f.bonusMinor, incentives.incentivesVersion);
    if (f.tierUpliftMinor !== 0n) add({ ...base, kind: 'tier_uplift', dealId: quarterWide }, f.tierUpliftMinor, incentives.upliftVersion);
    for (const d of f.deals) if (d.upliftMinor !== 0n) add({ ...base, kind: 'uplift', dealId: d.dealId }, d.upliftMinor, incentives.upliftVersion);
  }

  const net = new Map<string, { group: Group; amount: bigint; nextSeq: number }>();
  for (const line of existing) {
    if (quarterOfKey(line.key) !== quarter || !isQuarterKind(line.kind)) continue;
    const group: Group = { kind: line.kind, partnerId: line.partnerId, currency: line.currency, dealId: line.dealId };
    const k = groupKey(group);
    const seq = Number(line.key.slice(line.key.lastIndexOf(':') + 1));
    const had = net.get(k) ?? { group, amount: 0n, nextSeq: 0 };
    net.set(k, { group, amount: had.amount + line.amountMinor, nextSeq: Math.max(had.nextSeq, Number.isSafeInteger(seq) ? seq + 1 : 0) });
  }

  const out: QuarterLine[] = [];
  for (const k of new Set([...target.keys(), ...net.keys()])) {
    const want = target.get(k);
    const have = net.get(k);
    const diff = (want?.amount ?? 0n) - (have?.amount ?? 0n);
    if (diff === 0n) continue;
    const group = (want ?? have)!.group;
    out.push({
      key: `${keyStem(quarter, group)}:${have?.nextSeq ?? 0}`,
      quarter,
      ...group,
      amountMinor: diff,
      // A figure that is gone keeps the version that applies now, or the quarter's when none does.
      ruleVersion: want?.ruleVersion ?? (group.kind === 'bonus' ? incentives.incentivesVersion : incentives.upliftVersion),
    });
  }
  return out.sort((a, b) => cmp(a.partnerId, b.partnerId) || cmp(a.currency, b.currency) || cmp(a.kind, b.kind) || cmp(a.dealId, b.dealId));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
