import { describe, expect, it } from 'vitest';
import type { TargetFigures } from './targets';
import { assessTargets, percent, points } from './targets';

const none: TargetFigures = {
  currency: 'USD',
  coSellPipelineShare: null,
  coSellWinRate: null,
  soloWinRate: null,
  winRateDelta: null,
  coSellAvgWonDealSize: null,
  soloAvgWonDealSize: null,
  coSellAvgDaysToClose: null,
  soloAvgDaysToClose: null,
  disputeRate: null,
  coSellClosed: 0,
};
const assess = (over: Partial<TargetFigures>) => assessTargets({ ...none, ...over });

describe('percent and points', () => {
  it.each([
    [3100n, '31 %'],
    [1875n, '18.75 %'],
    [1n, '0.01 %'],
    [0n, '0 %'],
    [10000n, '100 %'],
    [1250n, '12.5 %'],
  ])('percent(%s) = %s', (scaled, text) => expect(percent(scaled)).toBe(text));

  it.each([
    [1250n, '+12.5 points'],
    [-300n, '−3 points'],
    [100n, '+1 point'],
    [0n, '+0 points'],
  ])('points(%s) = %s', (scaled, text) => expect(points(scaled)).toBe(text));
});

describe('co-sell pipeline share against 15–25 %', () => {
  it.each([
    [1499n, 'below'],
    [1500n, 'within'],
    [2000n, 'within'],
    [2500n, 'within'],
    [2501n, 'above'],
  ] as const)('%s ×10⁻⁴ is %s', (share, verdict) => {
    expect(assess({ coSellPipelineShare: share }).coSellPipelineShare).toMatchObject({ verdict, band: { min: '0.1500', max: '0.2500' } });
  });

  it('says it as the issue writes it', () => {
    expect(assess({ coSellPipelineShare: 3100n }).coSellPipelineShare).toEqual({
      value: '0.3100',
      band: { min: '0.1500', max: '0.2500' },
      verdict: 'above',
      message: 'co-sell pipeline share 31 % — above the 15–25 % target',
    });
  });

  it('no partner pipeline: no verdict', () => {
    expect(assess({}).coSellPipelineShare).toMatchObject({ value: null, verdict: 'no_data', message: expect.stringContaining('no verdict') });
  });
});

describe('win-rate delta against +10 to +20 points', () => {
  it.each([
    [-300n, 'below'],
    [999n, 'below'],
    [1000n, 'within'],
    [2000n, 'within'],
    [2001n, 'above'],
  ] as const)('%s ×10⁻⁴ is %s', (delta, verdict) => {
    expect(assess({ winRateDelta: delta, coSellWinRate: 5000n, soloWinRate: 5000n - delta }).winRateDelta.verdict).toBe(verdict);
  });

  it('names both rates, and says what a negative delta means', () => {
    expect(assess({ winRateDelta: 1250n, coSellWinRate: 4500n, soloWinRate: 3250n }).winRateDelta.message).toBe(
      'co-sell win rate +12.5 points against solo (co-sell 45 % vs solo 32.5 %) — within the +10 to +20 point target',
    );
    expect(assess({ winRateDelta: -500n, coSellWinRate: 2000n, soloWinRate: 2500n }).winRateDelta.message).toBe(
      'co-sell win rate −5 points against solo (co-sell 20 % vs solo 25 %) — below the +10 to +20 point target: co-selling adds complexity without adding value',
    );
  });

  it('names the group with nothing closed', () => {
    expect(assess({ coSellWinRate: 5000n }).winRateDelta.message).toBe('co-sell vs solo win rate: no solo deal closed this quarter — no verdict');
    expect(assess({}).winRateDelta.message).toBe('co-sell vs solo win rate: no co-sell and solo deal closed this quarter — no verdict');
  });
});

describe('deal size and time to close', () => {
  it.each([
    [15001n, 15000n, 'co_sell_larger'],
    [15000n, 15000n, 'co_sell_not_larger'],
    [100n, 15000n, 'co_sell_not_larger'],
    [null, 15000n, 'no_data'],
  ] as const)('co-sell %s vs solo %s: %s', (coSell, solo, verdict) => {
    expect(assess({ coSellAvgWonDealSize: coSell, soloAvgWonDealSize: solo }).avgWonDealSize.verdict).toBe(verdict);
  });

  it('formats the sizes in the home currency', () => {
    expect(assess({ currency: 'JPY', coSellAvgWonDealSize: 52000n, soloAvgWonDealSize: 40000n }).avgWonDealSize).toEqual({
      coSell: '52000',
      solo: '40000',
      verdict: 'co_sell_larger',
      message: 'average won deal size co-sell 52000 JPY vs solo 40000 JPY — co-sell deals are larger, as they should be',
    });
  });

  it.each([
    [415n, 380n, 'co_sell_slower', 'average days to close co-sell 41.5 vs solo 38.0 days — co-sell closes slower: streamline co-sell operations before scaling'],
    [300n, 380n, 'co_sell_faster', 'average days to close co-sell 30.0 vs solo 38.0 days — co-sell closes faster'],
    [380n, 380n, 'same', 'average days to close co-sell 38.0 vs solo 38.0 days — the same'],
  ] as const)('days %s vs %s: %s', (coSell, solo, verdict, message) => {
    expect(assess({ coSellAvgDaysToClose: coSell, soloAvgDaysToClose: solo }).avgDaysToClose).toMatchObject({ verdict, message });
  });
});

describe('dispute rate: <5 % healthy, >10 % rules unclear, 0 % suspicious', () => {
  it.each([
    [0n, 'suspicious'],
    [1n, 'healthy'],
    [499n, 'healthy'],
    [500n, 'watch'],
    [1000n, 'watch'],
    [1001n, 'rules_unclear'],
    [10000n, 'rules_unclear'],
  ] as const)('%s ×10⁻⁴ is %s', (rate, verdict) => {
    expect(assess({ disputeRate: rate, coSellClosed: 20 }).disputeRate.verdict).toBe(verdict);
  });

  it('messages', () => {
    expect(assess({ disputeRate: 0n, coSellClosed: 12 }).disputeRate.message).toBe(
      'attribution dispute rate 0 % of 12 closed co-sell deals — suspicious: 0 % usually means nobody is checking the splits',
    );
    expect(assess({ disputeRate: 1250n, coSellClosed: 8 }).disputeRate.message).toBe(
      'attribution dispute rate 12.5 % of 8 closed co-sell deals — above 10 %: the role definitions and split rules are not clear enough',
    );
    expect(assess({ disputeRate: 0n, coSellClosed: 1 }).disputeRate.message).toContain('of 1 closed co-sell deal —');
    expect(assess({}).disputeRate).toMatchObject({ value: null, verdict: 'no_data' });
  });
});
