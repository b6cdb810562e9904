import type { DealStage } from './incentives/quarter-incentives';

/*
 * The pure part of the commission ledger (docs/decisions/0012-incentives.md, "The ledger's deal
 * lines"): lines are money facts that are never edited, so a change to a deal is recorded by
 * appending the lines that bring each partner's net on the deal to what the deal pays now.
 */

/** What a line records. `bonus`, `uplift` and `tier_uplift` are quarter lines, not part of a deal's net. */
export const LEDGER_LINE_KINDS = ['earned', 'reversal', 'adjustment', 'bonus', 'uplift', 'tier_uplift'] as const;
export type LedgerLineKind = (typeof LEDGER_LINE_KINDS)[number];

/** The kinds that make up what a partner has net on a deal. */
const DEAL_KINDS: ReadonlySet<LedgerLineKind> = new Set(['earned', 'reversal', 'adjustment']);

/** A line as the ledger holds it (the store adds its id, time and status). Amounts are signed minor units. */
export interface LedgerLine {
  dealId: string;
  partnerId: string;
  kind: LedgerLineKind;
  currency: string;
  amountMinor: bigint;
  ruleVersion: string | null;
}

/** A deal as it is now: its stage and, when computed, each partner's allocation in the deal's currency. */
export interface DealLedgerState {
  dealId: string;
  stage: DealStage;
  currency: string;
  ruleVersion: string | null;
  allocations: ReadonlyArray<{ partnerId: string; amountMinor: bigint }>;
}

const key = (partnerId: string, currency: string) => `${partnerId}\u0000${currency}`;

/**
 * True when the deal stands as won in the ledger: its latest `earned` or `reversal` line (in
 * ledger order) is an `earned` one.
 */
export function isWonInLedger(lines: readonly LedgerLine[], dealId: string): boolean {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i];
    if (!line || line.dealId !== dealId) continue;
    if (line.kind === 'earned') return true;
    if (line.kind === 'reversal') return false;
  }
  return false;
}

/**
 * Each partner's net on the deal per currency: the sum of its earned, reversal and adjustment lines.
 *
 * @example dealNet(lines, 'D1').get('p1\u0000USD') // 200000n
 */
export function dealNet(lines: readonly LedgerLine[], dealId: string): Map<string, bigint> {
  const net = new Map<string, bigint>();
  for (const line of lines) {
    if (line.dealId !== dealId || !DEAL_KINDS.has(line.kind)) continue;
    const k = key(line.partnerId, line.currency);
    net.set(k, (net.get(k) ?? 0n) + line.amountMinor);
  }
  return net;
}

/**
 * The lines to append so that every partner nets, on this deal, to its current allocation when the
 * deal is won and to 0 otherwise:
 * - the deal reaches closed won (it does not stand as won in the ledger): one `earned` line per
 *   partner of the split, its allocation (0 included, so the statement shows it);
 * - the deal leaves won (reopened or lost): one `reversal` line per partner with a line on it, the
 *   negative of what that partner has net;
 * - the split of a won deal changes (roles, amount, rules, currency): an `adjustment` per partner
 *   whose net differs, the difference.
 * The same state given twice (a replay, a duplicate event) returns no lines. Pure: ids, times and
 * statuses are the store's.
 */
export function ledgerLinesFor(existing: readonly LedgerLine[], state: DealLedgerState): LedgerLine[] {
  const net = dealNet(existing, state.dealId);
  const won = isWonInLedger(existing, state.dealId);
  const line = (partnerId: string, currency: string, kind: LedgerLineKind, amountMinor: bigint): LedgerLine => ({
    dealId: state.dealId,
    partnerId,
    kind,
    currency,
    amountMinor,
    ruleVersion: state.ruleVersion,
  });
  const out: LedgerLine[] = [];

  if (state.stage !== 'won') {
    if (!won) {
      // Not won and not standing as won: anything left over (never written by this function) is set right.
      for (const [k, amount] of net) if (amount !== 0n) out.push(line(...split(k), 'adjustment', -amount));
      return sortLines(out);
    }
    const partners = new Set<string>();
    for (const l of existing) if (l.dealId === state.dealId && DEAL_KINDS.has(l.kind)) partners.add(key(l.partnerId, l.currency));
    for (const k of partners) out.push(line(...split(k), 'reversal', -(net.get(k) ?? 0n)));
    return sortLines(out);
  }

  const target = new Map<string, bigint>();
  for (const a of state.allocations) target.set(key(a.partnerId, state.currency), (target.get(key(a.partnerId, state.currency)) ?? 0n) + a.amountMinor);
  if (!won) {
    for (const [k, amount] of target) out.push(line(...split(k), 'earned', amount - (net.get(k) ?? 0n)));
    for (const [k, amount] of net) if (!target.has(k) && amount !== 0n) out.push(line(...split(k), 'adjustment', -amount));
    return sortLines(out);
  }
  for (const k of new Set([...target.keys(), ...net.keys()])) {
    const diff = (target.get(k) ?? 0n) - (net.get(k) ?? 0n);
    if (diff !== 0n) out.push(line(...split(k), 'adjustment', diff));
  }
  return sortLines(out);
}

function split(k: string): [string, string] {
  const at = k.indexOf('\u0000');
  return [k.slice(0, at), k.slice(at + 1)];
}

/** Partner id, then currency, in plain string order: the same input always appends the same lines. */
function sortLines(lines: LedgerLine[]): LedgerLine[] {
  return lines.sort((a, b) => (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
}
