import type { Result } from '../result';
import { fail, ok } from '../result';
import { isIsoDate } from '../iso-date';

/**
 * A calendar quarter, `2026-Q4`, with its first and last day. Quarters are calendar quarters
 * (January–March is Q1), compared on calendar dates written YYYY-MM-DD, which sort as strings
 * (docs/decisions/0013-reporting-metrics.md, "Quarters").
 */
export interface Quarter {
  /** `2026-Q4`. */
  label: string;
  year: number;
  /** 1 to 4. */
  index: 1 | 2 | 3 | 4;
  /** First day, `2026-10-01`. */
  start: string;
  /** Last day, `2026-12-31`. */
  end: string;
}

const QUARTER = /^(\d{4})-Q([1-4])$/;
const LAST_DAY = ['03-31', '06-30', '09-30', '12-31'] as const;

/**
 * Parses `YYYY-Qn` (n = 1..4). Errors name `field`.
 *
 * @example parseQuarter('2026-Q4', 'quarter') // ok({ label: '2026-Q4', start: '2026-10-01', end: '2026-12-31', … })
 */
export function parseQuarter(text: string, field: string): Result<Quarter> {
  const match = QUARTER.exec(text.trim());
  if (!match) return fail(field, `"${text}" is not a quarter like "2026-Q4"`);
  return ok(quarterFrom(Number(match[1]), Number(match[2]) as Quarter['index']));
}

function quarterFrom(year: number, index: Quarter['index']): Quarter {
  const yyyy = String(year).padStart(4, '0');
  const firstMonth = String((index - 1) * 3 + 1).padStart(2, '0');
  return { label: `${yyyy}-Q${index}`, year, index, start: `${yyyy}-${firstMonth}-01`, end: `${yyyy}-${LAST_DAY[index - 1]}` };
}

/**
 * The quarter a calendar date falls in.
 *
 * @example quarterOf('2026-03-31').label // "2026-Q1"
 */
export function quarterOf(date: string): Quarter {
  if (!isIsoDate(date)) throw new Error(`quarterOf: "${date}" is not a date YYYY-MM-DD`);
  const month = Number(date.slice(5, 7));
  return quarterFrom(Number(date.slice(0, 4)), (Math.floor((month - 1) / 3) + 1) as Quarter['index']);
}

/** The quarter before `q` (`2026-Q1` → `2025-Q4`), for "last quarter" figures. */
export function previousQuarter(q: Quarter): Quarter {
  return q.index === 1 ? quarterFrom(q.year - 1, 4) : quarterFrom(q.year, (q.index - 1) as Quarter['index']);
}

/** True when the calendar date `date` (YYYY-MM-DD) lies in `q`, both ends included. */
export function isInQuarter(date: string, q: Quarter): boolean {
  return date >= q.start && date <= q.end;
}

/**
 * Days since 1970-01-01 of a calendar date, by arithmetic on the proleptic Gregorian calendar
 * (no Date object, no time zone).
 *
 * @example dayNumber('1970-01-02') // 1
 */
export function dayNumber(date: string): number {
  if (!isIsoDate(date)) throw new Error(`dayNumber: "${date}" is not a date YYYY-MM-DD`);
  let y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  // Days from civil: shift the year to start in March so the leap day is the year's last.
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}
