// Store contract: touchpoints (run on SQLite and Postgres by ./index.ts).
import { beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../src/store/store-error';
import type { StoreError } from '../../../src/store/store-error';
import type { Store } from '../../../src/store/store';
import type { ContractHarness, TestClock } from './harness';
import { rejection } from './harness';

export function touchpointsContract(h: ContractHarness): void {
  let store: Store;
  let clock: TestClock;
  beforeEach(() => {
    store = h.store();
    clock = h.clock();
  });

  describe('touchpoints', () => {
    it('adds, lists by deal and by partner in time order, and records the note id', async () => {
      const later = await store.touchpoints.add({
        dealId: 'd1', partnerId: 'p1', kind: 'demo', occurredAt: '2026-03-01T15:00:00Z', summary: 'Demo', loggedBy: 'user:1',
      });
      const earlier = await store.touchpoints.add({
        dealId: 'd1', partnerId: 'p2', kind: 'intro', occurredAt: new Date('2026-02-01T10:00:00Z'), summary: 'Intro', loggedBy: 'user:1',
      });
      await store.touchpoints.add({ dealId: 'd2', partnerId: 'p1', kind: 'poc', occurredAt: '2026-02-15T10:00:00Z', summary: 'POC', loggedBy: 'user:2' });
      expect(later).toMatchObject({ occurredAt: '2026-03-01T15:00:00.000Z', noteId: null, createdAt: clock.now().toISOString() });

      expect((await store.touchpoints.listByDeal('d1')).map((t) => t.id)).toEqual([earlier.id, later.id]);
      expect((await store.touchpoints.listByPartner('p1')).map((t) => t.dealId)).toEqual(['d2', 'd1']);

      await store.touchpoints.setNoteId(later.id, 'note-9');
      expect((await store.touchpoints.get(later.id))?.noteId).toBe('note-9');
      const missing = await rejection(store.touchpoints.setNoteId('12345', 'n'));
      expect(missing).toBeInstanceOf(NotFoundError);
    });

    it('names the field of a bad kind or timestamp and stores nothing', async () => {
      const base = { dealId: 'd1', partnerId: 'p1', summary: 's', loggedBy: 'u' };
      const badKind = await rejection(store.touchpoints.add({ ...base, kind: 'lunch' as 'demo', occurredAt: '2026-03-01T00:00:00Z' }));
      expect((badKind as StoreError).field).toBe('kind');
      const badTime = await rejection(store.touchpoints.add({ ...base, kind: 'email', occurredAt: 'yesterday-ish' }));
      expect((badTime as StoreError).field).toBe('occurredAt');
      expect(await store.touchpoints.listByDeal('d1')).toEqual([]);
    });
  });
}
