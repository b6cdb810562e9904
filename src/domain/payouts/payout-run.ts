/*
 * Assembling a payout run from the lines it may pay (docs/decisions/0014-commission-ledger.md):
 * per partner and currency, the approved unpaid lines are netted; a net of 0 or more is paid (every
 * line, reversals and adjustments included), a negative net is carried forward — nothing is paid
 * and the lines wait for the next run, where later earnings can cover them. Solo and co-sell lines
 * go through the same path: there is no separate co-sell cycle.
 */

/** A line a run may pay: approved and in no run yet. Amounts are signed minor units. */
export interface PayableLine {
  id: string;
  dealId: string;
  partnerId: string;
  kind: string;
  currency: string;
  amountMinor: bigint;
}

export interface RunStatement<L extends PayableLine = PayableLine> {
  partnerId: string;
  currency: string;
  /** The lines netted, in the order given (ledger order). */
  lines: L[];
  /** The sum of `lines`. */
  totalMinor: bigint;
  /** True when the total is negative: nothing is paid, the balance and lines roll to the next run. */
  carriedForward: boolean;
}

export interface AssembledRun<L extends PayableLine = PayableLine> {
  /** Sorted by partner id, then currency (plain string order). */
  statements: Array<RunStatement<L>>;
  /** The lines the run pays (those of statements not carried forward), in the order given. */
  paidLineIds: string[];
}

/**
 * @example assembleRun([{ id: '1', partnerId: 'p1', currency: 'USD', amountMinor: 500n, … }]).paidLineIds // ['1']
 */
export function assembleRun<L extends PayableLine>(lines: readonly L[]): AssembledRun<L> {
  const groups = new Map<string, RunStatement<L>>();
  for (const line of lines) {
    const k = `${line.partnerId}\u0000${line.currency}`;
    let g = groups.get(k);
    if (!g) {
      g = { partnerId: line.partnerId, currency: line.currency, lines: [], totalMinor: 0n, carriedForward: false };
      groups.set(k, g);
    }
    g.lines.push(line);
    g.totalMinor += line.amountMinor;
  }
  const statements = [...groups.values()].sort((a, b) =>
    a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0,
  );
  const paid = new Set<string>();
  for (const s of statements) {
    s.carriedForward = s.totalMinor < 0n;
    if (!s.carriedForward) for (const l of s.lines) paid.add(l.id);
  }
  return { statements, paidLineIds: lines.filter((l) => paid.has(l.id)).map((l) => l.id) };
}
