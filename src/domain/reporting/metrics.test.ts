import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseExchangeRate } from '../exchange-rate';
import type { ProgramReport, ReportDeal, ReportStage } from './metrics';
import { computeProgramReport, dealMotion, rankPairings, topAndBottom } from './metrics';
import { parseQuarter } from './quarter';

const Q4 = (() => {
  const q = parseQuarter('2026-Q4', 'quarter');
  if (!q.ok) throw new Error('quarter');
  return q.value;
})();

function rate(text: string) {
  const r = parseExchangeRate(text, 'rate');
  if (!r.ok) throw new Error(text);
  return r.value;
}

let next = 0;
/** A deal in USD created mid-Q4 2026, open, with the given partners each holding "selling". */
function deal(partners: string[], over: Partial<ReportDeal> = {}): ReportDeal {
  return {
    id: `D-${++next}`,
    amountMinor: 10000n,
    currency: 'USD',
    exchangeRate: null,
    createDate: '2026-11-01',
    closeDate: null,
    stage: 'open',
    partners: partners.map((id) => ({ id, roles: ['selling'] })),
    disputed: false,
    ...over,
  };
}
const closed = (partners: string[], stage: ReportStage, over: Partial<ReportDeal> = {}) =>
  deal(partners, { stage, closeDate: '2026-12-01', ...over });

