import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IncentiveDeal, QuarterIncentives } from '../incentives/quarter-incentives';
import { computeQuarterIncentives } from '../incentives/quarter-incentives';
import type { Incentives, RuleSet } from '../rule-set';
import { DEFAULT_RULE_SET } from '../rule-set';
import type { ExistingLine, QuarterLine } from './quarter-lines';
import { quarterDealId, quarterLinesFor, quarterOfKey } from './quarter-lines';
import { explainQuarterLine } from './statement';

// Shipped rules: a 12000.00 co-sell deal (p1 selling, p2 sourcing) pays p1 2000.00 and p2 1000.00.
const rules = (incentives: Incentives, version = '2026.1'): RuleSet => ({ ...structuredClone(DEFAULT_RULE_SET), version, incentives });
const coSell = (id: string, closeDate: string, over: Partial<IncentiveDeal> = {}): IncentiveDeal => ({
  id,
  name: `Deal ${id}`,
  amount: '12000.00',
  currency: 'USD',
  closeDate,
  stage: 'won',
  partners: [
    { id: 'p1', name: 'Northwind Resellers', roles: ['selling'] },
    { id: 'p2', name: 'Contoso Cloud', roles: ['sourcing'] },
  ],
  ...over,
});
function compute(rs: RuleSet | RuleSet[], quarter: string, deals: IncentiveDeal[]): QuarterIncentives {
  const r = computeQuarterIncentives({ rules: rs, quarter, deals });
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return r.value;
}
const BONUS: Incentives = { fiscalYearStartMonth: 1, coSellBonus: { minCoSellWins: 3, reward: { kind: 'fixed', amount: '5000.00', currency: 'USD' } }, tiers: [] };
const UPLIFT: Incentives = {
  fiscalYearStartMonth: 1,
  coSellBonus: { minCoSellWins: 2, reward: { kind: 'uplift', percent: '5' } },
  tiers: [{ name: 'Co-sell Gold', minCoSellWins: 2, benefits: [], commissionUpliftPercent: '2' }],
};
const row = (l: QuarterLine) => [l.key, l.dealId, l.kind, l.amountMinor, l.ruleVersion];
/** What the store would hold after appending `lines` (keys are unique: a key seen before adds nothing). */
function append(existing: ExistingLine[], lines: QuarterLine[]): ExistingLine[] {
  const keys = new Set(existing.map((l) => l.key));
  return [...existing, ...lines.filter((l) => !keys.has(l.key))];
}

