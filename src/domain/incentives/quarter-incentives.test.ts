import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeAttribution } from '../compute-attribution';
import type { Incentives, RuleSet, Tier } from '../rule-set';
import { DEFAULT_RULE_SET, percentStringToHundredths } from '../rule-set';
import { ROLES } from '../vocabulary';
import { fiscalQuarterOf } from './fiscal-quarters';
import type { IncentiveDeal, PartnerQuarterFigure, QuarterIncentives } from './quarter-incentives';
import { computeQuarterIncentives, tierFor, upliftOn } from './quarter-incentives';

/*
 * Under the shipped rules (co-sell rate 25 %, solo 20 %, sell with: selling 40, sourcing 20) a
 * 12000.00 deal sold by p1 and sourced by p2 has a pool of 3000.00 split 2 : 1 — p1 2000.00,
 * p2 1000.00 — which keeps the hand arithmetic below short.
 */
const ruleSet = (over: Partial<RuleSet> & { incentives?: Incentives }): RuleSet => ({ ...structuredClone(DEFAULT_RULE_SET), ...over });
const coSell = (id: string, closeDate: string, currency = 'USD', over: Partial<IncentiveDeal> = {}): IncentiveDeal => ({
  id,
  amount: '12000.00',
  currency,
  closeDate,
  stage: 'won',
  partners: [
    { id: 'p1', name: 'Northwind Resellers', roles: ['selling'] },
    { id: 'p2', name: 'Contoso Cloud', roles: ['sourcing'] },
  ],
  ...over,
});
const solo = (id: string, partner: string, amount: string, closeDate: string, currency = 'USD'): IncentiveDeal => ({
  id,
  amount,
  currency,
  closeDate,
  stage: 'won',
  partners: [{ id: partner, roles: ['selling'] }],
});

function compute(rules: RuleSet | RuleSet[], quarter: string, deals: IncentiveDeal[]): QuarterIncentives {
  const result = computeQuarterIncentives({ rules, quarter, deals });
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return result.value;
}
const rows = (r: QuarterIncentives) => r.partners.map((f) => [f.partnerId, f.currency, f.coSellWins, f.tier, f.commission, f.bonus, f.uplift, f.total]);

const FIXED: Incentives = {
  fiscalYearStartMonth: 1,
  coSellBonus: { minCoSellWins: 3, reward: { kind: 'fixed', amount: '5000.00', currency: 'USD' } },
  tiers: [
    { name: 'Co-sell Silver', minCoSellWins: 2, benefits: ['Exclusive leads'] },
    { name: 'Co-sell Gold', minCoSellWins: 3, benefits: ['Priority deal registration'] },
  ],
};

