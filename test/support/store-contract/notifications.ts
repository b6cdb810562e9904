// Store contract: notifications sent and webhook deliveries (run on SQLite and Postgres by ./index.ts).
import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store';
import type { ContractHarness } from './harness';

export function notificationsContract(h: ContractHarness): void {
  let store: Store;
  beforeEach(() => {
    store = h.store();
  });

  describe('notifications', () => {
    const sent = { key: 'stage:1:contractsent:9:owner:5', topic: 'stage-change', channel: 'task' as const, hubspotId: '500001', recipient: '5', dealIds: ['1'], subject: 'Acme moved to Contract sent' };

    it('claims a key once, records its HubSpot id, and lets a failed send be claimed again', async () => {
      expect(await store.notifications.getSent(sent.key)).toBeNull();
      expect(await store.notifications.claim(sent, { staleAfterMs: 60_000 })).toBe(true);
      expect(await store.notifications.claim(sent, { staleAfterMs: 60_000 })).toBe(false);
      expect((await store.notifications.getSent(sent.key))?.status).toBe('sending');
      await store.notifications.release(sent.key);
      expect(await store.notifications.claim(sent, { staleAfterMs: 60_000 })).toBe(true);
      await store.notifications.markSent(sent.key, '500001');
      expect(await store.notifications.getSent(sent.key)).toMatchObject({ ...sent, hubspotId: '500001', status: 'sent', completedAt: null });
      // Sent is final: neither a claim nor a release touches it.
      await store.notifications.release(sent.key);
      expect(await store.notifications.claim(sent, { staleAfterMs: 0 })).toBe(false);
      await expect(store.notifications.markSent('nope', '1')).rejects.toThrow('no notification being sent');
    });

    it('a claim left sending past staleAfterMs can be taken over', async () => {
      expect(await store.notifications.claim(sent, { staleAfterMs: 60_000 })).toBe(true);
      h.clock().advance(30_000);
      expect(await store.notifications.claim(sent, { staleAfterMs: 60_000 })).toBe(false);
      h.clock().advance(31_000);
      expect(await store.notifications.claim(sent, { staleAfterMs: 60_000 })).toBe(true);
      expect(await store.notifications.claim(sent, { staleAfterMs: 60_000 })).toBe(false);
    });

    it('lists open notifications of a topic and completes them once', async () => {
      const conflictKey = 'conflict:deal:1|deal:2:different_partners';
      for (const n of [sent, { ...sent, key: conflictKey, topic: 'conflict', dealIds: ['1', '2'] }]) {
        await store.notifications.claim(n, { staleAfterMs: 60_000 });
        await store.notifications.markSent(n.key, '500001');
      }
      expect((await store.notifications.listOpen('conflict')).map((n) => n.dealIds)).toEqual([['1', '2']]);
      expect(await store.notifications.markCompleted('conflict:deal:1|deal:2:different_partners')).toBe(true);
      expect(await store.notifications.markCompleted('conflict:deal:1|deal:2:different_partners')).toBe(false);
      expect(await store.notifications.listOpen('conflict')).toEqual([]);
      expect((await store.notifications.getSent('conflict:deal:1|deal:2:different_partners'))?.status).toBe('completed');
    });

    it('creates one delivery per event and partner, records attempts and lists newest first', async () => {
      const d = { eventKey: 'stage:1:contractsent:9', eventType: 'deal.stage_changed', partnerId: '11', url: 'https://hooks.partner.example/x', body: '{"a":1}' };
      const first = await store.notifications.createDelivery(d);
      const again = await store.notifications.createDelivery({ ...d, body: '{"a":2}' });
      expect(first.created).toBe(true);
      expect(again).toEqual({ delivery: first.delivery, created: false });
      expect(first.delivery).toMatchObject({ status: 'pending', attempts: 0, body: '{"a":1}' });
      const retry = await store.notifications.recordAttempt(first.delivery.id, { status: 'pending', httpStatus: 503, error: 'HTTP 503', nextAttemptAt: '2030-01-01T00:00:00.000Z' });
      expect(retry).toMatchObject({ attempts: 1, lastStatus: 503, lastError: 'HTTP 503', nextAttemptAt: '2030-01-01T00:00:00.000Z', deliveredAt: null });
      const done = await store.notifications.recordAttempt(first.delivery.id, { status: 'delivered', httpStatus: 200, error: null, nextAttemptAt: null });
      expect(done.attempts).toBe(2);
      expect(done.deliveredAt).not.toBeNull();
      const other = await store.notifications.createDelivery({ ...d, partnerId: '12' });
      expect((await store.notifications.listDeliveries()).map((x) => x.id)).toEqual([other.delivery.id, first.delivery.id]);
      expect((await store.notifications.listDeliveries({ partnerId: '11' })).map((x) => x.status)).toEqual(['delivered']);
      expect(await store.notifications.getDelivery('999999')).toBeNull();
      await expect(store.notifications.recordAttempt('999999', { status: 'failed', httpStatus: null, error: 'x', nextAttemptAt: null })).rejects.toThrow('no such webhook delivery');
    });
  });
}
