// Store contract: deal plans (run on SQLite and Postgres by ./index.ts).
import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../../src/store/store-error';
import type { StoreError } from '../../../src/store/store-error';
import type { Store } from '../../../src/store/store';
import type { ContractHarness, TestClock } from './harness';
import { rejection } from './harness';

export function dealPlansContract(h: ContractHarness): void {
  let store: Store;
  let clock: TestClock;
  beforeEach(() => {
    store = h.store();
    clock = h.clock();
  });

  describe('deal plans', () => {
    it('upserts with a revision and detects concurrent edits', async () => {
      expect(await store.dealPlans.get('42')).toBeNull();
      const plan = { relationshipOwner: 'partner:7', stageLeads: { discovery: 'us' }, commitments: [{ partnerId: '7', responseSlaHours: 24 }] };
      const first = await store.dealPlans.put('42', plan, 'user:1', { expectedRevision: 0 });
      expect(first).toMatchObject({ dealId: '42', plan, revision: 1, updatedBy: 'user:1' });
      clock.advance(5000);
      const second = await store.dealPlans.put('42', { ...plan, relationshipOwner: 'us' }, 'user:2');
      expect(second).toMatchObject({ revision: 2, updatedBy: 'user:2', createdAt: first.createdAt, updatedAt: clock.now().toISOString() });

      const stale = await rejection(store.dealPlans.put('42', plan, 'user:3', { expectedRevision: 1 }));
      expect(stale).toBeInstanceOf(ConflictError);
      expect((stale as StoreError).field).toBe('revision');
      expect(await rejection(store.dealPlans.put('42', plan, 'user:3', { expectedRevision: 0 }))).toBeInstanceOf(ConflictError);
      expect((await store.dealPlans.get('42'))?.plan).toEqual({ ...plan, relationshipOwner: 'us' });

      const third = await store.dealPlans.put('42', plan, 'user:3', { expectedRevision: 2 });
      expect(third.revision).toBe(3);
    });

    it('round-trips bigint values inside JSON exactly', async () => {
      const plan = { expected: { amountMinor: 2n ** 64n + 1n }, list: [1n, -3n], text: 'x' };
      await store.dealPlans.put('7', plan, 'u');
      expect((await store.dealPlans.get('7'))?.plan).toEqual(plan);
    });

    it('reads the plans of many deals at once, leaving out deals without one', async () => {
      await store.dealPlans.put('1', { n: 1 }, 'u');
      await store.dealPlans.put('3', { n: 3 }, 'u');
      expect(await store.dealPlans.getMany([])).toEqual([]);
      const rows = await store.dealPlans.getMany(['3', '2', '1', '3']);
      expect(rows.map((r) => [r.dealId, r.plan]).sort()).toEqual([
        ['1', { n: 1 }],
        ['3', { n: 3 }],
      ]);
    });
  });
}
