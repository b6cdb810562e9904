import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Pairing, PairingDeal, PairingPartner, PairingProgress } from './index';
import { DEFAULT_PAIRING_TARGETS, addDays, calendarQuarterOf, isoWeekOf, pairingDigestHtml, pairingProgress, pairingWarnings, playbookDay, reviewSuggestion } from './index';

const pairing = (over: Partial<Pairing> = {}): Pairing => ({
  id: '1',
  partnerIds: ['101', '102'],
  pairingKey: '101+102',
  model: 'sell_with',
  startDate: '2026-01-01',
  targets: DEFAULT_PAIRING_TARGETS,
  status: 'active',
  decision: null,
  createdBy: 'u1',
  createdAt: '2026-01-01T09:00:00.000Z',
  ...over,
});

const deal = (dealId: string, status: PairingDeal['status'], amount: bigint | null, over: Partial<PairingDeal> = {}): PairingDeal => ({
  dealId,
  name: `Deal ${dealId}`,
  status,
  closeDate: status === 'open' ? null : '2026-02-15',
  amountMinor: amount,
  currency: 'USD',
  ...over,
});

describe('playbook dates', () => {
  it.each([
    ['2026-01-01', '2025-12-31', 0],
    ['2026-01-01', '2026-01-01', 1],
    ['2026-01-01', '2026-03-01', 60],
    ['2026-01-01', '2026-03-31', 90],
  ])('start %s, today %s is day %i', (start, today, day) => {
    expect(playbookDay(start, today)).toBe(day);
  });

  it.each([
    ['2026-12-02', '2026-W49'],
    ['2026-12-31', '2026-W53'],
    ['2027-01-01', '2026-W53'],
    ['2027-01-04', '2027-W01'],
    ['2024-12-30', '2025-W01'],
    ['2021-01-03', '2020-W53'],
  ])('%s is in ISO week %s', (date, week) => {
    expect(isoWeekOf(date)).toBe(week);
  });

  it('every day of a week (Monday to Sunday) shares its ISO week, and the next Monday starts a new one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), (offset) => {
        const monday = addDays('2020-12-28', offset * 7); // a Monday
        const week = isoWeekOf(monday);
        for (let d = 1; d < 7; d++) expect(isoWeekOf(addDays(monday, d))).toBe(week);
        expect(isoWeekOf(addDays(monday, 7))).not.toBe(week);
      }),
    );
  });

  it.each([
    ['2026-01-01', 'Q1 2026'],
    ['2026-03-31', 'Q1 2026'],
    ['2026-04-01', 'Q2 2026'],
    ['2026-12-31', 'Q4 2026'],
  ])('%s is in %s', (date, quarter) => {
    expect(calendarQuarterOf(date)).toBe(quarter);
  });
});

