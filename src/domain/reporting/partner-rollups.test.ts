import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SET } from '../rule-set';
import type { RuleSet } from '../rule-set';
import type { ReportDeal, ReportStage } from './metrics';
import { computeProgramReport } from './metrics';
import type { PartnerRollup } from './partner-rollups';
import { computePartnerRollups, dealsOfPartner, partnerReport } from './partner-rollups';
import { parseQuarter } from './quarter';

let next = 0;
function deal(partners: Array<string | [string, string[]]>, over: Partial<ReportDeal> = {}): ReportDeal {
  return {
    id: `D-${++next}`,
    amountMinor: 100000n,
    currency: 'USD',
    exchangeRate: null,
    createDate: '2026-11-01',
    closeDate: null,
    stage: 'open',
    partners: partners.map((p) => (typeof p === 'string' ? { id: p, roles: ['selling'] } : { id: p[0], roles: p[1] })),
    disputed: false,
    ...over,
  };
}
const closedOn = (partners: string[], stage: ReportStage, closeDate: string, over: Partial<ReportDeal> = {}) => deal(partners, { stage, closeDate, ...over });

const tiers = (fiscalYearStartMonth = 1, effectiveFrom = '2026-01-01'): RuleSet => ({
  ...DEFAULT_RULE_SET,
  effectiveFrom,
  incentives: {
    fiscalYearStartMonth,
    tiers: [
      { name: 'Silver', minCoSellWins: 2, benefits: ['Exclusive leads'] },
      { name: 'Gold', minCoSellWins: 3, benefits: ['Priority registration', 'Faster payouts'] },
    ],
  },
});

function rollups(deals: ReportDeal[], partnerIds: string[], over: { today?: string; ruleSets?: RuleSet[] } = {}): Map<string, PartnerRollup> {
  const r = computePartnerRollups({ deals, homeCurrency: 'USD', today: over.today ?? '2026-12-02', ruleSets: over.ruleSets ?? [tiers()], partnerIds });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return new Map(r.value.map((x) => [x.partnerId, x]));
}

describe('dealsOfPartner', () => {
  it('keeps the deals on which the partner holds a role, not those where it is named without one', () => {
    const a = deal(['p1', 'p2']);
    const b = deal([['p1', []], 'p3']);
    const c = deal(['p3']);
    expect(dealsOfPartner([a, b, c], 'p1')).toEqual([a]);
    expect(dealsOfPartner([a, b, c], 'p3')).toEqual([b, c]);
  });
});

