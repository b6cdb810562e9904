import { toIsoDate } from '../iso-date';
import type { Result } from '../result';
import { fail, ok } from '../result';

/**
 * Fiscal quarters named `YYYY-Qn` (docs/decisions/0012-incentives.md). A fiscal year starts on the
 * first day of `fiscalYearStartMonth` and is named by the calendar year it ends in, so with April
 * as the start month 2026-04-01 … 2027-03-31 is fiscal year 2027 and 2026-04-01 is in `2027-Q1`.
 * With 1 (January) fiscal quarters are calendar quarters. Dates are ISO strings throughout: no Date,
 * no time zone, so a close date is read as written.
 */
export interface FiscalQuarter {
  /** `2026-Q3`. */
  label: string;
  fiscalYear: number;
  /** 1–4. */
  quarter: number;
  /** First and last day, inclusive, YYYY-MM-DD. */
  firstDay: string;
  lastDay: string;
}

const LABEL = /^(\d{4})-Q([1-4])$/;

/** True for a month number 1–12. */
function isMonth(month: number): boolean {
  return Number.isInteger(month) && month >= 1 && month <= 12;
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 30;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * The quarter `quarter` (1–4) of fiscal year `fiscalYear` under a calendar whose years start in
 * `startMonth`.
 */
export function fiscalQuarter(fiscalYear: number, quarter: number, startMonth: number): FiscalQuarter {
  if (!isMonth(startMonth)) throw new Error(`fiscalQuarter: start month ${startMonth} is not 1–12`);
  // The fiscal year named N starts in calendar year N (January start) or N − 1 (any other month).
  const startYear = startMonth === 1 ? fiscalYear : fiscalYear - 1;
  // Months counted from January of startYear, 0-based.
  const firstIndex = startMonth - 1 + 3 * (quarter - 1);
  const lastIndex = firstIndex + 2;
  const firstYear = startYear + Math.floor(firstIndex / 12);
  const firstMonth = (firstIndex % 12) + 1;
  const lastYear = startYear + Math.floor(lastIndex / 12);
  const lastMonth = (lastIndex % 12) + 1;
  return {
    label: `${pad(fiscalYear, 4)}-Q${quarter}`,
    fiscalYear,
    quarter,
    firstDay: `${pad(firstYear, 4)}-${pad(firstMonth, 2)}-01`,
    lastDay: `${pad(lastYear, 4)}-${pad(lastMonth, 2)}-${pad(daysInMonth(lastYear, lastMonth), 2)}`,
  };
}

/**
 * Reads a quarter label; errors name `field`.
 *
 * @example parseQuarterLabel('2026-Q3', 4, 'quarter') // ok: 2025-10-01 … 2025-12-31
 */
export function parseQuarterLabel(label: string, startMonth: number, field: string): Result<FiscalQuarter> {
  const match = LABEL.exec(typeof label === 'string' ? label.trim() : '');
  if (!match) return fail(field, `"${String(label)}" is not a quarter like "2026-Q3"`);
  return ok(fiscalQuarter(Number(match[1]), Number(match[2]), startMonth));
}

/**
 * The fiscal quarter a date (or date-time, read as written) falls in, or null when it is not a date.
 *
 * @example fiscalQuarterOf('2026-04-01', 4)?.label // "2027-Q1"
 */
export function fiscalQuarterOf(date: string, startMonth: number): FiscalQuarter | null {
  const day = toIsoDate(date);
  if (day === null) return null;
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  const monthsIntoYear = (month - startMonth + 12) % 12;
  const startYear = month >= startMonth ? year : year - 1;
  const fiscalYear = startMonth === 1 ? startYear : startYear + 1;
  return fiscalQuarter(fiscalYear, Math.floor(monthsIntoYear / 3) + 1, startMonth);
}

/** The quarter before. */
export function previousFiscalQuarter(q: FiscalQuarter, startMonth: number): FiscalQuarter {
  return q.quarter === 1 ? fiscalQuarter(q.fiscalYear - 1, 4, startMonth) : fiscalQuarter(q.fiscalYear, q.quarter - 1, startMonth);
}

/** The quarter after. */
export function nextFiscalQuarter(q: FiscalQuarter, startMonth: number): FiscalQuarter {
  return q.quarter === 4 ? fiscalQuarter(q.fiscalYear + 1, 1, startMonth) : fiscalQuarter(q.fiscalYear, q.quarter + 1, startMonth);
}

/** True when the date (YYYY-MM-DD) is inside the quarter, both ends included. */
export function isInQuarter(day: string, q: FiscalQuarter): boolean {
  return day >= q.firstDay && day <= q.lastDay;
}