describe('computeQuarterIncentives — fixed bonus, tiers, currencies (calendar quarters)', () => {
  const deals: IncentiveDeal[] = [
    coSell('D1', '2026-07-01'), // first day of 2026-Q3
    coSell('D2', '2026-08-15'),
    coSell('D3', '2026-09-30T22:00:00Z', 'EUR'), // last day, read as written; a co-sell win in EUR
    coSell('D4', '2026-10-01'), // next quarter
    coSell('D5', '2026-06-30'), // previous quarter
    coSell('D6', '2026-08-01', 'USD', { stage: 'lost' }),
    coSell('D7', '2026-08-01', 'USD', { stage: 'open', closeDate: null }),
    solo('D8', 'p3', '5000.00', '2026-07-10'), // 20 % = 1000.00, not a co-sell win
    // p4 is listed without a role: not a co-sell win for anyone, and p1 (selling) takes the whole pool
    { ...coSell('D9', '2026-07-11'), partners: [{ id: 'p1', roles: ['selling'] }, { id: 'p4', roles: [] }] },
  ];
  const result = compute(ruleSet({ incentives: FIXED }), '2026-Q3', deals);

  it('counts co-sell wins across currencies, pays the bonus in its currency, one figure per currency', () => {
    expect(result.quarter).toMatchObject({ label: '2026-Q3', firstDay: '2026-07-01', lastDay: '2026-09-30' });
    expect(rows(result)).toEqual([
      // p1: D1, D2 (USD) and D3 (EUR) are co-sell wins: 3 ≥ 3 → 5000.00 USD and Gold (3 ≥ 3, a tie counts)
      ['p1', 'EUR', 3, 'Co-sell Gold', '2000.00', '0.00', '0.00', '2000.00'],
      ['p1', 'USD', 3, 'Co-sell Gold', '7000.00', '5000.00', '0.00', '12000.00'],
      ['p2', 'EUR', 3, 'Co-sell Gold', '1000.00', '0.00', '0.00', '1000.00'],
      ['p2', 'USD', 3, 'Co-sell Gold', '2000.00', '5000.00', '0.00', '7000.00'],
      // p3: a solo win only; p4 earned nothing and won nothing, so it is left out
      ['p3', 'USD', 0, null, '1000.00', '0.00', '0.00', '1000.00'],
    ]);
  });

  it('keeps each deal behind the figure, and explains the bonus and the tier', () => {
    const p1 = result.partners.find((f) => f.partnerId === 'p1' && f.currency === 'USD') as PartnerQuarterFigure;
    expect(p1.partnerName).toBe('Northwind Resellers');
    expect(p1.deals.map((d) => [d.dealId, d.allocation, d.coSellWin, d.ruleVersion])).toEqual([
      ['D1', '2000.00', true, '2026.1'],
      ['D2', '2000.00', true, '2026.1'],
      ['D9', '3000.00', false, '2026.1'],
    ]);
    expect(p1.tierBenefits).toEqual(['Priority deal registration']);
    expect(p1.explanation).toContain('Co-sell bonus: 3 ≥ 3 co-sell wins under rule set 2026.1, so 5000.00 USD for 2026-Q3.');
    expect(p1.explanation).toContain('Tier: Co-sell Gold (from 3 co-sell wins) for 2026-Q4.');
  });

  it('one win short of the threshold: no bonus, the lower tier', () => {
    const two = compute(ruleSet({ incentives: FIXED }), '2026-Q3', deals.filter((d) => d.id !== 'D2'));
    expect(rows(two).filter((r) => r[0] === 'p2')).toEqual([
      ['p2', 'EUR', 2, 'Co-sell Silver', '1000.00', '0.00', '0.00', '1000.00'],
      ['p2', 'USD', 2, 'Co-sell Silver', '1000.00', '0.00', '0.00', '1000.00'],
    ]);
    const p2 = two.partners.find((f) => f.partnerId === 'p2');
    expect(p2?.explanation).toContain('Co-sell bonus: 2 of the 3 co-sell wins rule set 2026.1 asks for; no bonus for 2026-Q3.');
  });

  it('a bonus in a currency the partner sold nothing in gets its own figure', () => {
    const eurBonus: Incentives = { ...FIXED, coSellBonus: { minCoSellWins: 1, reward: { kind: 'fixed', amount: '750', currency: 'JPY' } } };
    const r = compute(ruleSet({ incentives: eurBonus }), '2026-Q3', [coSell('D1', '2026-07-01')]);
    expect(rows(r)).toEqual([
      ['p1', 'JPY', 1, null, '0', '750', '0', '750'],
      ['p1', 'USD', 1, null, '2000.00', '0.00', '0.00', '2000.00'],
      ['p2', 'JPY', 1, null, '0', '750', '0', '750'],
      ['p2', 'USD', 1, null, '1000.00', '0.00', '0.00', '1000.00'],
    ]);
  });

  it('without incentives: commission only, calendar quarters, no tier', () => {
    const r = compute(DEFAULT_RULE_SET, '2026-Q3', deals);
    expect(rows(r).map((x) => x.slice(0, 5))).toEqual([
      ['p1', 'EUR', 3, null, '2000.00'],
      ['p1', 'USD', 3, null, '7000.00'],
      ['p2', 'EUR', 3, null, '1000.00'],
      ['p2', 'USD', 3, null, '2000.00'],
      ['p3', 'USD', 0, null, '1000.00'],
    ]);
    expect(r.partners.every((f) => f.bonus === '0.00' && f.uplift === '0.00')).toBe(true);
  });
});

