import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeAttribution } from '../compute-attribution';
import { DEFAULT_RULE_SET } from '../rule-set';
import { parseQuarter } from '../reporting/quarter';
import { applySplitAdjustment, dealDisputeStatus, disputeRateFor, openDisputeCounts, overdueDisputes, parseClaimedSplit } from './index';

const partners = [
  { id: '11', name: 'Northwind' },
  { id: '12', name: 'Contoso' },
];

function plan(amount = '10000.00', currency = 'USD') {
  const result = computeAttribution({
    deal: { id: 'D-1', name: 'Acme', amount, currency },
    partners: [
      { id: '11', name: 'Northwind', roles: ['sourcing', 'selling'] },
      { id: '12', name: 'Contoso', roles: ['technical_validation'] },
    ],
    rules: DEFAULT_RULE_SET,
  });
  if (!result.ok) throw new Error('plan');
  return result.value;
}

describe('parseClaimedSplit', () => {
  it('accepts partners on the deal summing to exactly 100', () => {
    expect(parseClaimedSplit([{ partnerId: '11', percent: 62.5 }, { partnerId: '12', percent: 37.5 }], partners)).toEqual({
      ok: true,
      value: [{ partnerId: '11', percent: 62.5 }, { partnerId: '12', percent: 37.5 }],
    });
  });

  it.each([
    ['a sum other than 100', [{ partnerId: '11', percent: 60 }, { partnerId: '12', percent: 30 }], 'claim: percentages must sum to exactly 100, got 90'],
    ['a partner not on the deal', [{ partnerId: '99', percent: 100 }], 'claim[0].partnerId: company 99 is not a partner on this deal (partners: Northwind, Contoso)'],
    ['a partner twice', [{ partnerId: '11', percent: 50 }, { partnerId: '11', percent: 50 }], 'claim[1].partnerId: Northwind is listed twice'],
    ['three decimals', [{ partnerId: '11', percent: 33.333 }, { partnerId: '12', percent: 66.667 }], 'claim[0].percent: must have at most 2 decimals'],
    ['an empty list', [], 'claim: must name at least one partner'],
    ['not a list', { '11': 100 }, 'claim: must be a list of { partnerId, percent }'],
  ])('refuses %s, naming the field', (_name, raw, message) => {
    const result = parseClaimedSplit(raw, partners);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => `${e.path}: ${e.message}`)).toContain(message);
  });
});

describe('applySplitAdjustment', () => {
  it('splits the rule set pool by the adjusted shares and says why', () => {
    const before = plan();
    const after = applySplitAdjustment(before, {
      shares: [
        { partnerId: '11', partnerName: 'Northwind', percent: 70 },
        { partnerId: '12', partnerName: 'Contoso', percent: 30 },
      ],
      note: 'the intro email proves sourcing',
      setBy: 'Pat Ops',
      setAt: '2026-03-02T09:00:00.000Z',
    });
    expect(after.pool).toEqual(before.pool);
    expect(after.allocations.map((a) => [a.partnerId, a.amount, a.weight, a.share])).toEqual([
      ['11', '1750.00', '70', '0.700000'],
      ['12', '750.00', '30', '0.300000'],
    ]);
    expect(after.allocations[0]?.roles).toEqual(['sourcing', 'selling']);
    expect(after.explanation.join('\n')).toContain('split was set by partner ops after a dispute (the intro email proves sourcing), by Pat Ops on 2026-03-02');
    expect(after.warnings).toContainEqual({ code: 'split_adjusted', message: 'Split set by partner ops after a dispute (the intro email proves sourcing)' });
  });

  it('gives a partner left out 0 and warns about one no longer on the deal', () => {
    const after = applySplitAdjustment(plan(), { shares: [{ partnerId: '13', partnerName: 'Fabrikam', percent: 100 }], note: 'n', setBy: 'Pat', setAt: '2026-03-02T09:00:00.000Z' });
    expect(after.allocations.map((a) => [a.partnerName, a.amount])).toEqual([
      ['Northwind', '0.00'],
      ['Contoso', '0.00'],
      ['Fabrikam', '2500.00'],
    ]);
    expect(after.warnings.map((w) => w.code)).toContain('adjusted_partner_not_on_deal');
  });

  it('hands out leftover units to the largest remainders so amounts sum exactly to the pool', () => {
    // pool 0.25 USD: 33.33 / 33.33 / 33.34 → 8.3325, 8.3325, 8.335 cents → 8, 8, 9
    const small = plan('1.00');
    const after = applySplitAdjustment(small, {
      shares: [
        { partnerId: '11', partnerName: 'Northwind', percent: 33.33 },
        { partnerId: '12', partnerName: 'Contoso', percent: 66.67 },
      ],
      note: 'n',
      setBy: 'Pat',
      setAt: '2026-03-02T09:00:00.000Z',
    });
    expect(after.allocations.map((a) => a.amountMinor)).toEqual(['8', '17']);
  });

  it('always sums exactly to the pool (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 10000 }), (amountMinor, firstHundredths) => {
        const p = plan(`${amountMinor / 100n}.${String(amountMinor % 100n).padStart(2, '0')}`);
        const after = applySplitAdjustment(p, {
          shares: [
            { partnerId: '11', partnerName: 'Northwind', percent: firstHundredths / 100 },
            { partnerId: '12', partnerName: 'Contoso', percent: (10000 - firstHundredths) / 100 },
          ],
          note: 'n',
          setBy: 'Pat',
          setAt: '2026-03-02T09:00:00.000Z',
        });
        const total = after.allocations.reduce((s, a) => s + BigInt(a.amountMinor), 0n);
        expect(total).toBe(BigInt(p.pool.amountMinor));
      }),
    );
  });
});

