// Store contract: the commission ledger, approvals and payout runs (run on SQLite and Postgres by ./index.ts).
import { beforeEach, describe, expect, it } from 'vitest';
import type { NewCommissionLine, Store } from '../../../src/store/store';
import type { ContractHarness, TestClock } from './harness';
import { rejection } from './harness';

export function commissionLedgerContract(h: ContractHarness): void {
  let store: Store;
  let clock: TestClock;
  beforeEach(() => {
    store = h.store();
    clock = h.clock();
  });

  const line = (key: string, over: Partial<NewCommissionLine> = {}): NewCommissionLine => ({
    key,
    dealId: 'd1',
    partnerId: 'p1',
    kind: 'earned',
    amountMinor: 1000n,
    currency: 'EUR',
    homeAmountMinor: 1085n,
    homeCurrency: 'USD',
    ruleVersion: 'v1',
    sourceEntryId: null,
    ...over,
  });

  describe('commission ledger', () => {
    it('appends lines with exact amounts beyond 2^63 and lists them open, in order', async () => {
      const huge = -(2n ** 63n) - 5n;
      const added = await store.commissionLedger.append([line('a'), line('b', { partnerId: 'p2', kind: 'reversal', amountMinor: huge, homeAmountMinor: null, homeCurrency: null })]);
      expect(added.map((l) => l.key)).toEqual(['a', 'b']);
      expect(added[1]).toMatchObject({ amountMinor: huge, homeAmountMinor: null, status: 'open', runId: null, paidAt: null, createdAt: clock.now().toISOString() });
      expect(await store.commissionLedger.list()).toEqual(added);
      expect((await store.commissionLedger.list({ partnerId: 'p2' })).map((l) => l.key)).toEqual(['b']);
      expect(await store.commissionLedger.list({ dealId: 'other' })).toEqual([]);
    });

    it('adds nothing for a key already stored (a replay, a second worker)', async () => {
      await store.commissionLedger.append([line('k1')]);
      const again = await store.commissionLedger.append([line('k1', { amountMinor: 5n }), line('k2')]);
      expect(again.map((l) => l.key)).toEqual(['k2']);
      const all = await store.commissionLedger.list();
      expect(all.map((l) => [l.key, l.amountMinor])).toEqual([['k1', 1000n], ['k2', 1000n]]);
    });

    it('refuses a float amount or a bad currency, naming the field, and stores nothing', async () => {
      const err = await rejection(store.commissionLedger.append([line('ok'), { ...line('bad'), amountMinor: 1.5 as unknown as bigint }]));
      expect(err).toMatchObject({ field: 'lines[1].amountMinor' });
      expect(await rejection(store.commissionLedger.append([line('c', { currency: 'eur' })]))).toMatchObject({ field: 'lines[0].currency' });
      expect(await store.commissionLedger.list()).toEqual([]);
    });

    it('approves open lines by deal, partner or all, once, recording who', async () => {
      await store.commissionLedger.append([line('a'), line('b', { dealId: 'd2' }), line('c', { partnerId: 'p2', dealId: 'd2' })]);
      const byDeal = await store.commissionLedger.approve({ dealId: 'd2', partnerId: 'p1' }, 'ops@example.com');
      expect(byDeal.map((l) => [l.key, l.status, l.approvedBy])).toEqual([['b', 'approved', 'ops@example.com']]);
      clock.advance(1000);
      const rest = await store.commissionLedger.approve({}, 'lead@example.com');
      expect(rest.map((l) => l.key)).toEqual(['a', 'c']);
      expect(await store.commissionLedger.approve({}, 'lead@example.com')).toEqual([]);
      const b = (await store.commissionLedger.list({ dealId: 'd2', partnerId: 'p1' }))[0];
      expect(b).toMatchObject({ approvedBy: 'ops@example.com', status: 'approved' });
      expect(await store.commissionLedger.list({ status: 'open' })).toEqual([]);
    });

    it('pays a line in one run at most: a second run with it is refused and records nothing', async () => {
      const [a, b] = await store.commissionLedger.append([line('a'), line('b', { partnerId: 'p2', amountMinor: -3000n })]);
      await store.commissionLedger.approve({}, 'ops');
      expect((await store.commissionLedger.list({ payable: true })).map((l) => l.key)).toEqual(['a', 'b']);
      const run = await store.commissionLedger.createRun({
        period: '2026-Q4',
        createdBy: 'ops',
        lineIds: [a!.id],
        carries: [{ partnerId: 'p2', currency: 'EUR', amountMinor: -3000n, lineIds: [b!.id] }],
      });
      expect(run).toMatchObject({ period: '2026-Q4', createdBy: 'ops', paidAt: null, lineIds: [a!.id], carries: [{ partnerId: 'p2', amountMinor: -3000n, lineIds: [b!.id] }] });
      expect((await store.commissionLedger.list({ payable: true })).map((l) => l.key)).toEqual(['b']);
      expect((await store.commissionLedger.list({ runId: run.id })).map((l) => [l.key, l.status, l.runId])).toEqual([['a', 'approved', run.id]]);

      const twice = await rejection(store.commissionLedger.createRun({ period: '2026-Q4', createdBy: 'ops', lineIds: [b!.id, a!.id], carries: [] }));
      expect(twice).toMatchObject({ code: 'conflict', field: 'lineIds' });
      expect((await store.commissionLedger.listRuns()).map((r) => r.id)).toEqual([run.id]);
      expect((await store.commissionLedger.list({ payable: true })).map((l) => l.key)).toEqual(['b']);
    });

    it('refuses a run with a line that is not approved', async () => {
      const [a] = await store.commissionLedger.append([line('a')]);
      expect(await rejection(store.commissionLedger.createRun({ period: '2026-11', createdBy: 'ops', lineIds: [a!.id], carries: [] }))).toMatchObject({ code: 'conflict', field: 'lineIds' });
      expect(await rejection(store.commissionLedger.createRun({ period: '2026-13', createdBy: 'ops', lineIds: [], carries: [] }))).toMatchObject({ field: 'period' });
      expect(await store.commissionLedger.listRuns()).toEqual([]);
    });

    it('marks a run paid once: its lines read paid, the first time is kept', async () => {
      const [a] = await store.commissionLedger.append([line('a')]);
      await store.commissionLedger.approve({}, 'ops');
      const run = await store.commissionLedger.createRun({ period: '2026-11', createdBy: 'ops', lineIds: [a!.id], carries: [] });
      clock.advance(60_000);
      const paid = await store.commissionLedger.markRunPaid(run.id, 'finance');
      expect(paid).toMatchObject({ paidAt: clock.now().toISOString(), paidBy: 'finance' });
      clock.advance(60_000);
      expect((await store.commissionLedger.markRunPaid(run.id, 'someone else')).paidAt).toBe(paid.paidAt);
      expect((await store.commissionLedger.get([a!.id]))[0]).toMatchObject({ status: 'paid', paidAt: paid.paidAt, runId: run.id });
      expect(await store.commissionLedger.list({ status: 'paid' })).toHaveLength(1);
      expect(await rejection(store.commissionLedger.markRunPaid('999', 'x'))).toMatchObject({ code: 'not_found', field: 'runId' });
    });

    it('rolls lines back with the transaction they were appended in', async () => {
      await rejection(
        store.transaction(async (tx) => {
          await tx.commissionLedger.append([line('a')]);
          throw new Error('boom');
        }),
      );
      expect(await store.commissionLedger.list()).toEqual([]);
    });

    it('reads the computation-log entries lines came from', async () => {
      const entry = await store.ledger.append({
        dealId: 'd1',
        trigger: 'webhook',
        ruleVersion: 'v3',
        inputs: { x: 1 },
        plan: { pool: { rate: '10' } },
        dealStatus: 'won',
        closeDate: '2026-11-03',
        allocations: [],
      });
      const map = await store.commissionLedger.sourceEntries([entry.id, '12345']);
      expect([...map.keys()]).toEqual([entry.id]);
      expect(map.get(entry.id)).toEqual({ plan: { pool: { rate: '10' } }, inputs: { x: 1 }, closeDate: '2026-11-03', ruleVersion: 'v3' });
    });

    it('two stores appending and running at once: each line stored once, paid once', async () => {
      if (!h.capabilities.concurrentWriters) return;
      const other = await h.open();
      const lines = Array.from({ length: 30 }, (_, i) => line(`k${i}`, { partnerId: `p${i % 3}` }));
      await Promise.all([store.commissionLedger.append(lines), other.commissionLedger.append([...lines].reverse())]);
      expect(await store.commissionLedger.list()).toHaveLength(30);
      await Promise.all([store.commissionLedger.approve({}, 'a'), other.commissionLedger.approve({}, 'b')]);
      const ids = (await store.commissionLedger.list({ payable: true })).map((l) => l.id);
      const results = await Promise.allSettled([
        store.commissionLedger.createRun({ period: '2026-Q4', createdBy: 'a', lineIds: ids, carries: [] }),
        other.commissionLedger.createRun({ period: '2026-Q4', createdBy: 'b', lineIds: ids, carries: [] }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const runs = await store.commissionLedger.listRuns();
      expect(runs).toHaveLength(1);
      expect(runs[0]!.lineIds).toHaveLength(30);
    });
  });
}