describe('computeQuarterIncentives — uplift from the previous quarter (fiscal year from April)', () => {
  const UPLIFT: Incentives = { fiscalYearStartMonth: 4, coSellBonus: { minCoSellWins: 2, reward: { kind: 'uplift', percent: '5' } }, tiers: [] };
  const deals: IncentiveDeal[] = [
    // 2027-Q1 = 2026-04-01 … 2026-06-30: p1 wins 2 (qualifies), p2 and p3 one each
    coSell('P1', '2026-04-01'),
    { ...coSell('P2', '2026-06-30'), partners: [{ id: 'p1', roles: ['selling'] }, { id: 'p3', roles: ['sourcing'] }] },
    // 2026-03-31 is in fiscal 2026-Q4: it does not count for p2 or p3
    { ...coSell('P0', '2026-03-31'), partners: [{ id: 'p2', roles: ['selling'] }, { id: 'p3', roles: ['sourcing'] }] },
    // 2027-Q2 = 2026-07-01 … 2026-09-30
    solo('D3', 'p1', '1667.50', '2026-07-01'), // pool 333.50; 5 % = 16.675 → 16.68 (half away from zero)
    coSell('D4', '2026-09-30'), // p1 2000.00 (+100.00), p2 1000.00 (no uplift: one win before)
    solo('D5', 'p1', '1050', '2026-08-01', 'JPY'), // pool 210; 5 % = 10.5 → 11
  ];
  const result = compute(ruleSet({ incentives: UPLIFT }), '2027-Q2', deals);

  it('uplifts each allocation, rounding half away from zero, per currency', () => {
    expect(result.quarter).toMatchObject({ firstDay: '2026-07-01', lastDay: '2026-09-30' });
    expect(result.previousQuarter.label).toBe('2027-Q1');
    expect(rows(result)).toEqual([
      ['p1', 'JPY', 1, null, '210', '0', '11', '221'],
      ['p1', 'USD', 1, null, '2333.50', '0.00', '116.68', '2450.18'],
      ['p2', 'USD', 1, null, '1000.00', '0.00', '0.00', '1000.00'],
    ]);
    const p1 = result.partners.find((f) => f.partnerId === 'p1' && f.currency === 'USD');
    expect(p1?.deals.map((d) => [d.dealId, d.allocation, d.uplift])).toEqual([
      ['D3', '333.50', '16.68'],
      ['D4', '2000.00', '100.00'],
    ]);
    expect(p1?.previousCoSellWins).toBe(2);
    expect(p1?.explanation).toContain(
      'Uplift: 2 ≥ 2 co-sell wins in 2027-Q1 under rule set 2026.1, so each won-deal allocation earns 5% more (rounded half away from zero per allocation): 116.68 USD.',
    );
  });

  it('the uplift of a quarter comes from the rule set in force at the end of the quarter that qualified', () => {
    // 2026.2 drops incentives from 2026-07-01; p1 qualified under 2026.1 in 2027-Q1, so the uplift still applies in 2027-Q2 …
    const history = [ruleSet({ incentives: UPLIFT }), ruleSet({ version: '2026.2', effectiveFrom: '2026-07-01' })];
    expect(compute(history, '2027-Q2', deals).partners.find((f) => f.partnerId === 'p1' && f.currency === 'USD')?.uplift).toBe('116.68');
    // … while an uplift published from 2026-07-01 counts only wins from 2027-Q2 on: nothing for 2027-Q2.
    const later = [ruleSet({ incentives: { ...UPLIFT, coSellBonus: undefined } }), ruleSet({ version: '2026.2', effectiveFrom: '2026-07-01', incentives: UPLIFT })];
    const r = compute(later, '2027-Q2', deals);
    expect(r.upliftVersion).toBe('2026.1');
    expect(r.partners.map((f) => f.uplift)).toEqual(['0', '0.00', '0.00']);
  });
});