describe('quarterLinesFor — table', () => {
  const three = [coSell('D1', '2026-07-01'), coSell('D2', '2026-08-15'), coSell('D3', '2026-09-30')];

  it('a bonus reached: one bonus line per partner, keyed by quarter, kind, partner and currency, with the rule version', () => {
    const lines = quarterLinesFor(compute(rules(BONUS), '2026-Q3', three), []);
    expect(lines.map(row)).toEqual([
      ['quarter:2026-Q3:bonus:p1:USD:0', 'quarter:2026-Q3', 'bonus', 500000n, '2026.1'],
      ['quarter:2026-Q3:bonus:p2:USD:0', 'quarter:2026-Q3', 'bonus', 500000n, '2026.1'],
    ]);
  });

  it('a replay appends nothing', () => {
    const q = compute(rules(BONUS), '2026-Q3', three);
    const first = quarterLinesFor(q, []);
    expect(quarterLinesFor(q, append([], first))).toEqual([]);
  });

  it('a late change appends the difference under the next sequence number', () => {
    const before = quarterLinesFor(compute(rules(BONUS), '2026-Q3', three), []);
    // D3 reopened: two wins of three, the bonus is gone → the negative, keyed :1.
    const reopened = compute(rules(BONUS), '2026-Q3', [...three.slice(0, 2), { ...three[2]!, stage: 'open' }]);
    const undo = quarterLinesFor(reopened, before);
    expect(undo.map(row)).toEqual([
      ['quarter:2026-Q3:bonus:p1:USD:1', 'quarter:2026-Q3', 'bonus', -500000n, '2026.1'],
      ['quarter:2026-Q3:bonus:p2:USD:1', 'quarter:2026-Q3', 'bonus', -500000n, '2026.1'],
    ]);
    // … and closed won again: the bonus back, :2.
    expect(quarterLinesFor(compute(rules(BONUS), '2026-Q3', three), [...before, ...undo]).map((l) => [l.key, l.amountMinor])).toEqual([
      ['quarter:2026-Q3:bonus:p1:USD:2', 500000n],
      ['quarter:2026-Q3:bonus:p2:USD:2', 500000n],
    ]);
  });

  it('uplift lines per deal and one tier uplift line per partner, with the previous quarter\'s rule version', () => {
    // Two co-sell wins in 2026-Q2 → 5 % uplift and Gold (2 %) held in 2026-Q3.
    const deals = [coSell('D1', '2026-04-10'), coSell('D2', '2026-05-10'), coSell('D3', '2026-07-20'), coSell('D4', '2026-08-20')];
    const lines = quarterLinesFor(compute(rules(UPLIFT), '2026-Q3', deals), []);
    expect(lines.map(row)).toEqual([
      // p1: 2000.00 per deal → 100.00 uplift each, 40.00 tier uplift each (80.00)
      ['quarter:2026-Q3:tier_uplift:p1:USD:0', 'quarter:2026-Q3', 'tier_uplift', 8000n, '2026.1'],
      ['quarter:2026-Q3:uplift:p1:USD:D3:0', 'D3', 'uplift', 10000n, '2026.1'],
      ['quarter:2026-Q3:uplift:p1:USD:D4:0', 'D4', 'uplift', 10000n, '2026.1'],
      ['quarter:2026-Q3:tier_uplift:p2:USD:0', 'quarter:2026-Q3', 'tier_uplift', 4000n, '2026.1'],
      ['quarter:2026-Q3:uplift:p2:USD:D3:0', 'D3', 'uplift', 5000n, '2026.1'],
      ['quarter:2026-Q3:uplift:p2:USD:D4:0', 'D4', 'uplift', 5000n, '2026.1'],
    ]);
  });

  it('ignores other quarters\' lines, deal lines and zero figures', () => {
    const q = compute(rules(BONUS), '2026-Q3', three.slice(0, 2)); // two wins: no bonus
    const other: ExistingLine[] = [
      { key: 'quarter:2026-Q2:bonus:p1:USD:0', dealId: 'quarter:2026-Q2', partnerId: 'p1', kind: 'bonus', currency: 'USD', amountMinor: 500000n },
      { key: 'entry:7:p1:USD', dealId: 'D1', partnerId: 'p1', kind: 'earned', currency: 'USD', amountMinor: 200000n },
    ];
    expect(quarterLinesFor(q, other)).toEqual([]);
  });

  it('reads the quarter back from a key or a quarter deal id', () => {
    expect(quarterOfKey('quarter:2026-Q3:uplift:p1:USD:D3:0')).toBe('2026-Q3');
    expect(quarterOfKey(quarterDealId('2027-Q1'))).toBe('2027-Q1');
    expect(quarterOfKey('entry:7:p1:USD')).toBeNull();
  });
});

