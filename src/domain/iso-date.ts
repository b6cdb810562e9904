const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * True for a real calendar date written YYYY-MM-DD. Such strings sort chronologically as plain
 * strings, which is why rule selection can compare them without a Date.
 *
 * @example isIsoDate('2026-02-29') // false (2026 is not a leap year)
 */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

/**
 * The calendar date of a date or date-time string (`2026-03-31T23:00:00Z` → `2026-03-31`), or
 * null when it is neither. HubSpot close dates arrive as ISO date-times; rule selection needs
 * only the date.
 */
export function toIsoDate(value: string): string | null {
  const date = value.slice(0, 10);
  if (!isIsoDate(date)) return null;
  if (value.length > 10 && value[10] !== 'T' && value[10] !== ' ') return null;
  return date;
}
