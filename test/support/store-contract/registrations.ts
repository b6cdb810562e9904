// Store contract: registrations (run on SQLite and Postgres by ./index.ts).
import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../../src/store/store-error';
import { NotFoundError } from '../../../src/store/store-error';
import type { StoreError } from '../../../src/store/store-error';
import type { Store } from '../../../src/store/store';
import type { ContractHarness, TestClock } from './harness';
import { rejection } from './harness';

export function registrationsContract(h: ContractHarness): void {
  let store: Store;
  let clock: TestClock;
  beforeEach(() => {
    store = h.store();
    clock = h.clock();
  });

  describe('registrations', () => {
    it('keeps the snapshot, supersedes on re-registering, and closes', async () => {
      const snapshot = { partners: [{ partnerId: 'p1', roles: ['sourcing'], expectedContribution: 'intro' }], split: { p1: 1000n } };
      const first = await store.registrations.create({ dealId: 'd1', snapshot, registeredBy: 'user:1' });
      expect(first).toMatchObject({ dealId: 'd1', snapshot, status: 'open', registeredAt: clock.now().toISOString(), supersededBy: null });
      await store.registrations.create({ dealId: 'd2', snapshot: {}, registeredBy: 'user:2', registeredAt: '2026-01-01T00:00:00Z' });
      clock.advance(60_000);
      const second = await store.registrations.create({ dealId: 'd1', snapshot: { partners: [] }, registeredBy: 'user:1' });

      expect(await store.registrations.latestForDeal('d1')).toEqual(second);
      const history = await store.registrations.listForDeal('d1');
      expect(history.map((r) => [r.id, r.status, r.supersededBy])).toEqual([
        [first.id, 'superseded', second.id],
        [second.id, 'open', null],
      ]);
      expect((await store.registrations.listOpen()).map((r) => r.dealId)).toEqual(['d2', 'd1']);

      await store.registrations.close('d1');
      const closed = await store.registrations.latestForDeal('d1');
      expect(closed).toMatchObject({ status: 'closed', closedAt: clock.now().toISOString() });
      expect((await store.registrations.listOpen()).map((r) => r.dealId)).toEqual(['d2']);
      expect(await store.registrations.latestForDeal('none')).toBeNull();
    });

    it('expires at read time, renews, and withdraws with a reason (withdrawn and expired ones are not open)', async () => {
      const reg = await store.registrations.create({ dealId: 'd1', snapshot: {}, registeredBy: 'u1', expiresAt: '2026-03-03T09:00:00.000Z' });
      // Without an expiry the default term applies (90 days).
      const other = await store.registrations.create({ dealId: 'd2', snapshot: {}, registeredBy: 'u1' });
      expect(other.expiresAt).toBe('2026-05-31T09:00:00.000Z');
      expect(reg.expiresAt).toBe('2026-03-03T09:00:00.000Z');
      expect((await store.registrations.listOpen()).map((r) => r.dealId)).toEqual(['d1', 'd2']);
      clock.advance(24 * 3600_000);
      expect((await store.registrations.listOpen()).map((r) => r.dealId)).toEqual(['d2']);
      expect((await store.registrations.listOpen({ at: '2026-03-03T08:59:59.000Z' })).map((r) => r.dealId)).toEqual(['d1', 'd2']);

      const renewed = await store.registrations.renew(reg.id, { by: 'u2', expiresAt: '2026-06-01T09:00:00.000Z' });
      expect(renewed).toMatchObject({ status: 'open', expiresAt: '2026-06-01T09:00:00.000Z', renewedBy: 'u2', renewedAt: clock.now().toISOString() });
      expect((await store.registrations.listOpen()).map((r) => r.dealId)).toEqual(['d1', 'd2']);

      const withdrawn = await store.registrations.withdraw(reg.id, { by: 'u3', reason: 'customer chose another reseller' });
      expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawnBy: 'u3', withdrawReason: 'customer chose another reseller', withdrawnAt: clock.now().toISOString() });
      expect(await store.registrations.get(reg.id)).toEqual(withdrawn);
      expect((await store.registrations.listOpen()).map((r) => r.dealId)).toEqual(['d2']);

      const again = await rejection(store.registrations.withdraw(reg.id, { by: 'u3', reason: 'x' }));
      expect(again).toBeInstanceOf(ConflictError);
      expect((again as StoreError).message).toMatch(/withdrawn, not open/);
      expect(await rejection(store.registrations.renew(reg.id, { by: 'u3', expiresAt: '2027-01-01T00:00:00Z' }))).toBeInstanceOf(ConflictError);
      const missing = await rejection(store.registrations.withdraw('999', { by: 'u3', reason: 'x' }));
      expect(missing).toBeInstanceOf(NotFoundError);
      expect((missing as StoreError).field).toBe('registrationId');
      expect((await rejection(store.registrations.withdraw(other.id, { by: 'u3', reason: '' })) as StoreError).field).toBe('reason');
    });
  });
}