describe('dispute figures', () => {
  const d = (id: string, status: 'open' | 'upheld' | 'rejected', openedAt = '2026-03-01T00:00:00.000Z', ids = ['11', '12']) => ({
    id,
    dealId: 'D-1',
    status,
    openedAt,
    partners: ids.map((x) => ({ id: x })),
  });

  it('deal status: open while any is open, else the latest decision, else empty', () => {
    expect(dealDisputeStatus([])).toBe('');
    expect(dealDisputeStatus([d('2', 'rejected'), d('10', 'open')])).toBe('open');
    expect(dealDisputeStatus([d('10', 'upheld'), d('9', 'rejected')])).toBe('upheld');
  });

  it('counts open disputes per partner', () => {
    expect(openDisputeCounts([d('1', 'open'), d('2', 'open', undefined, ['11']), d('3', 'rejected')], ['11', '12', '13'])).toEqual(
      new Map([
        ['11', 2],
        ['12', 1],
        ['13', 0],
      ]),
    );
  });

  it('overdue: open longer than N days', () => {
    const now = new Date('2026-03-10T00:00:00.000Z');
    const list = [d('1', 'open', '2026-03-02T23:59:59.000Z'), d('2', 'open', '2026-03-03T00:00:01.000Z'), d('3', 'upheld', '2026-01-01T00:00:00.000Z')];
    expect(overdueDisputes(list, now, 7).map((x) => x.id)).toEqual(['1']);
  });

  it('dispute rate of a quarter: closed co-sell deals with a dispute ÷ closed co-sell deals', () => {
    const q = parseQuarter('2026-Q1', 'quarter');
    if (!q.ok) throw new Error('q');
    const deals = [
      { dealId: 'a', status: 'won' as const, closeDate: '2026-02-01', partnerIds: ['11', '12'] },
      { dealId: 'b', status: 'lost' as const, closeDate: '2026-03-31', partnerIds: ['11', '12'] },
      { dealId: 'c', status: 'won' as const, closeDate: '2026-01-15', partnerIds: ['11'] },
      { dealId: 'e', status: 'won' as const, closeDate: '2026-04-01', partnerIds: ['11', '12'] },
    ];
    const rate = disputeRateFor(q.value, deals, new Set(['a', 'c', 'e']));
    expect(rate).toMatchObject({ quarter: '2026-Q1', coSellClosed: 2, disputed: 1, rate: '0.5000' });
    expect(rate.target.verdict).toBe('rules_unclear');
    expect(disputeRateFor(q.value, deals, new Set()).target.verdict).toBe('suspicious');
    expect(disputeRateFor(q.value, [], new Set()).target.verdict).toBe('no_data');
  });
});