function report(deals: ReportDeal[], homeCurrency = 'USD'): ProgramReport {
  const result = computeProgramReport({ quarter: Q4, homeCurrency, deals });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

describe('dealMotion', () => {
  it.each([
    [[], 'direct'],
    [[{ id: 'a', roles: [] }], 'direct'],
    [[{ id: 'a', roles: ['selling'] }], 'solo'],
    [[{ id: 'a', roles: ['selling'] }, { id: 'b', roles: [] }], 'solo'],
    [[{ id: 'a', roles: ['sourcing', 'selling'] }, { id: 'a', roles: ['influence'] }], 'solo'],
    [[{ id: 'a', roles: ['selling'] }, { id: 'b', roles: ['influence'] }], 'co_sell'],
    [[{ id: 'a', roles: ['selling'] }, { id: 'b', roles: ['influence'] }, { id: 'c', roles: ['implementation'] }], 'co_sell'],
  ])('%j is %s', (partners, motion) => {
    expect(dealMotion(partners)).toBe(motion);
  });
});

describe('empty groups and zero denominators', () => {
  it('no deals: zero money, null ratios, no pairings, no verdicts', () => {
    const r = report([]);
    expect(r).toMatchObject({
      quarter: '2026-Q4',
      currency: 'USD',
      partnerPipeline: '0.00',
      coSellPipeline: '0.00',
      coSellPipelineShare: null,
      coSell: { closed: 0, won: 0, winRate: null, avgWonDealSize: null, avgDaysToClose: null },
      solo: { closed: 0, won: 0, winRate: null, avgWonDealSize: null, avgDaysToClose: null },
      winRateDelta: null,
      pairings: { ranked: [], top3: [], bottom3: [] },
      disputeRate: null,
    });
    expect(Object.values(r.targets).map((t) => t.verdict)).toEqual(['no_data', 'no_data', 'no_data', 'no_data', 'no_data']);
  });

  it('only direct deals count nowhere', () => {
    const r = report([deal([]), closed([], 'won'), deal([], { partners: [{ id: 'a', roles: [] }] })]);
    expect(r.partnerPipeline).toBe('0.00');
    expect(r.coSell.closed + r.solo.closed).toBe(0);
  });

  it('closed deals but none won: win rate 0, no average size or days', () => {
    const r = report([closed(['a'], 'lost'), closed(['a'], 'lost')]);
    expect(r.solo).toEqual({ closed: 2, won: 0, winRate: '0.0000', avgWonDealSize: null, avgDaysToClose: null });
    expect(r.winRateDelta).toBeNull(); // no co-sell deal closed
  });

  it('a partner pipeline of zero amount gives no share (0 ÷ 0)', () => {
    expect(report([deal(['a', 'b'], { amountMinor: 0n })]).coSellPipelineShare).toBeNull();
  });
});

describe('partner pipeline, co-sell pipeline and share (deals created in the quarter)', () => {
  it('sums solo and co-sell deals created in Q, any stage; boundaries included, neighbours excluded', () => {
    const r = report([
      deal(['a', 'b'], { amountMinor: 10000n, createDate: '2026-10-01' }),
      closed(['a', 'c'], 'lost', { amountMinor: 20000n, createDate: '2026-12-31', closeDate: '2026-12-31' }),
      closed(['a'], 'won', { amountMinor: 130000n, createDate: '2026-11-11' }),
      deal(['a', 'b'], { amountMinor: 500000n, createDate: '2026-09-30' }),
      deal(['c'], { amountMinor: 700000n, createDate: '2027-01-01' }),
      deal([], { amountMinor: 1000000n }),
    ]);
    expect(r.partnerPipeline).toBe('1600.00');
    expect(r.coSellPipeline).toBe('300.00');
    expect(r.coSellPipelineShare).toBe('0.1875');
    expect(r.targets.coSellPipelineShare).toMatchObject({ value: '0.1875', verdict: 'within' });
  });

  it('rounds the share once, half away from zero, to 4 decimals', () => {
    // 1 / 3 = 0.33333… → 0.3333; 2 / 3 → 0.6667; 1 / 20000 = 0.00005 → 0.0001
    expect(report([deal(['a', 'b'], { amountMinor: 1n }), deal(['c'], { amountMinor: 2n })]).coSellPipelineShare).toBe('0.3333');
    expect(report([deal(['a', 'b'], { amountMinor: 2n }), deal(['c'], { amountMinor: 1n })]).coSellPipelineShare).toBe('0.6667');
    expect(report([deal(['a', 'b'], { amountMinor: 1n }), deal(['c'], { amountMinor: 19999n })]).coSellPipelineShare).toBe('0.0001');
  });
});

describe('closed, won, win rate, average won size and days to close per group', () => {
  const deals = [
    closed(['a', 'b'], 'won', { amountMinor: 10000n, createDate: '2026-10-01', closeDate: '2026-10-11' }), // 10 days
    closed(['a', 'b'], 'won', { amountMinor: 20001n, createDate: '2026-07-01', closeDate: '2026-12-31' }), // 183 days, created in Q3
    closed(['b', 'c'], 'lost', { closeDate: '2026-10-01' }),
    closed(['a', 'b'], 'won', { closeDate: '2026-09-30' }), // closed in Q3: not counted
    deal(['a', 'b'], { closeDate: '2026-12-15' }), // open with an expected close date: not closed
    closed(['c'], 'won', { amountMinor: 5000n, createDate: '2026-10-01', closeDate: '2026-10-02' }),
    closed(['c'], 'lost'),
    closed(['d'], 'lost'),
    closed(['d'], 'lost', { closeDate: '2027-01-01' }), // closed in 2027-Q1
    closed(['d'], 'lost'),
  ];

  it('counts deals won or lost with a close date in Q', () => {
    const r = report(deals);
    expect(r.coSell).toEqual({ closed: 3, won: 2, winRate: '0.6667', avgWonDealSize: '150.01', avgDaysToClose: '96.5' });
    expect(r.solo).toEqual({ closed: 4, won: 1, winRate: '0.2500', avgWonDealSize: '50.00', avgDaysToClose: '1.0' });
    // 2/3 − 1/4 = 5/12 = 0.41666…
    expect(r.winRateDelta).toBe('0.4167');
  });

  it('rounds the delta once from the exact rates, not from the rounded ones', () => {
    // co-sell 1/3 (0.3333), solo 1/6 (0.1667): exact 1/6 = 0.16666… → 0.1667, while 0.3333 − 0.1667 = 0.1666.
    const r = report([
      closed(['a', 'b'], 'won'),
      closed(['a', 'b'], 'lost'),
      closed(['a', 'b'], 'lost'),
      closed(['c'], 'won'),
      ...Array.from({ length: 5 }, () => closed(['c'], 'lost')),
    ]);
    expect([r.coSell.winRate, r.solo.winRate, r.winRateDelta]).toEqual(['0.3333', '0.1667', '0.1667']);
  });

  it('average days: exact mean rounded half away from zero to 1 decimal', () => {
    // 0 + 0 + 0 + 1 days over 4 wins = 0.25 → 0.3
    const wins = [0, 0, 0, 1].map((days) => closed(['a'], 'won', { createDate: '2026-10-01', closeDate: `2026-10-0${1 + days}` }));
    expect(report(wins).solo.avgDaysToClose).toBe('0.3');
  });

  it('a negative delta when co-sell wins less often', () => {
    const r = report([closed(['a', 'b'], 'lost'), closed(['a', 'b'], 'won'), closed(['c'], 'won')]);
    expect(r.winRateDelta).toBe('-0.5000');
    expect(r.targets.winRateDelta.verdict).toBe('below');
  });
});

describe('currencies: amounts in the home currency at the deal exchange rate', () => {
  it('converts each deal once (rounded half away from zero), then sums exactly', () => {
    const r = report([
      deal(['a', 'b'], { amountMinor: 10000n, currency: 'EUR', exchangeRate: rate('1.085') }), // €100.00 → $108.50
      deal(['c'], { amountMinor: 1000n, currency: 'JPY', exchangeRate: rate('0.006712') }), // ¥1000 → $6.712 → $6.71
      deal(['d'], { amountMinor: 1000n, currency: 'KWD', exchangeRate: rate('3.25') }), // 1.000 KWD → $3.25
      deal(['e'], { amountMinor: 1n, currency: 'EUR', exchangeRate: rate('1.5') }), // €0.01 → 1.5 cents → $0.02
    ]);
    expect(r.partnerPipeline).toBe('118.48');
    expect(r.coSellPipeline).toBe('108.50');
    expect(r.pairings.ranked[0]?.pipeline).toBe('108.50');
  });

  it('a JPY home currency prints whole yen', () => {
    const r = report([closed(['a'], 'won', { amountMinor: 10000n, currency: 'USD', exchangeRate: rate('149.5') }), closed(['a'], 'won', { amountMinor: 1001n, currency: 'JPY' })], 'JPY');
    // $100.00 → ¥14950; (14950 + 1001) / 2 = 7975.5 → 7976
    expect(r).toMatchObject({ currency: 'JPY', partnerPipeline: '15951', solo: { avgWonDealSize: '7976' } });
  });

  it('a deal in another currency without a rate is an error naming it', () => {
    expect(computeProgramReport({ quarter: Q4, homeCurrency: 'USD', deals: [deal(['a']), deal(['a'], { currency: 'EUR' })] })).toEqual({
      ok: false,
      errors: [{ path: 'deals[1].exchangeRate', message: 'required: the deal is in EUR and the home currency is USD' }],
    });
  });
});

describe('pairings', () => {
  /** Co-sell deals for a pairing: `won`, `lost` closed in Q; `open` open; all created in Q. */
  const pairing = (ids: string[], amounts: { won?: bigint[]; lost?: bigint[]; open?: bigint[] }) => [
    ...(amounts.won ?? []).map((a) => closed(ids, 'won', { amountMinor: a })),
    ...(amounts.lost ?? []).map((a) => closed(ids, 'lost', { amountMinor: a })),
    ...(amounts.open ?? []).map((a) => deal(ids, { amountMinor: a })),
  ];
  const deals = [
    ...pairing(['b', 'a'], { won: [30000n], lost: [20000n] }), // a+b: 500.00, 1/2
    ...pairing(['d', 'c'], { won: [50000n] }), // c+d: 500.00, 1/1
    ...pairing(['b', 'c'], { open: [50000n] }), // b+c: 500.00, no closed deal
    ...pairing(['a', 'c'], { lost: [40000n], open: [10000n] }), // a+c: 500.00, 0/1
    ...pairing(['y', 'x'], { won: [12500n, 12500n], lost: [12500n, 12500n] }), // x+y: 500.00, 2/4 = a+b's 1/2
    ...pairing(['e', 'f'], { open: [90000n] }), // e+f: 900.00
    closed(['a', 'b', 'c'], 'won', { createDate: '2026-08-01' }), // a+b+c: no pipeline in Q, 1/1
    closed(['g', 'h'], 'won', { createDate: '2026-07-01', closeDate: '2026-09-01' }), // nothing in Q: not ranked
    closed(['g'], 'won'), // solo deals have no pairing
  ];

  it('ranks by pipeline, then exact win rate (no closed deal lowest), then key; top and bottom three', () => {
    const r = report(deals);
    expect(r.pairings.ranked.map((p) => [p.rank, p.key, p.pipeline, p.created, p.closed, p.won, p.winRate])).toEqual([
      [1, 'e+f', '900.00', 1, 0, 0, null],
      [2, 'c+d', '500.00', 1, 1, 1, '1.0000'],
      [3, 'a+b', '500.00', 2, 2, 1, '0.5000'],
      [4, 'x+y', '500.00', 4, 4, 2, '0.5000'],
      [5, 'a+c', '500.00', 2, 1, 0, '0.0000'],
      [6, 'b+c', '500.00', 1, 0, 0, null],
      [7, 'a+b+c', '0.00', 0, 1, 1, '1.0000'],
    ]);
    expect(r.pairings.top3).toEqual(['e+f', 'c+d', 'a+b']);
    expect(r.pairings.bottom3).toEqual(['a+b+c', 'b+c', 'a+c']);
  });

  it('the ranking does not depend on the order of the deals', () => {
    expect(report([...deals].reverse()).pairings).toEqual(report(deals).pairings);
  });

  it('names the partners by their names where the file gives them', () => {
    const named = deal(['z', 'w'], { partners: [{ id: 'z', name: 'Zeta Cloud', roles: ['selling'] }, { id: 'w', roles: ['influence'] }] });
    expect(report([named]).pairings.ranked[0]?.partners).toEqual([
      { id: 'w', name: 'w' },
      { id: 'z', name: 'Zeta Cloud' },
    ]);
  });

  it('keys sort ids in plain string order ("10" before "9")', () => {
    expect(report([deal(['9', '10'])]).pairings.ranked[0]?.key).toBe('10+9');
  });

  it.each([
    [[], [], []],
    [['a'], ['a'], ['a']],
    [['a', 'b'], ['a', 'b'], ['b', 'a']],
    [['a', 'b', 'c'], ['a', 'b', 'c'], ['c', 'b', 'a']],
    [['a', 'b', 'c', 'd'], ['a', 'b', 'c'], ['d', 'c', 'b']],
    [['a', 'b', 'c', 'd', 'e', 'f', 'g'], ['a', 'b', 'c'], ['g', 'f', 'e']],
  ])('three or fewer: %j → top %j, bottom %j', (keys, top3, bottom3) => {
    expect(topAndBottom(keys)).toEqual({ top3, bottom3 });
  });

  it('a pairing with nothing created or closed in Q is not ranked', () => {
    expect(rankPairings([{ key: 'a+b', pipeline: 0n, created: 0, closed: 0, won: 0 }])).toEqual([]);
    expect(rankPairings([{ key: 'a+b', pipeline: 0n, created: 1, closed: 0, won: 0 }])).toHaveLength(1);
  });
});

describe('dispute rate', () => {
  it('co-sell deals closed in Q with a dispute ÷ co-sell deals closed in Q', () => {
    const r = report([
      closed(['a', 'b'], 'won', { disputed: true }),
      closed(['a', 'b'], 'lost'),
      closed(['a', 'c'], 'won'),
      closed(['a', 'c'], 'won'),
      closed(['a'], 'won', { disputed: true }), // solo: not counted
      deal(['a', 'b'], { disputed: true }), // open: not counted
      closed(['a', 'b'], 'won', { disputed: true, closeDate: '2026-09-30' }), // another quarter
    ]);
    expect(r.disputeRate).toBe('0.2500');
    expect(r.targets.disputeRate).toMatchObject({ value: '0.2500', verdict: 'rules_unclear' });
  });

  it('none disputed is 0, which the seed calls suspicious', () => {
    const r = report([closed(['a', 'b'], 'won')]);
    expect(r.disputeRate).toBe('0.0000');
    expect(r.targets.disputeRate.verdict).toBe('suspicious');
  });
});

describe('properties', () => {
  const dates = fc.integer({ min: 0, max: 200 }).map((n) => {
    // 200 days around Q4 2026: from 2026-08-16 to 2027-03-03
    const d = new Date(Date.UTC(2026, 7, 16 + n));
    return d.toISOString().slice(0, 10);
  });
  const dealArb = fc
    .record({
      amountMinor: fc.bigInt({ min: 0n, max: 10n ** 12n }),
      partners: fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 4 }),
      createDate: dates,
      days: fc.integer({ min: 0, max: 120 }),
      stage: fc.constantFrom<ReportStage>('won', 'lost', 'open'),
      disputed: fc.boolean(),
      euro: fc.boolean(),
    })
    .map(({ days, euro, partners, ...d }) => {
      const close = new Date(Date.UTC(Number(d.createDate.slice(0, 4)), Number(d.createDate.slice(5, 7)) - 1, Number(d.createDate.slice(8)) + days));
      return deal(partners, {
        ...d,
        closeDate: close.toISOString().slice(0, 10),
        ...(euro ? { currency: 'EUR', exchangeRate: rate('1.000000') } : {}),
      });
    });
  const decimal = (s: string) => BigInt(s.replace('.', ''));

  it('pipelines add up, ratios stay in [0, 1], pairings add up to the co-sell figures', () => {
    fc.assert(
      fc.property(fc.array(dealArb, { maxLength: 40 }), (deals) => {
        const r = report(deals);
        const created = deals.filter((d) => d.createDate >= Q4.start && d.createDate <= Q4.end);
        const partnerDeals = created.filter((d) => dealMotion(d.partners) !== 'direct');
        expect(decimal(r.partnerPipeline)).toBe(partnerDeals.reduce((s, d) => s + d.amountMinor, 0n));
        const pairingPipeline = r.pairings.ranked.reduce((s, p) => s + decimal(p.pipeline), 0n);
        expect(pairingPipeline).toBe(decimal(r.coSellPipeline));
        expect(r.pairings.ranked.reduce((s, p) => s + p.closed, 0)).toBe(r.coSell.closed);
        expect(r.pairings.ranked.reduce((s, p) => s + p.won, 0)).toBe(r.coSell.won);
        for (const value of [r.coSellPipelineShare, r.coSell.winRate, r.solo.winRate, r.disputeRate]) {
          if (value !== null) expect(Number(value) >= 0 && Number(value) <= 1).toBe(true);
        }
        // The delta is within one unit of the 4th decimal of the difference of the rounded rates.
        if (r.winRateDelta !== null) {
          const diff = decimal(r.coSell.winRate ?? '') - decimal(r.solo.winRate ?? '');
          const d = decimal(r.winRateDelta) - diff;
          expect(d >= -1n && d <= 1n).toBe(true);
        }
        expect(r.coSellPipelineShare === null).toBe(decimal(r.partnerPipeline) === 0n);
        expect(r.coSell.winRate === null).toBe(r.coSell.closed === 0);
        expect(r.pairings.top3).toEqual(r.pairings.ranked.slice(0, 3).map((p) => p.key));
        expect(r.pairings.bottom3).toEqual(r.pairings.ranked.slice(-3).reverse().map((p) => p.key));
      }),
    );
  });

  it('the report does not depend on the order of the deals', () => {
    fc.assert(
      fc.property(fc.array(dealArb, { maxLength: 30 }), fc.integer(), (deals, seed) => {
        const shuffled = [...deals].sort((a, b) => ((Number(a.id.slice(2)) * 7919 + seed) % 101) - ((Number(b.id.slice(2)) * 7919 + seed) % 101));
        expect(report(shuffled)).toEqual(report(deals));
      }),
    );
  });

  it('ranked pairings are in order: pipeline descending, then win rate descending (null last), then key', () => {
    fc.assert(
      fc.property(fc.array(dealArb, { maxLength: 40 }), (deals) => {
        const ranked = report(deals).pairings.ranked;
        for (let i = 1; i < ranked.length; i++) {
          const a = ranked[i - 1]!;
          const b = ranked[i]!;
          const pa = decimal(a.pipeline);
          const pb = decimal(b.pipeline);
          expect(pa >= pb).toBe(true);
          if (pa === pb) {
            // Compare exactly by cross-multiplying won / closed; no closed deal counts as −1.
            const ra = a.closed === 0 ? -1 : a.won / a.closed;
            const rb = b.closed === 0 ? -1 : b.won / b.closed;
            const cross = a.closed && b.closed ? a.won * b.closed - b.won * a.closed : ra - rb;
            expect(cross >= 0).toBe(true);
            if (cross === 0) expect(a.key < b.key).toBe(true);
          }
        }
      }),
    );
  });

  it('scaling every amount by k leaves every ratio unchanged', () => {
    fc.assert(
      fc.property(fc.array(dealArb, { maxLength: 30 }), fc.bigInt({ min: 1n, max: 1000n }), (deals, k) => {
        const a = report(deals);
        const b = report(deals.map((d) => ({ ...d, amountMinor: d.amountMinor * k })));
        expect(b.coSellPipelineShare).toBe(a.coSellPipelineShare);
        expect(b.pairings.ranked.map((p) => p.key)).toEqual(a.pairings.ranked.map((p) => p.key));
        expect(decimal(b.partnerPipeline)).toBe(decimal(a.partnerPipeline) * k);
      }),
    );
  });
});