describe('computeQuarterIncentives — tier uplift: the tier held this quarter pays extra on each allocation', () => {
  // Silver from 1 co-sell win pays 2 % more, Gold from 2 pays 5 % more; no co-sell bonus.
  const TIERED: Incentives = {
    fiscalYearStartMonth: 1,
    tiers: [
      { name: 'Co-sell Silver', minCoSellWins: 1, benefits: [], commissionUpliftPercent: '2' },
      { name: 'Co-sell Gold', minCoSellWins: 2, benefits: ['Priority deal registration'], commissionUpliftPercent: '5' },
    ],
  };
  const deals: IncentiveDeal[] = [
    // 2026-Q2: p1 and p2 win two co-sell deals (Gold for 2026-Q3); p3 one with p1 (Silver for 2026-Q3).
    coSell('Q2a', '2026-04-10'),
    { ...coSell('Q2b', '2026-05-10'), partners: [{ id: 'p1', roles: ['selling'] }, { id: 'p2', roles: ['sourcing'] }, { id: 'p3', roles: ['influence'] }] },
    // 2026-Q3
    coSell('D1', '2026-07-15'), // p1 2000.00 (+5 % = 100.00), p2 1000.00 (+50.00)
    solo('D2', 'p1', '1667.50', '2026-08-01'), // 333.50; 5 % = 16.675 → 16.68 (half away from zero, per allocation)
    solo('D3', 'p3', '1667.50', '2026-08-02'), // 333.50; 2 % = 6.67
    solo('D4', 'p4', '5000.00', '2026-08-03'), // p4 held no tier: 1000.00, nothing extra
  ];

  it('pays the held tier\'s percent per allocation, rounded half away from zero, in the total', () => {
    const r = compute(ruleSet({ incentives: TIERED }), '2026-Q3', deals);
    const tierRows = r.partners.map((f) => [f.partnerId, f.heldTier, f.commission, f.tierUplift, f.total]);
    expect(tierRows).toEqual([
      ['p1', 'Co-sell Gold', '2333.50', '116.68', '2450.18'],
      ['p2', 'Co-sell Gold', '1000.00', '50.00', '1050.00'],
      ['p3', 'Co-sell Silver', '333.50', '6.67', '340.17'],
      ['p4', null, '1000.00', '0.00', '1000.00'],
    ]);
    const p1 = r.partners.find((f) => f.partnerId === 'p1');
    expect(p1?.deals.map((d) => [d.dealId, d.allocation, d.tierUplift])).toEqual([['D1', '2000.00', '100.00'], ['D2', '333.50', '16.68']]);
    expect(p1?.explanation).toContain(
      'Tier uplift: Co-sell Gold held in 2026-Q3 (2 ≥ 2 co-sell wins in 2026-Q2 under rule set 2026.1), so each won-deal allocation earns 5% more, outside the pool (rounded half away from zero per allocation): 116.68 USD.',
    );
    // The tier this quarter's wins earn (for 2026-Q4) is a different thing from the one held now.
    expect(p1?.tier).toBe('Co-sell Silver');
  });

  it('is outside the pool: every commission is what it is without tier uplifts', () => {
    const plain = compute(ruleSet({ incentives: { ...TIERED, tiers: TIERED.tiers.map(({ commissionUpliftPercent: _drop, ...t }) => t) } }), '2026-Q3', deals);
    const tiered = compute(ruleSet({ incentives: TIERED }), '2026-Q3', deals);
    expect(tiered.partners.map((f) => [f.partnerId, f.commission])).toEqual(plain.partners.map((f) => [f.partnerId, f.commission]));
    expect(plain.partners.every((f) => f.tierUpliftMinor === 0n && f.heldTier !== undefined)).toBe(true);
  });

  it('comes from the tiers of the rule set in force at the end of the quarter that earned it', () => {
    // 2026.2 (from 2026-07-01) drops the uplift percents: the tiers held in 2026-Q3 were earned under 2026.1, which still pays.
    const history = [ruleSet({ incentives: TIERED }), ruleSet({ version: '2026.2', effectiveFrom: '2026-07-01', incentives: { ...TIERED, tiers: [{ name: 'Co-sell Silver', minCoSellWins: 1, benefits: [] }] } })];
    expect(compute(history, '2026-Q3', deals).partners.find((f) => f.partnerId === 'p1')?.tierUplift).toBe('116.68');
    // Published from 2026-07-01, the percents count from tiers earned in 2026-Q3 on: nothing in 2026-Q3.
    const later = [ruleSet({ incentives: { fiscalYearStartMonth: 1, tiers: [] } }), ruleSet({ version: '2026.2', effectiveFrom: '2026-07-01', incentives: TIERED })];
    expect(compute(later, '2026-Q3', deals).partners.map((f) => f.tierUplift)).toEqual(['0.00', '0.00', '0.00', '0.00']);
  });

  it('adds to the co-sell bonus uplift; each is rounded on its own', () => {
    const both: Incentives = { ...TIERED, coSellBonus: { minCoSellWins: 2, reward: { kind: 'uplift', percent: '5' } } };
    const p1 = compute(ruleSet({ incentives: both }), '2026-Q3', deals).partners.find((f) => f.partnerId === 'p1');
    expect([p1?.uplift, p1?.tierUplift, p1?.total]).toEqual(['116.68', '116.68', '2566.86']);
  });
});