describe('computePartnerRollups', () => {
  it('this and last calendar quarter: co-sell pipeline, wins, win rate, average won size', () => {
    const deals = [
      deal(['p1', 'p2'], { amountMinor: 300000n }), // Q4 co-sell pipeline for both
      deal(['p1'], { amountMinor: 999900n }), // solo: not co-sell pipeline
      closedOn(['p1', 'p2'], 'won', '2026-11-15', { createDate: '2026-08-01', amountMinor: 200000n }),
      closedOn(['p1', 'p3'], 'lost', '2026-10-02', { createDate: '2026-10-01', amountMinor: 50000n }),
      closedOn(['p1', 'p2'], 'won', '2026-09-30', { createDate: '2026-07-01', amountMinor: 123456n }), // Q3
    ];
    const r = rollups(deals, ['p1', 'p2', 'p9']);
    expect(r.get('p1')!.thisQuarter).toEqual({ quarter: '2026-Q4', coSellPipeline: '3500.00', coSellWins: 1, coSellClosed: 2, coSellWinRate: '0.5000', avgWonDealSize: '2000.00' });
    // Q3 pipeline: the deal created in August (won in Q4) and the one won in September.
    expect(r.get('p1')!.lastQuarter).toEqual({ quarter: '2026-Q3', coSellPipeline: '3234.56', coSellWins: 1, coSellClosed: 1, coSellWinRate: '1.0000', avgWonDealSize: '1234.56' });
    expect(r.get('p2')!.thisQuarter).toMatchObject({ coSellPipeline: '3000.00', coSellWins: 1, coSellClosed: 1, coSellWinRate: '1.0000' });
    // A partner without deals gets zeros and no rates (not 0 %).
    expect(r.get('p9')!.thisQuarter).toEqual({ quarter: '2026-Q4', coSellPipeline: '0.00', coSellWins: 0, coSellClosed: 0, coSellWinRate: null, avgWonDealSize: null });
    expect(r.get('p9')!.tier.name).toBeNull();
  });

  it('the tier in force this quarter is the one the previous quarter earned; this quarter counts toward the next', () => {
    const deals = [
      closedOn(['p1', 'p2'], 'won', '2026-07-10'),
      closedOn(['p1', 'p2'], 'won', '2026-09-30'),
      closedOn(['p1', 'p3'], 'won', '2026-08-01'),
      closedOn(['p1'], 'won', '2026-08-02'), // solo: not a co-sell win
      closedOn(['p1', 'p2'], 'lost', '2026-08-03'),
      closedOn(['p2', 'p3'], 'won', '2026-10-01'), // this quarter
    ];
    const r = rollups(deals, ['p1', 'p2', 'p3']);
    expect(r.get('p1')!.tier).toEqual({ name: 'Gold', benefits: ['Priority registration', 'Faster payouts'], inForceFor: '2026-Q4', earnedIn: '2026-Q3', earnedWith: 3 });
    expect(r.get('p2')!.tier).toMatchObject({ name: 'Silver', earnedWith: 2 });
    expect(r.get('p3')!.tier).toMatchObject({ name: null, benefits: [], earnedWith: 1 });
    expect(r.get('p2')!.coSellWinsQtd).toBe(1);
    expect(r.get('p1')!.coSellWinsQtd).toBe(0);
  });

  it('quarter boundaries: the first day of the quarter is "this", the day before is "last"', () => {
    const deals = [closedOn(['p1', 'p2'], 'won', '2026-10-01', { createDate: '2026-09-30' })];
    expect(rollups(deals, ['p1'], { today: '2026-10-01' }).get('p1')!).toMatchObject({ thisQuarter: { coSellWins: 1, coSellPipeline: '0.00' }, lastQuarter: { coSellPipeline: '1000.00' }, coSellWinsQtd: 1 });
    expect(rollups(deals, ['p1'], { today: '2026-09-30' }).get('p1')!).toMatchObject({ thisQuarter: { quarter: '2026-Q3', coSellWins: 0, coSellPipeline: '1000.00' }, coSellWinsQtd: 0 });
  });

  it('fiscal calendars: with April as the start, 2026-12-02 is in 2027-Q3 and the tier was earned in 2027-Q2 (July–September)', () => {
    const deals = [closedOn(['p1', 'p2'], 'won', '2026-07-01'), closedOn(['p1', 'p2'], 'won', '2026-09-30'), closedOn(['p1', 'p2'], 'won', '2026-06-30')];
    const p1 = rollups(deals, ['p1'], { ruleSets: [tiers(4)] }).get('p1')!;
    expect(p1.tier).toMatchObject({ name: 'Silver', inForceFor: '2027-Q3', earnedIn: '2027-Q2', earnedWith: 2 });
    expect(p1.fiscalQuarter).toBe('2027-Q3');
  });

  it('the tiers are those of the rule set in force on the last day of the quarter that qualified', () => {
    const deals = [closedOn(['p1', 'p2'], 'won', '2026-07-10'), closedOn(['p1', 'p2'], 'won', '2026-08-10')];
    // Published for 1 October: after Q3 ended, so Q3's wins earn nothing under it.
    const later = rollups(deals, ['p1'], { ruleSets: [{ ...DEFAULT_RULE_SET, effectiveFrom: '2026-01-01' }, { ...tiers(1, '2026-10-01'), version: '2026.9' }] }).get('p1')!;
    expect(later.tier.name).toBeNull();
    const onTime = rollups(deals, ['p1'], { ruleSets: [{ ...DEFAULT_RULE_SET, effectiveFrom: '2026-01-01' }, { ...tiers(1, '2026-09-30'), version: '2026.9' }] }).get('p1')!;
    expect(onTime.tier.name).toBe('Silver');
  });

  it('a deal in another currency is converted at its rate; one without a rate is an error naming it', () => {
    const noRate = computePartnerRollups({ deals: [deal(['p1', 'p2'], { currency: 'EUR' })], homeCurrency: 'USD', today: '2026-12-02', ruleSets: [tiers()], partnerIds: ['p1'] });
    expect(noRate.ok).toBe(false);
    if (!noRate.ok) expect(noRate.errors[0]!.path).toBe('deals[0].exchangeRate');
  });

  it('property: a partner rollup is the program report over its own deals (same definitions, never a second copy)', () => {
    const ids = ['p1', 'p2', 'p3', 'p4'];
    const dealArb = fc.record({
      partners: fc.subarray(ids),
      amount: fc.bigInt({ min: 0n, max: 10n ** 9n }),
      created: fc.integer({ min: 0, max: 250 }),
      closeAfter: fc.integer({ min: 0, max: 200 }),
      stage: fc.constantFrom<ReportStage>('won', 'lost', 'open'),
    });
    const day = (n: number) => new Date(Date.UTC(2026, 4, 1) + n * 86_400_000).toISOString().slice(0, 10);
    fc.assert(
      fc.property(fc.array(dealArb, { maxLength: 30 }), (specs) => {
        const deals = specs.map((s) => deal(s.partners, { amountMinor: s.amount, createDate: day(s.created), closeDate: day(s.created + s.closeAfter), stage: s.stage }));
        const r = rollups(deals, ids);
        const q4 = parseQuarter('2026-Q4', 'q');
        if (!q4.ok) throw new Error('q');
        for (const id of ids) {
          const own = partnerReport(deals, id, q4.value, 'USD');
          const program = computeProgramReport({ quarter: q4.value, homeCurrency: 'USD', deals: dealsOfPartner(deals, id) });
          if (!own.ok || !program.ok) throw new Error('report');
          expect(own.value).toEqual(program.value);
          expect(r.get(id)!.thisQuarter).toEqual({
            quarter: '2026-Q4',
            coSellPipeline: own.value.coSellPipeline,
            coSellWins: own.value.coSell.won,
            coSellClosed: own.value.coSell.closed,
            coSellWinRate: own.value.coSell.winRate,
            avgWonDealSize: own.value.coSell.avgWonDealSize,
          });
        }
      }),
      { numRuns: 100 },
    );
  });
});
