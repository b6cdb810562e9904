// Store contract: ledger (run on SQLite and Postgres by ./index.ts).
import { beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KyselyStore } from '../../../src/store/kysely-store';
import type { StoreError } from '../../../src/store/store-error';
import type { Store } from '../../../src/store/store';
import type { ContractHarness, TestClock } from './harness';
import { rejection } from './harness';

export function ledgerContract(h: ContractHarness): void {
  let store: Store;
  let clock: TestClock;
  beforeEach(() => {
    store = h.store();
    clock = h.clock();
  });
  const open = h.open;
  const capabilities = h.capabilities;

  describe('ledger', () => {
    const entry = (dealId: string, partners: Array<[string, bigint]>, over: Partial<Parameters<Store['ledger']['append']>[0]> = {}) => ({
      dealId,
      trigger: 'webhook',
      ruleVersion: 'v1',
      inputs: { amountMinor: 100000n },
      plan: { writes: [] },
      dealStatus: 'won' as const,
      closeDate: '2026-02-10',
      allocations: partners.map(([partnerId, amountMinor]) => ({ partnerId, amountMinor, currency: 'EUR' })),
      ...over,
    });

    it('appends every computation and returns the latest', async () => {
      const a = await store.ledger.append(entry('d1', [['p1', 100n], ['p2', 200n]], { dealStatus: 'open', closeDate: null }));
      clock.advance(1000);
      const b = await store.ledger.append(entry('d1', [['p1', 150n]], { trigger: 'reconcile', closeDate: '2026-02-10T17:00:00Z' }));
      expect(b).toMatchObject({ dealId: 'd1', trigger: 'reconcile', closeDate: '2026-02-10', computedAt: clock.now().toISOString() });
      expect(await store.ledger.latestForDeal('d1')).toEqual(b);
      const all = await store.ledger.listForDeal('d1');
      expect(all).toEqual([a, b]);
      expect(all[0]?.allocations).toEqual([
        { partnerId: 'p1', amountMinor: 100n, currency: 'EUR' },
        { partnerId: 'p2', amountMinor: 200n, currency: 'EUR' },
      ]);
      expect(all[0]?.inputs).toEqual({ amountMinor: 100000n });
      expect(await store.ledger.latestForDeal('nope')).toBeNull();
    });

    it('sums a partner\'s latest entries exactly beyond 2^63, per currency and status, inside the period', async () => {
      const huge = 2n ** 62n + 7n;
      await store.ledger.append(entry('d1', [['p1', 1n]])); // superseded below: must not count
      await store.ledger.append(entry('d1', [['p1', huge], ['p2', 5n]]));
      await store.ledger.append(entry('d2', [['p1', huge]]));
      await store.ledger.append(entry('d3', [['p1', 2n ** 53n + 1n]], { dealStatus: 'open', closeDate: '2026-02-20' }));
      await store.ledger.append(entry('d4', [['p1', 9n]], { dealStatus: 'lost', closeDate: '2026-02-21' }));
      await store.ledger.append({ ...entry('d5', []), allocations: [{ partnerId: 'p1', amountMinor: 300n, currency: 'USD' }] });
      await store.ledger.append(entry('d6', [['p1', 1000n]], { closeDate: '2026-03-01' })); // outside [from, to)
      // No close date: the computation date (2026-03-02) decides the period.
      await store.ledger.append(entry('d7', [['p1', 11n]], { dealStatus: 'open', closeDate: null }));

      const feb = await store.ledger.partnerTotals('p1', '2026-02-01', '2026-03-01');
      expect(feb.byCurrency).toEqual([
        { currency: 'EUR', openMinor: 2n ** 53n + 1n, wonMinor: 2n * huge, lostMinor: 9n, deals: { open: 1, won: 2, lost: 1 } },
        { currency: 'USD', openMinor: 0n, wonMinor: 300n, lostMinor: 0n, deals: { open: 0, won: 1, lost: 0 } },
      ]);
      expect(2n * huge > 2n ** 63n).toBe(true);
      expect(feb.lines.map((l) => l.dealId)).toEqual(['d1', 'd2', 'd5', 'd3', 'd4']);

      const march = await store.ledger.partnerTotals('p1', '2026-03-01', '2026-04-01');
      expect(march.lines.map((l) => [l.dealId, l.amountMinor])).toEqual([['d6', 1000n], ['d7', 11n]]);
      expect((await store.ledger.partnerTotals('p2', '2026-01-01', '2027-01-01')).byCurrency[0]?.wonMinor).toBe(5n);
      expect(await store.ledger.partnerTotals('nobody', '2026-01-01', '2027-01-01')).toEqual({
        partnerId: 'nobody', from: '2026-01-01', to: '2027-01-01', byCurrency: [], lines: [],
      });
    });

    it('equals the bigint sum of arbitrary amounts (property)', async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(fc.bigInt({ min: 0n, max: 2n ** 80n }), { minLength: 1, maxLength: 6 }), async (amounts) => {
          run += 1;
          const partner = `prop-${run}`;
          for (const [i, amount] of amounts.entries()) await store.ledger.append(entry(`prop-${run}-${i}`, [[partner, amount]]));
          const totals = await store.ledger.partnerTotals(partner, '2026-01-01', '2027-01-01');
          expect(totals.byCurrency[0]?.wonMinor).toBe(amounts.reduce((a, b) => a + b, 0n));
        }),
        { numRuns: 15 },
      );
    });

    it('appendIfChanged records a computation once, however many callers append it at once', async () => {
      const e = entry('dup', [['p1', 100n]], { inputs: { amountMinor: 100000n, b: 1, a: 2 } });
      // Postgres: three pools racing. SQLite: one handle, whose calls still interleave between the
      // read of the latest entry and the insert (better-sqlite3 waits for a file lock synchronously,
      // so two handles in ONE process would stall each other's open transactions; instances on
      // SQLite are separate processes).
      const stores = capabilities.shared && store.dialect === 'postgres' ? [store, await open(), await open()] : [store];
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => stores[i % stores.length]!.ledger.appendIfChanged({ ...e, trigger: `t${i}` })));
      expect(results.filter((r) => r !== null).length).toBe(1);
      // Same computation, keys in another order: still the same.
      expect(await store.ledger.appendIfChanged({ ...e, inputs: { a: 2, b: 1, amountMinor: 100000n } })).toBeNull();
      const changed = await store.ledger.appendIfChanged({ ...e, allocations: [], plan: { writes: ['x'] } });
      expect(changed).not.toBeNull();
      // Back to the first result: recorded again, because it follows a different entry.
      expect(await store.ledger.appendIfChanged(e)).not.toBeNull();
      expect((await store.ledger.listForDeal('dup')).map((x) => (x.plan as { writes: string[] }).writes.length)).toEqual([0, 1, 0]);
    });

    it('cannot hold two entries after the same one (unique deal + predecessor)', async () => {
      const first = await store.ledger.append(entry('chain', [['p1', 1n]]));
      if (!(store instanceof KyselyStore)) throw new Error('contract expects the Kysely store');
      const row = { deal_id: 'chain', trigger: 't', rule_version: 'v1', inputs: '{}', plan: '{}', deal_status: 'won', close_date: null, period_date: '2026-02-10', computed_at: clock.now().toISOString(), entry_hash: null };
      await store.db.insertInto('ledger_entries').values({ ...row, prev_entry_id: first.id }).execute();
      await expect(store.db.insertInto('ledger_entries').values({ ...row, prev_entry_id: first.id }).execute()).rejects.toThrow(/unique|duplicate/i);
    });

    it('refuses a float amount or a bad date, naming the field, and stores nothing', async () => {
      const float = await rejection(
        store.ledger.append({ ...entry('d1', []), allocations: [{ partnerId: 'p1', amountMinor: 10.5 as unknown as bigint, currency: 'EUR' }] }),
      );
      expect((float as StoreError).field).toBe('allocations[0].amountMinor');
      const date = await rejection(store.ledger.append(entry('d1', [['p1', 1n]], { closeDate: '2026-13-45' })));
      expect((date as StoreError).field).toBe('closeDate');
      const period = await rejection(store.ledger.partnerTotals('p1', 'March', '2026-04-01'));
      expect((period as StoreError).field).toBe('from');
      expect(await store.ledger.listForDeal('d1')).toEqual([]);
    });
  });
}