describe('quarterLinesFor — properties', () => {
  const partnerIds = ['p1', 'p2', 'p3'];
  const dealIds = ['D1', 'D2', 'D3'];
  const amount = fc.bigInt({ min: -1_000_000n, max: 1_000_000n });
  /** Arbitrary computed figures: the function relies only on these fields. */
  const figures = fc.array(
    fc.record({
      partnerId: fc.constantFrom(...partnerIds),
      currency: fc.constantFrom('USD', 'EUR'),
      bonusMinor: fc.oneof(fc.constant(0n), amount),
      tierUpliftMinor: fc.oneof(fc.constant(0n), amount),
      uplifts: fc.uniqueArray(fc.record({ dealId: fc.constantFrom(...dealIds), upliftMinor: amount }), { selector: (d) => d.dealId, maxLength: 3 }),
    }),
    { maxLength: 6 },
  );
  const incentivesOf = (fs: Array<{ partnerId: string; currency: string; bonusMinor: bigint; tierUpliftMinor: bigint; uplifts: Array<{ dealId: string; upliftMinor: bigint }> }>): QuarterIncentives => {
    // One figure per (partner, currency), as computeQuarterIncentives gives.
    const seen = new Set<string>();
    const partners = fs
      .filter((f) => !seen.has(`${f.partnerId}:${f.currency}`) && seen.add(`${f.partnerId}:${f.currency}`))
      .map((f) => ({ partnerId: f.partnerId, currency: f.currency, bonusMinor: f.bonusMinor, tierUpliftMinor: f.tierUpliftMinor, deals: f.uplifts.map((d) => ({ dealId: d.dealId, upliftMinor: d.upliftMinor })) }));
    return { quarter: { label: '2026-Q3' }, incentivesVersion: 'v-now', upliftVersion: 'v-before', partners } as unknown as QuarterIncentives;
  };
  /** The ledger's net per (kind, partner, currency, deal) for the quarter, zeros dropped. */
  const nets = (lines: ExistingLine[]) => {
    const m = new Map<string, bigint>();
    for (const l of lines) {
      if (quarterOfKey(l.key) !== '2026-Q3') continue;
      const k = `${l.kind}|${l.partnerId}|${l.currency}|${l.dealId}`;
      m.set(k, (m.get(k) ?? 0n) + l.amountMinor);
    }
    return new Map([...m].filter(([, v]) => v !== 0n));
  };
  const wanted = (q: QuarterIncentives) => {
    const m = new Map<string, bigint>();
    for (const f of q.partners) {
      if (f.bonusMinor !== 0n) m.set(`bonus|${f.partnerId}|${f.currency}|quarter:2026-Q3`, f.bonusMinor);
      if (f.tierUpliftMinor !== 0n) m.set(`tier_uplift|${f.partnerId}|${f.currency}|quarter:2026-Q3`, f.tierUpliftMinor);
      for (const d of f.deals) if (d.upliftMinor !== 0n) m.set(`uplift|${f.partnerId}|${f.currency}|${d.dealId}`, d.upliftMinor);
    }
    return m;
  };

  it('after any sequence of recomputations the ledger nets to the latest figures, and a replay appends nothing', () => {
    fc.assert(
      fc.property(fc.array(figures, { minLength: 1, maxLength: 5 }), (history) => {
        let ledger: ExistingLine[] = [];
        for (const fs of history) {
          const q = incentivesOf(fs);
          const lines = quarterLinesFor(q, ledger);
          // Every appended key is new: nothing the store would drop.
          const keys = new Set(ledger.map((l) => l.key));
          expect(lines.every((l) => !keys.has(l.key))).toBe(true);
          expect(new Set(lines.map((l) => l.key)).size).toBe(lines.length);
          expect(lines.every((l) => l.amountMinor !== 0n)).toBe(true);
          ledger = append(ledger, lines);
          expect(nets(ledger)).toEqual(wanted(q));
          expect(quarterLinesFor(q, ledger)).toEqual([]);
        }
      }),
    );
  });

  it('the same input twice appends the same lines (two runs at once append them once)', () => {
    fc.assert(
      fc.property(figures, figures, (a, b) => {
        const ledger = quarterLinesFor(incentivesOf(a), []);
        const q = incentivesOf(b);
        expect(quarterLinesFor(q, ledger)).toEqual(quarterLinesFor(q, [...ledger]));
        // Appending both copies keeps one: the keys match.
        const twice = append(append(ledger, quarterLinesFor(q, ledger)), quarterLinesFor(q, ledger));
        expect(nets(twice)).toEqual(wanted(q));
      }),
    );
  });
});

describe('explainQuarterLine — what a statement says about a quarter line', () => {
  const facts = { dealName: 'Quarter 2026-Q3', amountMinor: 500000n, ruleVersion: '2026.1' };
  it('names the quarter, the threshold and the rule set of a bonus', () => {
    expect(explainQuarterLine({ ...facts, kind: 'bonus', key: 'quarter:2026-Q3:bonus:p1:USD:0', incentives: BONUS })).toBe('Co-sell bonus 2026-Q3: at least 3 co-sell wins (rule set 2026.1).');
    expect(explainQuarterLine({ ...facts, amountMinor: -500000n, kind: 'bonus', key: 'quarter:2026-Q3:bonus:p1:USD:1', incentives: BONUS })).toBe(
      'Co-sell bonus 2026-Q3 corrected: a late change lowered it (rule set 2026.1).',
    );
  });
  it('names the percent and the deal of an uplift, and the percent and tier of a tier uplift', () => {
    expect(explainQuarterLine({ ...facts, dealName: 'Acme renewal', kind: 'uplift', key: 'quarter:2026-Q3:uplift:p1:USD:D3:0', incentives: UPLIFT })).toBe(
      'Uplift 5 % on Acme renewal, 2026-Q3, earned by at least 2 co-sell wins the quarter before (rule set 2026.1).',
    );
    expect(explainQuarterLine({ ...facts, kind: 'tier_uplift', key: 'quarter:2026-Q3:tier_uplift:p1:USD:0', incentives: UPLIFT })).toBe(
      'Tier uplift 2 % (Co-sell Gold) 2026-Q3, on the quarter\'s won deals (rule set 2026.1).',
    );
  });
  it('leaves deal lines to explainLine', () => {
    expect(explainQuarterLine({ ...facts, kind: 'earned', key: 'entry:1:p1:USD', incentives: undefined })).toBeNull();
  });
});
