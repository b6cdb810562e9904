// Store contract: transactions (run on SQLite and Postgres by ./index.ts).
import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store';
import type { ContractHarness } from './harness';
import { event, rejection } from './harness';

export function transactionsContract(h: ContractHarness): void {
  let store: Store;
  beforeEach(() => {
    store = h.store();
  });

  describe('transactions', () => {
    it('rolls back every repository on a throw', async () => {
      const boom = new Error('boom');
      const err = await rejection(
        store.transaction(async (tx) => {
          await tx.ruleSets.createDraft({ ruleSet: { version: 'tx' }, createdBy: 'u' });
          await tx.inbox.enqueue([event('tx-1'), event('tx-2')]);
          await tx.ledger.append({
            dealId: 'd1', trigger: 'card', ruleVersion: 'v1', inputs: {}, plan: {}, dealStatus: 'open', closeDate: null,
            allocations: [{ partnerId: 'p1', amountMinor: 1n, currency: 'EUR' }],
          });
          await tx.dealPlans.put('d1', {}, 'u');
          await tx.audit.record({ actor: 'u', action: 'a', entityType: 'deal', entityId: 'd1' });
          await tx.cursors.set('c', 'v');
          await tx.transaction(async (inner) => inner.registrations.create({ dealId: 'd1', snapshot: {}, registeredBy: 'u' }));
          expect(await tx.inbox.stats()).toMatchObject({ pending: 2 });
          throw boom;
        }),
      );
      expect(err).toBe(boom);
      expect(await store.ruleSets.listDrafts()).toEqual([]);
      expect(await store.inbox.stats()).toEqual({ pending: 0, leased: 0, done: 0, dead: 0 });
      expect(await store.ledger.listForDeal('d1')).toEqual([]);
      expect(await store.dealPlans.get('d1')).toBeNull();
      expect(await store.audit.list()).toEqual([]);
      expect(await store.cursors.get('c')).toBeNull();
      expect(await store.registrations.latestForDeal('d1')).toBeNull();
      // The dedupe keys were rolled back too, so the same events can come in again.
      expect(await store.inbox.enqueue([event('tx-1')])).toEqual({ inserted: 1, duplicates: 0 });
    });

    it('commits and returns the callback result', async () => {
      const result = await store.transaction(async (tx) => {
        await tx.cursors.set('c', 'committed');
        return 'ok';
      });
      expect(result).toBe('ok');
      expect(await store.cursors.get('c')).toBe('committed');
    });
  });
}
