import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttributionPlan } from '../../domain';
import { createStore } from '../../store';
import type { Store } from '../../store/store';
import { recordCommissionLines } from './commission-lines';
import { createPayoutRun, approveLines, runStatements } from './payouts-service';

// Properties of the ledger as the worker and the payout commands keep it, on a real (in-memory) store.

type Stage = 'open' | 'won' | 'lost';
const PARTNERS = ['p1', 'p2', 'p3'];

function planOf(dealId: string, allocations: Array<[string, bigint]>, currency = 'USD'): AttributionPlan {
  return {
    dealId,
    model: 'sell_with',
    ruleVersion: '2026.1',
    override: null,
    currency,
    dealAmount: '1000.00',
    pool: { rate: '25', amount: '250.00', amountMinor: '25000', currency },
    allocations: allocations.map(([partnerId, minor]) => ({ partnerId, roles: ['selling'], weight: '100', share: '1.000000', amount: '0.00', amountMinor: minor.toString() })),
    unallocated: '0.00',
    warnings: [],
    explanation: [],
  };
}

const stateArb = fc.record({
  stage: fc.constantFrom<Stage>('open', 'won', 'lost'),
  allocations: fc.uniqueArray(fc.tuple(fc.constantFrom(...PARTNERS), fc.bigInt({ min: 0n, max: 10_000_000n })), { selector: ([p]) => p, minLength: 1, maxLength: 3 }),
  replay: fc.boolean(),
});

describe('commission ledger properties (store + worker step)', () => {
  let store: Store;
  beforeAll(async () => {
    store = await createStore({ sqlitePath: ':memory:' });
  });
  afterAll(async () => {
    await store.close();
  });

  let dealCounter = 0;
  /** One worker step: the computation-log entry and its lines in one transaction, as recompute-deals does. */
  async function step(dealId: string, stage: Stage, allocations: Array<[string, bigint]>): Promise<string> {
    const plan = planOf(dealId, allocations);
    return store.transaction(async (tx) => {
      const entry = await tx.ledger.append({ dealId, trigger: 'test', ruleVersion: '2026.1', inputs: { stage, allocations: allocations.map(([p, a]) => [p, a.toString()]) }, plan, dealStatus: stage, closeDate: '2026-11-02', allocations: [] });
      await recordCommissionLines(tx, { deal: { id: dealId, amount: '1000.00', currency: 'USD', amountInHomeCurrency: '1000.00' }, status: stage, plan }, entry.id, 'USD');
      return entry.id;
    });
  }

  it('a deal nets to its current allocation when won and to 0 otherwise, under any sequence of changes and replays', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stateArb, { minLength: 1, maxLength: 8 }), async (states) => {
        const dealId = `prop-${++dealCounter}`;
        for (const s of states) {
          const entryId = await step(dealId, s.stage, s.allocations);
          if (s.replay) {
            // The same entry handled again (a redelivered job): nothing is added.
            const before = (await store.commissionLedger.list({ dealId })).length;
            await store.transaction((tx) => recordCommissionLines(tx, { deal: { id: dealId, amount: '1000.00', currency: 'USD', amountInHomeCurrency: null }, status: s.stage, plan: planOf(dealId, s.allocations) }, entryId, 'USD'));
            expect((await store.commissionLedger.list({ dealId })).length).toBe(before);
          }
          const net = new Map<string, bigint>();
          for (const l of await store.commissionLedger.list({ dealId })) net.set(l.partnerId, (net.get(l.partnerId) ?? 0n) + l.amountMinor);
          for (const p of PARTNERS) {
            const want = s.stage === 'won' ? (s.allocations.find(([id]) => id === p)?.[1] ?? 0n) : 0n;
            expect(net.get(p) ?? 0n).toBe(want);
          }
        }
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  it('runs pay each line once, and every statement total is the sum of its lines', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(stateArb, fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 8 }), async (ops) => {
        const dealId = `run-${++dealCounter}`;
        for (const [s, approve, run] of ops) {
          await step(dealId, s.stage, s.allocations);
          if (approve) await approveLines(store, { dealId }, 'prop', new Date());
          if (run) {
            const outcome = await createPayoutRun(store, { period: '2099-12', by: 'prop', dryRun: false, now: new Date() });
            expect(outcome.ok).toBe(true);
            if (!outcome.ok || outcome.value.runId === null) continue;
            for (const st of outcome.value.statements) {
              const sum = st.lines.reduce((a, l) => a + BigInt(l.amount.replace('.', '')), 0n);
              expect(BigInt(st.total.replace('.', ''))).toBe(sum);
              expect(st.carriedForward).toBe(sum < 0n);
              const rendered = await runStatements(store, outcome.value.runId, st.partnerId);
              expect(rendered.ok).toBe(true);
              if (rendered.ok) {
                const mine = rendered.value.find((x) => x.currency === st.currency)!;
                expect(mine.total).toBe(st.total);
                expect(mine.lines.reduce((a, l) => a + BigInt(l.amount.replace('.', '')), 0n)).toBe(sum);
              }
            }
          }
        }
        const runs = await store.commissionLedger.listRuns();
        const paid = runs.flatMap((r) => r.lineIds);
        expect(new Set(paid).size).toBe(paid.length);
        // Lines carried forward are never also paid in the run that carried them.
        for (const r of runs) for (const c of r.carries) for (const id of c.lineIds) expect(r.lineIds).not.toContain(id);
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