describe('computeQuarterIncentives — each deal under the rules in force at its close date', () => {
  it('splits commission by close date and takes the bonus from the rules in force on the quarter’s last day', () => {
    const history = [
      ruleSet({}),
      ruleSet({ version: '2026.2', effectiveFrom: '2026-08-01', pool: { soloRate: 20, coSellRate: 30 }, incentives: { fiscalYearStartMonth: 1, coSellBonus: { minCoSellWins: 2, reward: { kind: 'fixed', amount: '100', currency: 'EUR' } }, tiers: [] } }),
    ];
    const r = compute(history, '2026-Q3', [coSell('D1', '2026-07-31'), coSell('D2', '2026-08-01')]);
    expect(r.incentivesVersion).toBe('2026.2');
    // D1 under 2026.1: 2000 / 1000; D2 under 2026.2 (30 % of 12000 = 3600): 2400 / 1200
    expect(rows(r)).toEqual([
      ['p1', 'EUR', 2, null, '0.00', '100.00', '0.00', '100.00'],
      ['p1', 'USD', 2, null, '4400.00', '0.00', '0.00', '4400.00'],
      ['p2', 'EUR', 2, null, '0.00', '100.00', '0.00', '100.00'],
      ['p2', 'USD', 2, null, '2200.00', '0.00', '0.00', '2200.00'],
    ]);
    expect(r.partners[1]?.deals.map((d) => d.ruleVersion)).toEqual(['2026.1', '2026.2']);
  });
});

describe('computeQuarterIncentives — invalid input names the field', () => {
  it.each<[string, Partial<{ quarter: string; deals: IncentiveDeal[] }>, string]>([
    ['a bad quarter', { quarter: '2026-Q5' }, 'quarter: "2026-Q5" is not a quarter like "2026-Q3"'],
    ['a won deal without a close date', { deals: [coSell('D1', '2026-07-01', 'USD', { closeDate: null })] }, 'deals[0].closeDate: a won deal needs its close date'],
    ['a close date that is not a date', { deals: [coSell('D1', '2026-07-32')] }, 'deals[0].closeDate: "2026-07-32" is not a date YYYY-MM-DD'],
    ['a duplicate deal', { deals: [coSell('D1', '2026-07-01'), coSell('D1', '2026-07-02')] }, 'deals[1].id: duplicate deal id "D1" (also deals[0])'],
    ['an unknown role on a deal of another quarter', { deals: [{ ...coSell('D1', '2025-01-01'), partners: [{ id: 'p1', roles: ['sales'] }] }] }, 'deals[0].partners[0].roles[0]: unknown role "sales"'],
    ['a duplicate partner', { deals: [{ ...coSell('D1', '2026-07-01'), partners: [{ id: 'p1', roles: [] }, { id: 'p1', roles: [] }] }] }, 'deals[0].partners[1].id: duplicate partner id "p1"'],
    ['an unknown currency', { deals: [coSell('D1', '2026-07-01', 'XYZ')] }, 'deals[0].currency: unknown currency "XYZ"'],
    ['too many decimals', { deals: [coSell('D1', '2026-07-01', 'JPY', { amount: '12000.5' })] }, 'deals[0].amount: "12000.5" has 1 decimals; JPY allows at most 0'],
    ['a deal before any rule set', { deals: [coSell('D1', '2025-07-01')], quarter: '2025-Q3' }, 'deals[0].closeDate: no rule set in force on 2025-07-01'],
  ])('%s', (_name, over, message) => {
    const result = computeQuarterIncentives({ rules: DEFAULT_RULE_SET, quarter: over.quarter ?? '2026-Q3', deals: over.deals ?? [] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => `${e.path}: ${e.message}`).join('\n')).toContain(message);
  });

  it('invalid rules are named under rules', () => {
    const result = computeQuarterIncentives({ rules: ruleSet({ incentives: { fiscalYearStartMonth: 0, tiers: [] } }), quarter: '2026-Q3', deals: [] });
    expect(result).toMatchObject({ ok: false, errors: [{ path: 'rules.incentives.fiscalYearStartMonth' }] });
  });
});

