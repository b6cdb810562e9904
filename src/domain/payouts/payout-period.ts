import type { Result } from '../result';
import { fail, ok } from '../result';
import { fiscalQuarter } from '../incentives/fiscal-quarters';

/** A payout run's period: a fiscal quarter (`2026-Q4`) or a calendar month (`2026-11`). */
export interface PayoutPeriod {
  label: string;
  /** First day, YYYY-MM-DD. */
  from: string;
  /** The day after the last, YYYY-MM-DD (exclusive). */
  to: string;
}

const QUARTER = /^(\d{4})-Q([1-4])$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const pad = (n: number, w: number) => String(n).padStart(w, '0');

function dayAfter(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Reads `--period`: a quarter of the portal's fiscal calendar (`fiscalYearStartMonth`, decision
 * 0012) or a calendar month.
 *
 * @example parsePayoutPeriod('2026-11', 1, 'period') // ok({ label: '2026-11', from: '2026-11-01', to: '2026-12-01' })
 */
export function parsePayoutPeriod(text: string, fiscalYearStartMonth: number, field: string): Result<PayoutPeriod> {
  const value = typeof text === 'string' ? text.trim() : '';
  const q = QUARTER.exec(value);
  if (q) {
    const quarter = fiscalQuarter(Number(q[1]), Number(q[2]), fiscalYearStartMonth);
    return ok({ label: value, from: quarter.firstDay, to: dayAfter(quarter.lastDay) });
  }
  const m = MONTH.exec(value);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const to = month === 12 ? `${pad(year + 1, 4)}-01-01` : `${pad(year, 4)}-${pad(month + 1, 2)}-01`;
    return ok({ label: value, from: `${value}-01`, to });
  }
  return fail(field, `"${String(text)}" is not a quarter like 2026-Q4 or a month like 2026-11`);
}
