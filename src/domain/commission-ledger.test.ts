import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DealLedgerState, LedgerLine } from './commission-ledger';
import { dealNet, isWonInLedger, ledgerLinesFor } from './commission-ledger';

const state = (stage: DealLedgerState['stage'], allocations: Array<[string, bigint]>, over: Partial<DealLedgerState> = {}): DealLedgerState => ({
  dealId: 'D1',
  stage,
  currency: 'USD',
  ruleVersion: '2026.1',
  allocations: allocations.map(([partnerId, amountMinor]) => ({ partnerId, amountMinor })),
  ...over,
});

/** Applies states one after the other, as the worker would, and returns every line written. */
function replay(states: DealLedgerState[]): LedgerLine[] {
  const lines: LedgerLine[] = [];
  for (const s of states) lines.push(...ledgerLinesFor(lines, s));
  return lines;
}
const brief = (lines: LedgerLine[]) => lines.map((l) => `${l.kind} ${l.partnerId} ${l.amountMinor} ${l.currency}`);

describe('ledgerLinesFor', () => {
  const split: Array<[string, bigint]> = [['p1', 200000n], ['p2', 100000n]];

  it('close won → earned; reopen → reversed; close again → earned; replays add nothing', () => {
    const lines: LedgerLine[] = [];
    const step = (s: DealLedgerState) => {
      const added = ledgerLinesFor(lines, s);
      lines.push(...added);
      return brief(added);
    };
    expect(step(state('open', split))).toEqual([]);
    expect(step(state('won', split))).toEqual(['earned p1 200000 USD', 'earned p2 100000 USD']);
    expect(step(state('won', split))).toEqual([]);
    expect(step(state('open', split))).toEqual(['reversal p1 -200000 USD', 'reversal p2 -100000 USD']);
    expect(step(state('lost', split))).toEqual([]);
    expect(step(state('won', split))).toEqual(['earned p1 200000 USD', 'earned p2 100000 USD']);
    expect(lines.every((l) => l.ruleVersion === '2026.1' && l.dealId === 'D1')).toBe(true);
  });

  it('a split change on a won deal appends the difference per partner, a partner taken off gives back its net', () => {
    const lines = replay([state('won', split)]);
    expect(brief(ledgerLinesFor(lines, state('won', [['p1', 150000n], ['p3', 150000n]], { ruleVersion: '2026.2' })))).toEqual([
      'adjustment p1 -50000 USD',
      'adjustment p2 -100000 USD',
      'adjustment p3 150000 USD',
    ]);
  });

  it('a lost deal after a split change reverses what each partner has net', () => {
    const lines = replay([state('won', split), state('won', [['p1', 250000n], ['p2', 50000n]])]);
    expect(brief(ledgerLinesFor(lines, state('lost', [])))).toEqual(['reversal p1 -250000 USD', 'reversal p2 -50000 USD']);
  });

  it('records a zero allocation as earned, so the deal stands as won and the statement can show it', () => {
    const lines = replay([state('won', [['p1', 300000n], ['p2', 0n]])]);
    expect(brief(lines)).toEqual(['earned p1 300000 USD', 'earned p2 0 USD']);
    expect(isWonInLedger(lines, 'D1')).toBe(true);
  });

  it('a currency change on a won deal moves the net from the old currency to the new', () => {
    const lines = replay([state('won', split)]);
    expect(brief(ledgerLinesFor(lines, state('won', [['p1', 180000n], ['p2', 90000n]], { currency: 'EUR' })))).toEqual([
      'adjustment p1 180000 EUR',
      'adjustment p1 -200000 USD',
      'adjustment p2 90000 EUR',
      'adjustment p2 -100000 USD',
    ]);
  });

  it('only looks at its own deal and ignores quarter lines', () => {
    const other: LedgerLine[] = [
      { dealId: 'D2', partnerId: 'p1', kind: 'earned', currency: 'USD', amountMinor: 999n, ruleVersion: null },
      { dealId: 'D1', partnerId: 'p1', kind: 'bonus', currency: 'USD', amountMinor: 500000n, ruleVersion: null },
    ];
    expect(brief(ledgerLinesFor(other, state('won', split)))).toEqual(['earned p1 200000 USD', 'earned p2 100000 USD']);
  });
});

// ---------- property: any sequence of stage changes, split changes and replays nets correctly ----------

const PARTNERS = ['p1', 'p2', 'p3'];
const anyState = fc
  .record({
    stage: fc.constantFrom<DealLedgerState['stage']>('won', 'won', 'open', 'lost'),
    currency: fc.constantFrom('USD', 'USD', 'USD', 'EUR'),
    ruleVersion: fc.constantFrom('2026.1', '2026.2', null),
    allocations: fc.uniqueArray(fc.record({ partnerId: fc.constantFrom(...PARTNERS), amountMinor: fc.bigInt({ min: 0n, max: 10_000_000n }) }), { selector: (a) => a.partnerId, maxLength: 3 }),
  })
  .map((s): DealLedgerState => ({ dealId: 'D1', ...s }));
/** Each state may be delivered more than once (a replay, a duplicate event). */
const anyHistory = fc.array(fc.tuple(anyState, fc.integer({ min: 1, max: 3 })), { maxLength: 25 });

describe('ledgerLinesFor — properties', () => {
  it('after every step each partner nets to its allocation when won, 0 otherwise; replays add no lines', () => {
    fc.assert(
      fc.property(anyHistory, (history) => {
        const lines: LedgerLine[] = [];
        for (const [s, times] of history) {
          lines.push(...ledgerLinesFor(lines, s));
          const count = lines.length;
          for (let i = 1; i < times; i++) lines.push(...ledgerLinesFor(lines, s));
          expect(lines.length).toBe(count);

          const net = dealNet(lines, 'D1');
          for (const partner of PARTNERS) {
            for (const currency of ['USD', 'EUR']) {
              const allocation = s.allocations.find((a) => a.partnerId === partner)?.amountMinor ?? 0n;
              const expected = s.stage === 'won' && currency === s.currency ? allocation : 0n;
              expect(net.get(`${partner}\u0000${currency}`) ?? 0n).toBe(expected);
            }
          }
          // the deal stands as won in the ledger exactly when it is won with someone on its split
          if (s.stage !== 'won') expect(isWonInLedger(lines, 'D1')).toBe(false);
          else if (s.allocations.length > 0) expect(isWonInLedger(lines, 'D1')).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('earned lines appear only when a deal reaches won, reversals only when it leaves it, adjustments never carry 0', () => {
    fc.assert(
      fc.property(anyHistory, (history) => {
        const lines: LedgerLine[] = [];
        for (const [s] of history) {
          const wasWon = isWonInLedger(lines, 'D1');
          const added = ledgerLinesFor(lines, s);
          for (const l of added) {
            if (l.kind === 'earned') expect(s.stage === 'won' && !wasWon).toBe(true);
            if (l.kind === 'reversal') expect(s.stage !== 'won' && wasWon).toBe(true);
            if (l.kind === 'adjustment') expect(l.amountMinor).not.toBe(0n);
            expect(['earned', 'reversal', 'adjustment']).toContain(l.kind);
          }
          lines.push(...added);
        }
      }),
      { numRuns: 300 },
    );
  });
});
