// Calendar arithmetic on YYYY-MM-DD dates (UTC), for the playbook's days and the digest's weeks.

const DAY_MS = 86_400_000;

function utcMidnight(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/**
 * The playbook day `today` falls on: the start date is day 1; a date before the start is day 0.
 *
 * @example playbookDay('2026-01-01', '2026-03-31') // 90
 */
export function playbookDay(startDate: string, today: string): number {
  const diff = Math.floor((utcMidnight(today) - utcMidnight(startDate)) / DAY_MS);
  return diff < 0 ? 0 : diff + 1;
}

/**
 * The date `days` days after `date`.
 *
 * @example addDays('2026-01-01', 90) // "2026-04-01"
 */
export function addDays(date: string, days: number): string {
  return new Date(utcMidnight(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The ISO 8601 week of a date, as `YYYY-Www` (weeks start on Monday; week 1 holds the year's first
 * Thursday, so 2026-12-31 is in 2026-W53 and 2027-01-01 too).
 *
 * @example isoWeekOf('2026-12-02') // "2026-W49"
 */
export function isoWeekOf(date: string): string {
  const t = new Date(utcMidnight(date));
  const weekday = t.getUTCDay() === 0 ? 7 : t.getUTCDay();
  // The Thursday of this week decides the year the week belongs to.
  const thursday = new Date(t.getTime() + (4 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * The calendar quarter (UTC) of a date, as people read it.
 *
 * @example calendarQuarterOf('2026-11-30') // "Q4 2026"
 */
export function calendarQuarterOf(date: string): string {
  const month = Number(date.slice(5, 7));
  return `Q${Math.floor((month - 1) / 3) + 1} ${date.slice(0, 4)}`;
}
