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
 * The time part of an RFC 3339 / ISO 8601 date-time: hh:mm:ss, an optional fraction, and a
 * required offset (Z or ±hh:mm). Second 60 is allowed for leap seconds, as RFC 3339 does.
 */
const TIME = /^T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/**
 * The calendar date of a date or a full date-time string (`2026-03-31T23:00:00Z` → `2026-03-31`),
 * or null when it is neither; anything else after the date (`2026-03-31Tnonsense`) is rejected so
 * a garbled close date cannot silently pick a rule set. HubSpot close dates arrive as ISO
 * date-times; rule selection needs only the date as written (the offset does not move it).
 */
export function toIsoDate(value: string): string | null {
  const date = value.slice(0, 10);
  if (!isIsoDate(date)) return null;
  if (value.length === 10) return date;
  return TIME.test(value.slice(10)) ? date : null;
}