describe('tierFor and upliftOn', () => {
  const tiers = FIXED.tiers;
  it.each<[number, string | null]>([[0, null], [1, null], [2, 'Co-sell Silver'], [3, 'Co-sell Gold'], [99, 'Co-sell Gold']])('%i wins → %s', (wins, name) => {
    expect(tierFor(tiers, wins)?.name ?? null).toBe(name);
  });
  it.each<[bigint, string, bigint]>([
    [33350n, '5', 1668n], // 16.675 → 16.68
    [33349n, '5', 1667n], // 16.6745 → 16.67
    [1n, '50', 1n], // 0.005 → 0.01
    [1n, '49.99', 0n],
    [0n, '5', 0n],
    [200000n, '2.5', 5000n],
  ])('uplift on %s minor units at %s%% is %s', (allocation, percent, expected) => {
    expect(upliftOn(allocation, percentStringToHundredths(percent))).toBe(expected);
  });
});

// ---------- properties ----------

const PARTNERS = ['a', 'b', 'c', 'd'];
const CURRENCIES = ['USD', 'EUR', 'JPY', 'KWD'];
const DIGITS: Record<string, number> = { USD: 2, EUR: 2, JPY: 0, KWD: 3 };
const anyDeal = (index: number) =>
  fc
    .record({
      currency: fc.constantFrom(...CURRENCIES),
      minor: fc.bigInt({ min: 0n, max: 10_000_000_000n }),
      day: fc.integer({ min: 0, max: 364 }),
      stage: fc.constantFrom<IncentiveDeal['stage']>('won', 'won', 'won', 'lost', 'open'),
      partners: fc.uniqueArray(fc.record({ id: fc.constantFrom(...PARTNERS), roles: fc.subarray([...ROLES]) }), { maxLength: 4, selector: (p) => p.id }),
    })
    .map(({ currency, minor, day, stage, partners }): IncentiveDeal => {
      const digits = DIGITS[currency] ?? 2;
      const text = minor.toString().padStart(digits + 1, '0');
      const amount = digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
      const closeDate = new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10);
      return { id: `D${index}`, amount, currency, closeDate, stage, partners };
    });
const anyDeals = fc.integer({ min: 0, max: 14 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => anyDeal(i))));
const anyIncentives = fc.record({
  fiscalYearStartMonth: fc.integer({ min: 1, max: 12 }),
  coSellBonus: fc.record({
    minCoSellWins: fc.integer({ min: 1, max: 3 }),
    reward: fc.oneof(
      fc.record({ kind: fc.constant('fixed' as const), amount: fc.constantFrom('5000.00', '0.01', '12.5'), currency: fc.constantFrom('USD', 'EUR') }),
      fc.record({ kind: fc.constant('uplift' as const), percent: fc.constantFrom('5', '2.5', '33.33', '100') }),
    ),
  }),
  tiers: fc.constantFrom<Tier[]>(
    [{ name: 'Silver', minCoSellWins: 1, benefits: [] }, { name: 'Gold', minCoSellWins: 3, benefits: [] }],
    [{ name: 'Silver', minCoSellWins: 1, benefits: [], commissionUpliftPercent: '2.5' }, { name: 'Gold', minCoSellWins: 3, benefits: [], commissionUpliftPercent: '33.33' }],
  ),
});
const anyCase = fc.record({ incentives: anyIncentives, deals: anyDeals, day: fc.integer({ min: 0, max: 364 }) }).map(({ incentives, deals, day }) => {
  const rules = ruleSet({ effectiveFrom: '2025-01-01', incentives });
  const date = new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10);
  return { rules, deals, quarter: fiscalQuarterOf(date, incentives.fiscalYearStartMonth)?.label ?? '' };
});

