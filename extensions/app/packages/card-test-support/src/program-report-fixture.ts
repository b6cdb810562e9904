import type { ProgramReport } from '@cosell/contract';

/** A program report as the backend sends it (Northwind, Stackly and "Referly, Inc"; every verdict kind that needs a look). */
export function programReportFixture(quarter: string, over: Partial<ProgramReport> = {}): ProgramReport {
  return {
    quarter,
    currency: 'USD',
    partnerPipeline: '21040.00',
    coSellPipeline: '15500.00',
    coSellPipelineShare: '0.7367',
    coSell: { closed: 3, won: 2, winRate: '0.6667', avgWonDealSize: '8780.00', avgDaysToClose: '68.5' },
    solo: { closed: 1, won: 1, winRate: '1.0000', avgWonDealSize: '2540.00', avgDaysToClose: '30.0' },
    winRateDelta: '-0.3333',
    pairings: {
      ranked: [
        { rank: 1, key: '11+12', partners: [{ id: '11', name: 'Northwind' }, { id: '12', name: 'Stackly' }], pipeline: '15500.00', created: 2, closed: 2, won: 1, winRate: '0.5000' },
        { rank: 2, key: '12+13', partners: [{ id: '12', name: 'Stackly' }, { id: '13', name: 'Referly, Inc' }], pipeline: '0.00', created: 0, closed: 1, won: 1, winRate: '1.0000' },
      ],
      top3: ['11+12', '12+13'],
      bottom3: ['12+13', '11+12'],
    },
    disputeRate: '0.3333',
    targets: {
      coSellPipelineShare: { value: '0.7367', band: { min: '0.1500', max: '0.2500' }, verdict: 'above', message: 'co-sell pipeline share 73.67 % — above the 15–25 % target' },
      winRateDelta: { value: '-0.3333', band: { min: '0.1000', max: '0.2000' }, verdict: 'below', message: 'co-sell wins less often than solo: co-selling adds complexity without value' },
      avgWonDealSize: { coSell: '8780.00', solo: '2540.00', verdict: 'co_sell_larger', message: 'co-sell deals are larger' },
      avgDaysToClose: { coSell: '68.5', solo: '30.0', verdict: 'co_sell_slower', message: 'co-sell is slower: streamline before scaling' },
      disputeRate: { value: '0.3333', band: { healthyBelow: '0.0500', unclearAbove: '0.1000' }, verdict: 'rules_unclear', message: 'dispute rate 33.33 % — over 10 %: the rules are unclear' },
    },
    ...over,
  };
}