describe('pairingProgress', () => {
  it('counts registrations of the pairing deals inside the first 90 days, each deal once', () => {
    const deals = [deal('1', 'open', 100000n), deal('2', 'open', 50000n), deal('3', 'lost', 1n)];
    const registrations = [
      { dealId: '1', registeredAt: '2026-01-10T10:00:00.000Z' },
      { dealId: '1', registeredAt: '2026-01-20T10:00:00.000Z' }, // re-registered: still one deal
      { dealId: '2', registeredAt: '2025-12-31T23:59:00.000Z' }, // before the start
      { dealId: '3', registeredAt: '2026-03-31T08:00:00.000Z' }, // day 90: counts
      { dealId: '9', registeredAt: '2026-01-10T10:00:00.000Z' }, // not a pairing deal
    ];
    const p = pairingProgress(pairing(), deals, registrations, '2026-02-01');
    expect(p).toMatchObject({ day: 32, registrations: 2, registrationsTarget: 5, registrationWindowEnds: '2026-03-31', activeDeals: 2, wonDeals: 0 });
    expect(p.pipeline).toEqual([{ currency: 'USD', amount: '1500.00' }]);
    expect(p.behind).toEqual([]);
  });

  it('a registration on day 91 is past the window', () => {
    const p = pairingProgress(pairing(), [deal('1', 'open', null)], [{ dealId: '1', registeredAt: '2026-04-01T00:00:00.000Z' }], '2026-04-02');
    expect(p.registrations).toBe(0);
  });

  it('sums pipeline and closed revenue per currency exactly, only won deals closed since the start', () => {
    const deals = [
      deal('1', 'open', 10n, { currency: 'EUR' }),
      deal('2', 'open', 20n, { currency: 'EUR' }),
      deal('3', 'open', 5n, { currency: 'JPY' }),
      deal('4', 'won', 123456789012345678901n),
      deal('5', 'won', 999n, { closeDate: '2025-12-31' }),
      deal('6', 'lost', 700n),
    ];
    const p = pairingProgress(pairing(), deals, [], '2026-02-20');
    expect(p.pipeline).toEqual([
      { currency: 'EUR', amount: '0.30' },
      { currency: 'JPY', amount: '5' },
    ]);
    expect(p.closedRevenue).toEqual([{ currency: 'USD', amount: '1234567890123456789.01' }]);
    expect(p.wonDeals).toBe(1);
  });

  it.each([
    ['day 59, no deals: too early to be behind', '2026-02-28', 0, 0, []],
    ['day 60, two open deals: behind on pipeline', '2026-03-01', 2, 5, ['2 co-sell deals in active pipeline; the target is 3–5 by day 60']],
    ['day 60, three open deals: on track', '2026-03-01', 3, 0, []],
    ['day 90, 4 of 5 registrations: behind on registrations', '2026-03-31', 3, 4, ['4 of 5 co-sell registrations in the first 90 days']],
  ] as const)('%s', (_name, today, openDeals, registered, behind) => {
    const deals = Array.from({ length: 5 }, (_, i) => deal(String(i + 1), i < openDeals ? 'open' : 'lost', 100n));
    const registrations = deals.slice(0, registered).map((d) => ({ dealId: d.dealId, registeredAt: '2026-01-15T00:00:00.000Z' }));
    expect(pairingProgress(pairing(), deals, registrations, today).behind).toEqual(behind);
  });

  it('honours a pairing\'s own registration target', () => {
    const p = pairingProgress(pairing({ targets: { ...DEFAULT_PAIRING_TARGETS, registrations: 8 } }), [deal('1', 'open', 1n)], [{ dealId: '1', registeredAt: '2026-01-02T00:00:00Z' }], '2026-04-10');
    expect(p.registrationsTarget).toBe(8);
    expect(p.behind).toContain('1 of 8 co-sell registrations in the first 90 days');
  });
});

describe('pairingWarnings', () => {
  const partner = (id: string, name: string, partnerType: string | null): PairingPartner => ({ id, name, partnerType });
  const names = new Map([
    ['1', 'Vertex Distribution'],
    ['2', 'Northwind Resellers'],
    ['3', 'Cloudbridge Tech'],
    ['4', 'Implementers Inc'],
  ]);

  it.each([
    ['two resellers', [partner('1', 'Vertex Distribution', 'reseller'), partner('2', 'Northwind Resellers', 'reseller')], ['same_partner_type']],
    ['a reseller and a technology partner', [partner('1', 'Vertex Distribution', 'reseller'), partner('3', 'Cloudbridge Tech', 'technology')], []],
    ['three partners, two of them technology', [partner('1', 'Vertex Distribution', 'reseller'), partner('3', 'Cloudbridge Tech', 'technology'), partner('5', 'Datastream', 'technology')], ['same_partner_type']],
    ['a partner with no type', [partner('1', 'Vertex Distribution', 'reseller'), partner('6', 'Acme', null)], ['partner_type_unknown']],
  ])('%s', (_name, partners, codes) => {
    expect(pairingWarnings(partners, '2026-01-05', [], names).map((w) => w.code)).toEqual(codes);
  });

  it('names the competing partners and their type', () => {
    const [w] = pairingWarnings([partner('1', 'Vertex Distribution', 'reseller'), partner('2', 'Northwind Resellers', 'reseller')], '2026-01-05', [], names);
    expect(w?.message).toMatch(/^Vertex Distribution and Northwind Resellers are both resellers: .*compete rather than co-sell/);
  });

  it('warns at the fourth pairing started in one calendar quarter, naming the others', () => {
    const ab = { partnerIds: ['1', '3'], startDate: '2026-01-02' };
    const cd = { partnerIds: ['2', '4'], startDate: '2026-02-10' };
    const ef = { partnerIds: ['3', '4'], startDate: '2026-03-31' };
    const lastQuarter = { partnerIds: ['1', '4'], startDate: '2025-12-31' };
    const fresh = [partner('1', 'Vertex Distribution', 'reseller'), partner('4', 'Implementers Inc', 'services')];
    expect(pairingWarnings(fresh, '2026-03-15', [ab, cd, lastQuarter], names)).toEqual([]);
    const warnings = pairingWarnings(fresh, '2026-03-15', [ab, cd, ef, lastQuarter], names);
    expect(warnings).toEqual([
      {
        code: 'too_many_pairings_in_quarter',
        message:
          'This would be pairing 4 started in Q1 2026 (already: Vertex Distribution + Cloudbridge Tech; Northwind Resellers + Implementers Inc; Cloudbridge Tech + Implementers Inc): start with 2–3 pairings and add one per quarter once they produce pipeline.',
      },
    ]);
  });
});

