import type { Allocation, AttributionPlan } from '../compute-attribution';
import { formatMoney, formatScaled } from '../money';
import { formatHundredths, toHundredths } from '../percent';

/** A per-deal split set by partner ops after an upheld dispute: partner → share of the pool. */
export interface AdjustedSplit {
  shares: ReadonlyArray<{ partnerId: string; partnerName: string; percent: number }>;
  /** The decision note: why the split was set. */
  note: string;
  /** Who set it (a name) and when (ISO instant). */
  setBy: string;
  setAt: string;
}

/** The warning code a plan carries when its split was set after a dispute. */
export const SPLIT_ADJUSTED = 'split_adjusted';

const WHOLE = 10000n;

/** "split set by partner ops after a dispute (<note>)": what the card and the plan say. */
export function adjustedSplitReason(note: string): string {
  return `split set by partner ops after a dispute (${note.trim()})`;
}

/**
 * The plan with its allocations replaced by an adjusted split. The pool is the rule set's (the
 * plan's pool, untouched); each partner gets its share of it in minor units, rounded down, and
 * the units left over go to the largest remainders (ties: larger share, then lower partner id), as
 * decision 0001 does for the computed split, so the amounts sum exactly to the pool. Partners on
 * the deal that the adjustment leaves out get 0; a partner in the adjustment that is no longer on
 * the deal keeps its share and is warned about. Pure.
 *
 * @example applySplitAdjustment(plan, { shares: [{ partnerId: '11', partnerName: 'Northwind', percent: 100 }], note: 'intro email', setBy: 'Pat Ops', setAt: '2026-03-02T09:00:00Z' })
 */
export function applySplitAdjustment(plan: AttributionPlan, adjustment: AdjustedSplit): AttributionPlan {
  const pool = BigInt(plan.pool.amountMinor);
  const fmt = (minor: bigint) => formatMoney(minor, plan.currency);
  const onDeal = new Map(plan.allocations.map((a) => [a.partnerId, a]));
  const parts = new Map<string, { name: string; hundredths: bigint }>();
  for (const s of adjustment.shares) parts.set(s.partnerId, { name: s.partnerName, hundredths: toHundredths(s.percent) });
  for (const a of plan.allocations) if (!parts.has(a.partnerId)) parts.set(a.partnerId, { name: a.partnerName ?? a.partnerId, hundredths: 0n });

  const exact = [...parts].map(([partnerId, p]) => ({ partnerId, ...p, base: (pool * p.hundredths) / WHOLE, rest: (pool * p.hundredths) % WHOLE }));
  let leftover = pool - exact.reduce((sum, e) => sum + e.base, 0n);
  const order = exact
    .filter((e) => e.rest > 0n)
    .sort((a, b) => (a.rest !== b.rest ? (a.rest > b.rest ? -1 : 1) : a.hundredths !== b.hundredths ? (a.hundredths > b.hundredths ? -1 : 1) : a.partnerId < b.partnerId ? -1 : 1));
  const bumped = new Set<string>();
  for (const e of order) {
    if (leftover <= 0n) break;
    bumped.add(e.partnerId);
    leftover -= 1n;
  }

  const reason = adjustedSplitReason(adjustment.note);
  const explanation: string[] = [
    ...plan.explanation.filter((line, i) => i === 0 || line.startsWith('Pool rate:') || line.startsWith('Pool:')),
    `The ${reason.replace(/^split/, 'split was')}, by ${adjustment.setBy} on ${adjustment.setAt.slice(0, 10)}: the role weights are not used for this deal.`,
  ];
  const allocations: Allocation[] = exact
    .sort((a, b) => (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0))
    .map((e) => {
      const minor = e.base + (bumped.has(e.partnerId) ? 1n : 0n);
      const percent = formatHundredths(e.hundredths);
      explanation.push(`${e.name}: ${percent} % of the pool; ${fmt(minor)} ${plan.currency}${bumped.has(e.partnerId) ? ` (${fmt(e.base)} + ${fmt(1n)} rounding)` : ''}.`);
      return {
        partnerId: e.partnerId,
        partnerName: e.name,
        roles: onDeal.get(e.partnerId)?.roles ?? [],
        weight: percent,
        share: formatScaled(e.hundredths * 100n, 6),
        amount: fmt(minor),
        amountMinor: minor.toString(),
      };
    });
  if (bumped.size > 0) {
    explanation.push(`Rounding: the ${bumped.size} leftover unit${bumped.size === 1 ? '' : 's'} of ${fmt(1n)} ${plan.currency} went to the largest remainder${bumped.size === 1 ? '' : 's'}.`);
  }
  explanation.push(`Rule set version ${plan.ruleVersion} (pool rate only).`);

  const warnings = plan.warnings.filter((w) => !['zero_allocation', 'role_worth_zero', 'all_weights_zero', 'no_role'].includes(w.code));
  warnings.push({ code: SPLIT_ADJUSTED, message: reason.charAt(0).toUpperCase() + reason.slice(1) });
  for (const e of exact) {
    if (!onDeal.has(e.partnerId)) warnings.push({ code: 'adjusted_partner_not_on_deal', partnerId: e.partnerId, message: `${e.name} is no longer on the deal but keeps its adjusted share of ${formatHundredths(e.hundredths)} %` });
  }
  return { ...plan, allocations, unallocated: fmt(0n), warnings, explanation };
}
