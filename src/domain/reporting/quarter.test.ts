import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumber, daysBetween, isInQuarter, parseQuarter, previousQuarter, quarterOf } from './quarter';

function q(text: string) {
  const parsed = parseQuarter(text, 'quarter');
  if (!parsed.ok) throw new Error(`test quarter ${text} did not parse`);
  return parsed.value;
}

describe('parseQuarter', () => {
  it.each([
    ['2026-Q1', '2026-01-01', '2026-03-31'],
    ['2026-Q2', '2026-04-01', '2026-06-30'],
    ['2026-Q3', '2026-07-01', '2026-09-30'],
    ['2026-Q4', '2026-10-01', '2026-12-31'],
    [' 2028-Q1 ', '2028-01-01', '2028-03-31'],
  ])('%j runs from %s to %s', (text, start, end) => {
    expect(q(text)).toMatchObject({ label: text.trim(), start, end });
  });

  it.each(['2026-Q0', '2026-Q5', '2026Q4', 'Q4-2026', '2026-q4', '26-Q4', ''])('refuses %j, naming the field', (text) => {
    expect(parseQuarter(text, '--quarter')).toEqual({
      ok: false,
      errors: [{ path: '--quarter', message: `"${text}" is not a quarter like "2026-Q4"` }],
    });
  });
});

describe('quarter boundaries', () => {
  const q4 = q('2026-Q4');
  it.each([
    ['2026-09-30', false],
    ['2026-10-01', true],
    ['2026-11-15', true],
    ['2026-12-31', true],
    ['2027-01-01', false],
  ])('%s in 2026-Q4: %s', (date, inside) => {
    expect(isInQuarter(date, q4)).toBe(inside);
  });

  it.each([
    ['2026-01-01', '2026-Q1'],
    ['2026-03-31', '2026-Q1'],
    ['2026-04-01', '2026-Q2'],
    ['2024-02-29', '2024-Q1'],
    ['2026-12-31', '2026-Q4'],
  ])('quarterOf(%s) is %s', (date, label) => {
    expect(quarterOf(date).label).toBe(label);
  });

  it('previousQuarter crosses the year', () => {
    expect(previousQuarter(q('2026-Q1')).label).toBe('2025-Q4');
    expect(previousQuarter(q('2026-Q3')).label).toBe('2026-Q2');
  });

  it('every date lies in exactly the quarter quarterOf names, and a quarter is contiguous', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const date = d.toISOString().slice(0, 10);
        const quarter = quarterOf(date);
        expect(isInQuarter(date, quarter)).toBe(true);
        expect(isInQuarter(date, previousQuarter(quarter))).toBe(false);
        expect(quarterOf(quarter.start).label).toBe(quarter.label);
        expect(quarterOf(quarter.end).label).toBe(quarter.label);
        // The day after the end starts the next quarter.
        const next = new Date(Date.UTC(Number(quarter.end.slice(0, 4)), Number(quarter.end.slice(5, 7)) - 1, Number(quarter.end.slice(8)) + 1));
        expect(previousQuarter(quarterOf(next.toISOString().slice(0, 10))).label).toBe(quarter.label);
      }),
    );
  });
});

describe('dayNumber and daysBetween', () => {
  it.each([
    ['1970-01-01', 0],
    ['1970-01-02', 1],
    ['1969-12-31', -1],
    ['2000-03-01', 11017],
    ['2026-12-31', 20818],
  ])('dayNumber(%s) = %i', (date, n) => {
    expect(dayNumber(date)).toBe(n);
  });

  it('counts leap days: 2024-02-28 → 2024-03-01 is 2 days, 2026-02-28 → 2026-03-01 is 1', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1);
    expect(daysBetween('2026-07-01', '2026-12-31')).toBe(183);
  });

  it('agrees with the calendar of Date.UTC for any date (the test may use Date; the domain does not)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('0400-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const date = d.toISOString().slice(0, 10);
        expect(dayNumber(date)).toBe(Math.floor(d.getTime() / 86_400_000));
      }),
    );
  });

  it('refuses a non-date', () => {
    expect(() => dayNumber('2026-02-29')).toThrow(/not a date/);
  });
});
