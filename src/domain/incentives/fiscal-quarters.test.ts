import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fiscalQuarter, fiscalQuarterOf, nextFiscalQuarter, parseQuarterLabel, previousFiscalQuarter } from './fiscal-quarters';

describe('fiscal quarters', () => {
  it.each<[string, number, string, string, string]>([
    // calendar quarters
    ['2026-01-01', 1, '2026-Q1', '2026-01-01', '2026-03-31'],
    ['2026-03-31', 1, '2026-Q1', '2026-01-01', '2026-03-31'],
    ['2026-04-01', 1, '2026-Q2', '2026-04-01', '2026-06-30'],
    ['2026-09-30', 1, '2026-Q3', '2026-07-01', '2026-09-30'],
    ['2026-12-31', 1, '2026-Q4', '2026-10-01', '2026-12-31'],
    // a fiscal year starting in April is named by the year it ends in
    ['2026-03-31', 4, '2026-Q4', '2026-01-01', '2026-03-31'],
    ['2026-04-01', 4, '2027-Q1', '2026-04-01', '2026-06-30'],
    ['2026-07-01', 4, '2027-Q2', '2026-07-01', '2026-09-30'],
    ['2026-12-31', 4, '2027-Q3', '2026-10-01', '2026-12-31'],
    ['2027-01-01', 4, '2027-Q4', '2027-01-01', '2027-03-31'],
    // February and December starts, across leap days and the turn of the year
    ['2024-02-29', 2, '2025-Q1', '2024-02-01', '2024-04-30'],
    ['2025-01-31', 2, '2025-Q4', '2024-11-01', '2025-01-31'],
    ['2024-02-29', 12, '2024-Q1', '2023-12-01', '2024-02-29'],
    ['2025-12-01', 12, '2026-Q1', '2025-12-01', '2026-02-28'],
    ['2026-11-30', 12, '2026-Q4', '2026-09-01', '2026-11-30'],
    // a HubSpot date-time is read as written
    ['2026-03-31T23:59:59Z', 1, '2026-Q1', '2026-01-01', '2026-03-31'],
    ['2026-04-01T00:30:00+02:00', 1, '2026-Q2', '2026-04-01', '2026-06-30'],
  ])('%s with fiscal years starting in month %i is %s (%s to %s)', (date, start, label, first, last) => {
    expect(fiscalQuarterOf(date, start)).toMatchObject({ label, firstDay: first, lastDay: last });
    const parsed = parseQuarterLabel(label, start, 'quarter');
    expect(parsed.ok && [parsed.value.firstDay, parsed.value.lastDay]).toEqual([first, last]);
  });

  it('is null for a date that is not one', () => {
    expect(fiscalQuarterOf('2026-02-30', 1)).toBeNull();
    expect(fiscalQuarterOf('next week', 1)).toBeNull();
  });

  it.each(['2026-Q5', '2026-Q0', 'Q3 2026', '26-Q3', '2026Q3', ''])('refuses the label %j, naming the field', (label) => {
    expect(parseQuarterLabel(label, 1, 'quarter')).toMatchObject({ ok: false, errors: [{ path: 'quarter', message: `"${label}" is not a quarter like "2026-Q3"` }] });
  });

  it('steps across fiscal years', () => {
    expect(previousFiscalQuarter(fiscalQuarter(2026, 1, 1), 1).label).toBe('2025-Q4');
    expect(nextFiscalQuarter(fiscalQuarter(2026, 4, 1), 1).label).toBe('2027-Q1');
    expect(previousFiscalQuarter(fiscalQuarter(2027, 1, 4), 4)).toMatchObject({ label: '2026-Q4', firstDay: '2026-01-01', lastDay: '2026-03-31' });
  });

  const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const anyDay = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  const anyMonth = fc.integer({ min: 1, max: 12 });

  it('property: a date is inside its quarter, and quarters tile time without gaps or overlaps', () => {
    fc.assert(
      fc.property(anyDay, anyMonth, (day, start) => {
        const q = fiscalQuarterOf(day, start);
        expect(q).not.toBeNull();
        if (!q) return;
        expect(day >= q.firstDay && day <= q.lastDay).toBe(true);
        expect(fiscalQuarterOf(q.firstDay, start)?.label).toBe(q.label);
        expect(fiscalQuarterOf(q.lastDay, start)?.label).toBe(q.label);
        const next = nextFiscalQuarter(q, start);
        expect(next.firstDay).toBe(dayAfter(q.lastDay));
        expect(fiscalQuarterOf(dayAfter(q.lastDay), start)?.label).toBe(next.label);
        expect(previousFiscalQuarter(next, start)).toEqual(q);
        const reread = parseQuarterLabel(q.label, start, 'quarter');
        expect(reread.ok && reread.value).toEqual(q);
      }),
      { numRuns: 300 },
    );
  });

  it('property: Q1 starts on the 1st of the start month, in the year before the fiscal year unless it starts in January', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2200 }), anyMonth, (year, start) => {
        const q1 = fiscalQuarter(year, 1, start);
        const q4 = fiscalQuarter(year, 4, start);
        expect(q1.firstDay).toBe(`${start === 1 ? year : year - 1}-${String(start).padStart(2, '0')}-01`);
        // the fiscal year ends in the calendar year it is named after
        expect(q4.lastDay.slice(0, 4)).toBe(String(year));
        expect(nextFiscalQuarter(q4, start).firstDay).toBe(dayAfter(q4.lastDay));
      }),
    );
  });
});