describe('reviewSuggestion', () => {
  const progress = (over: Partial<PairingProgress>): PairingProgress => ({
    day: 90,
    registrations: 0,
    registrationsTarget: 5,
    registrationWindowEnds: '2026-03-31',
    activeDeals: 0,
    activeDealsTarget: { min: 3, max: 5, byDay: 60 },
    wonDeals: 0,
    pipeline: [],
    closedRevenue: [],
    behind: [],
    ...over,
  });

  it.each([
    ['before day 90: no suggestion', { day: 89, activeDeals: 4, wonDeals: 2 }, null],
    ['pipeline and closed revenue: scale', { activeDeals: 4, wonDeals: 2, registrations: 5 }, 'scale'],
    ['nothing after 90 days: end', { day: 120 }, 'end'],
    ['pipeline, nothing closed: partner ops decide', { activeDeals: 3, registrations: 3 }, 'decide'],
    ['revenue, empty pipeline: partner ops decide', { wonDeals: 1 }, 'decide'],
    ['only registrations: partner ops decide', { registrations: 2 }, 'decide'],
  ] as const)('%s', (_name, over, expected) => {
    expect(reviewSuggestion(progress(over))?.suggestion ?? null).toBe(expected);
  });

  it('says why, in words', () => {
    expect(reviewSuggestion(progress({ activeDeals: 3, registrations: 3 }))?.reason).toBe('3 open deal(s), 3 registration(s) but no closed revenue yet: judge whether the next quarter will close it.');
  });
});

describe('pairingDigestHtml', () => {
  const progress = pairingProgress(pairing(), [deal('1', 'open', 1250050n), deal('2', 'won', 400000n)], [{ dealId: '1', registeredAt: '2026-01-10T00:00:00Z' }], '2026-03-05');

  it('lists pipeline, registrations vs target, open deals and blockers for the stand-up', () => {
    const body = pairingDigestHtml({ pairing: pairing(), partnerNames: ['Northwind Resellers', 'Stackly'], progress, week: '2026-W10', openDeals: ['Acme platform'], blockers: ['Acme platform has no relationship owner.'], suggestion: null });
    expect(body).toContain('<strong>Co-sell stand-up 2026-W10: Northwind Resellers + Stackly</strong>');
    expect(body).toContain('<li>Day 64 of the 90-day playbook (Sell with, started 2026-01-01)</li>');
    expect(body).toContain('<li>Pipeline: USD 12500.50 in 1 open co-sell deal(s); target 3–5 by day 60</li>');
    expect(body).toContain('<li>Registrations: 1 of 5 (window ends 2026-03-31)</li>');
    expect(body).toContain('<li>Won since the start: 1 (USD 4000.00)</li>');
    expect(body).toContain('<li>Behind: 1 co-sell deal in active pipeline; the target is 3–5 by day 60</li>');
    expect(body).toContain('<ul><li>Acme platform</li></ul>');
    expect(body).toContain('<li>Acme platform has no relationship owner.</li>');
    expect(body).not.toContain('Day-90 review');
  });

  it('escapes names, says when there is nothing, and carries the day-90 suggestion', () => {
    const body = pairingDigestHtml({
      pairing: pairing(),
      partnerNames: ['A&B <Partners>', "O'Hara"],
      progress,
      week: '2026-W14',
      openDeals: [],
      blockers: [],
      suggestion: { suggestion: 'scale', reason: 'pipeline & wins' },
    });
    expect(body).toContain('A&amp;B &lt;Partners&gt; + O&#39;Hara');
    expect(body).not.toContain('<Partners>');
    expect(body).toContain('<p><strong>Open co-sell deals</strong></p><p>None yet.</p>');
    expect(body).toContain('<p><strong>Blockers</strong></p><p>None found.</p>');
    expect(body).toContain('<p><strong>Day-90 review:</strong> scale — pipeline &amp; wins</p>');
  });
});
