// Progress of a pairing against the playbook's targets, from the pairing's deals and registrations.
import { formatMoney } from '../money';
import type { Pairing } from './pairing';
import { PAIRING_REVIEW_DAY } from './pairing';
import { addDays, playbookDay } from './pairing-dates';

/** One deal of the pairing (every partner of the pairing is on it), as the CRM has it now. */
export interface PairingDeal {
  dealId: string;
  name: string;
  status: 'open' | 'won' | 'lost';
  /** YYYY-MM-DD or null. */
  closeDate: string | null;
  /** Integer minor units of `currency`; null when the deal has no amount. */
  amountMinor: bigint | null;
  currency: string;
}

/** One co-sell registration of a pairing deal (withdrawn ones are left out by the caller). */
export interface PairingRegistration {
  dealId: string;
  /** ISO timestamp. */
  registeredAt: string;
}

export interface MoneyTotal {
  currency: string;
  /** Exact decimal text in the currency's minor units ("12500.00"). */
  amount: string;
}

export interface PairingProgress {
  /** Playbook day today (1 = the start date; 0 = not started yet). */
  day: number;
  /** Deals registered as co-sell within the registration window (each deal once). */
  registrations: number;
  registrationsTarget: number;
  /** Last day that counts for the registration target (YYYY-MM-DD). */
  registrationWindowEnds: string;
  activeDeals: number;
  activeDealsTarget: { min: number; max: number; byDay: number };
  /** Deals won since the start date. */
  wonDeals: number;
  /** Sum of the open deals' amounts, per currency (sorted by currency). */
  pipeline: MoneyTotal[];
  /** Sum of the amounts of the deals won since the start, per currency. */
  closedRevenue: MoneyTotal[];
  /** What is behind target today, in words (empty when on track or too early to tell). */
  behind: string[];
}

function totals(deals: PairingDeal[]): MoneyTotal[] {
  const sums = new Map<string, bigint>();
  for (const d of deals) {
    if (d.amountMinor === null) continue;
    sums.set(d.currency, (sums.get(d.currency) ?? 0n) + d.amountMinor);
  }
  return [...sums.entries()]
    .filter(([, minor]) => minor !== 0n)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, minor]) => ({ currency, amount: formatMoney(minor, currency) }));
}

/**
 * Where a pairing stands against its targets on `today` (YYYY-MM-DD).
 *
 * @example pairingProgress(pairing, deals, registrations, '2026-03-01').registrations // 2
 */
export function pairingProgress(pairing: Pairing, deals: PairingDeal[], registrations: PairingRegistration[], today: string): PairingProgress {
  const { targets } = pairing;
  const day = playbookDay(pairing.startDate, today);
  const windowEnds = addDays(pairing.startDate, targets.registrationWindowDays - 1);
  const ours = new Set(deals.map((d) => d.dealId));
  const registered = new Set(
    registrations
      .filter((r) => ours.has(r.dealId))
      .filter((r) => {
        const date = r.registeredAt.slice(0, 10);
        return date >= pairing.startDate && date <= windowEnds;
      })
      .map((r) => r.dealId),
  );
  const open = deals.filter((d) => d.status === 'open');
  const won = deals.filter((d) => d.status === 'won' && d.closeDate !== null && d.closeDate >= pairing.startDate);
  const behind: string[] = [];
  if (day >= targets.activeDealsByDay && open.length < targets.activeDealsMin) {
    behind.push(`${open.length} co-sell deal${open.length === 1 ? '' : 's'} in active pipeline; the target is ${targets.activeDealsMin}–${targets.activeDealsMax} by day ${targets.activeDealsByDay}`);
  }
  if (day >= Math.min(targets.registrationWindowDays, PAIRING_REVIEW_DAY) && registered.size < targets.registrations) {
    behind.push(`${registered.size} of ${targets.registrations} co-sell registrations in the first ${targets.registrationWindowDays} days`);
  }
  return {
    day,
    registrations: registered.size,
    registrationsTarget: targets.registrations,
    registrationWindowEnds: windowEnds,
    activeDeals: open.length,
    activeDealsTarget: { min: targets.activeDealsMin, max: targets.activeDealsMax, byDay: targets.activeDealsByDay },
    wonDeals: won.length,
    pipeline: totals(open),
    closedRevenue: totals(won),
    behind,
  };
}
