/** What the deal property `cosell_commission_status` says about a deal's commission. */
export const COMMISSION_STATUSES = ['projected', 'earned', 'approved', 'paid', 'reversed'] as const;
export type CommissionStatus = (typeof COMMISSION_STATUSES)[number];

/**
 * A deal's commission status from its stage and its deal lines (earned, reversal, adjustment) with
 * their statuses: an open deal that never left won is `projected`; a deal standing as won is
 * `paid` when every line is paid, `approved` when every line is approved or paid, else `earned`; a
 * deal whose won was reversed (reopened or lost after winning) is `reversed`. Null: nothing to say
 * (a lost deal that never won, a deal without a split).
 */
export function commissionStatusOf(stage: 'open' | 'won' | 'lost', hasSplit: boolean, lines: ReadonlyArray<{ kind: string; status: 'open' | 'approved' | 'paid' }>): CommissionStatus | null {
  const dealLines = lines.filter((l) => l.kind === 'earned' || l.kind === 'reversal' || l.kind === 'adjustment');
  if (stage === 'won') {
    // Only the lines since the deal last left won tell how its current win stands.
    let last = -1;
    dealLines.forEach((l, i) => {
      if (l.kind === 'reversal') last = i;
    });
    return wonStatus(dealLines.slice(last + 1), hasSplit);
  }
  if (dealLines.some((l) => l.kind === 'reversal')) return 'reversed';
  if (stage === 'open' && hasSplit) return 'projected';
  return null;
}

function wonStatus(dealLines: ReadonlyArray<{ status: 'open' | 'approved' | 'paid' }>, hasSplit: boolean): CommissionStatus | null {
  if (dealLines.length === 0) return hasSplit ? 'earned' : null;
  if (dealLines.every((l) => l.status === 'paid')) return 'paid';
  if (dealLines.every((l) => l.status !== 'open')) return 'approved';
  return 'earned';
}