describe('computeQuarterIncentives — properties', () => {
  it('totals add up, commission per currency is what computeAttribution allocates, uplift is the rounded percentage', () => {
    fc.assert(
      fc.property(anyCase, ({ rules, deals, quarter }) => {
        const r = compute(rules, quarter, deals);
        const inQuarter = deals.filter((d) => d.stage === 'won' && d.closeDate && d.closeDate >= r.quarter.firstDay && d.closeDate <= r.quarter.lastDay);
        // commission per currency, independently: every allocation of every won deal in the quarter
        const expected = new Map<string, bigint>();
        for (const deal of inQuarter) {
          const plan = computeAttribution({ deal, partners: deal.partners, rules });
          if (!plan.ok) throw new Error('plan');
          for (const a of plan.value.allocations) expected.set(deal.currency, (expected.get(deal.currency) ?? 0n) + BigInt(a.amountMinor));
        }
        const got = new Map<string, bigint>();
        for (const f of r.partners) got.set(f.currency, (got.get(f.currency) ?? 0n) + f.commissionMinor);
        for (const [currency, minor] of expected) expect(got.get(currency) ?? 0n).toBe(minor);
        const reward = rules.incentives?.coSellBonus?.reward;
        for (const f of r.partners) {
          expect(f.totalMinor).toBe(f.commissionMinor + f.bonusMinor + f.upliftMinor + f.tierUpliftMinor);
          // tier uplift: the held tier's percent on each allocation, within half a minor unit
          const held = tierFor(rules.incentives?.tiers ?? [], f.previousCoSellWins);
          expect(f.heldTier).toBe(held?.name ?? null);
          const tierPercent = held?.commissionUpliftPercent ? percentStringToHundredths(held.commissionUpliftPercent) : 0n;
          for (const d of f.deals) {
            const error = d.tierUpliftMinor * 10000n - d.allocationMinor * tierPercent;
            expect(2n * (error < 0n ? -error : error) <= 10000n).toBe(true);
          }
          expect(f.tierUpliftMinor).toBe(f.deals.reduce((s, d) => s + d.tierUpliftMinor, 0n));
          expect(f.commissionMinor).toBe(f.deals.reduce((s, d) => s + d.allocationMinor, 0n));
          // uplift: within half a minor unit of allocation × percent, and only after a qualifying quarter
          const percent = reward?.kind === 'uplift' && f.previousCoSellWins >= (rules.incentives?.coSellBonus?.minCoSellWins ?? Infinity) ? percentStringToHundredths(reward.percent) : 0n;
          for (const d of f.deals) {
            const error = d.upliftMinor * 10000n - d.allocationMinor * percent;
            expect(2n * (error < 0n ? -error : error) <= 10000n).toBe(true);
          }
          // a partner is listed only when it won or earned something
          expect(r.partners.some((g) => g.partnerId === f.partnerId && (g.coSellWins > 0 || g.totalMinor !== 0n))).toBe(true);
          expect(f.bonusMinor > 0n).toBe(reward?.kind === 'fixed' && reward.currency === f.currency && f.coSellWins >= (rules.incentives?.coSellBonus?.minCoSellWins ?? Infinity));
        }
        // co-sell wins, independently: partners holding roles on won deals with 2+ such partners
        const wins = new Map<string, number>();
        for (const deal of inQuarter) {
          const holders = deal.partners.filter((p) => p.roles.length > 0);
          if (holders.length >= 2) for (const p of holders) wins.set(p.id, (wins.get(p.id) ?? 0) + 1);
        }
        for (const [id, n] of wins) expect(r.partners.find((f) => f.partnerId === id)?.coSellWins).toBe(n);
        for (const f of r.partners) expect(f.coSellWins).toBe(wins.get(f.partnerId) ?? 0);
      }),
      { numRuns: 150 },
    );
  });

  it('does not depend on the order of the deals', () => {
    fc.assert(
      fc.property(anyCase, fc.integer(), ({ rules, deals, quarter }, seed) => {
        const shuffled = [...deals].sort((a, b) => ((a.id.length * 31 + seed) % 7) - ((b.id.length * 17 + seed) % 5) || (a.id < b.id ? 1 : -1));
        expect(compute(rules, quarter, shuffled).partners.map((f) => ({ ...f, deals: [...f.deals].sort((x, y) => (x.dealId < y.dealId ? -1 : 1)) }))).toEqual(
          compute(rules, quarter, deals).partners.map((f) => ({ ...f, deals: [...f.deals].sort((x, y) => (x.dealId < y.dealId ? -1 : 1)) })),
        );
      }),
      { numRuns: 100 },
    );
  });
});
