// Store contract: inbox (run on SQLite and Postgres by ./index.ts).
import { beforeEach, describe, expect, it } from 'vitest';
import type { StoreError } from '../../../src/store/store-error';
import type { Store } from '../../../src/store/store';
import type { ContractHarness, TestClock } from './harness';
import { event, ids, rejection } from './harness';

export function inboxContract(h: ContractHarness): void {
  let store: Store;
  let clock: TestClock;
  beforeEach(() => {
    store = h.store();
    clock = h.clock();
  });
  const open = h.open;
  const capabilities = h.capabilities;

  describe('inbox', () => {
    it('deduplicates on dedupeKey within one call, across calls and after completion', async () => {
      expect(await store.inbox.enqueue([event('a'), event('b'), event('a')])).toEqual({ inserted: 2, duplicates: 1 });
      expect(await store.inbox.enqueue([event('b'), event('c')])).toEqual({ inserted: 1, duplicates: 1 });
      const claimed = await store.inbox.claim({ workerId: 'w1', limit: 10, leaseMs: 30_000 });
      expect(await store.inbox.complete(ids(claimed), 'w1')).toBe(3);
      expect(await store.inbox.enqueue([event('a'), event('c')])).toEqual({ inserted: 0, duplicates: 2 });
      expect(await store.inbox.enqueue([])).toEqual({ inserted: 0, duplicates: 0 });
      expect(await store.inbox.stats()).toEqual({ pending: 0, leased: 0, done: 3, dead: 0 });
    });

    it('enqueues all or nothing: a bad item names its field and stores none of the batch', async () => {
      const err = await rejection(store.inbox.enqueue([event('ok'), { ...event('bad'), occurredAt: 'not a time' }]));
      expect((err as StoreError).field).toBe('items[1].occurredAt');
      expect(await store.inbox.stats()).toEqual({ pending: 0, leased: 0, done: 0, dead: 0 });
    });

    it('enqueues a large batch in one call', async () => {
      const batch = Array.from({ length: 1200 }, (_, i) => event(`bulk-${i}`, `deal:${i % 7}`));
      expect(await store.inbox.enqueue(batch)).toEqual({ inserted: 1200, duplicates: 0 });
      expect((await store.inbox.stats()).pending).toBe(1200);
    });

    it('leases items: two workers never get the same item, oldest first, limit respected', async () => {
      await store.inbox.enqueue([
        event('late', 'deal:1', { availableAt: '2026-03-02T08:30:00Z' }),
        event('early', 'deal:2', { availableAt: '2026-03-02T08:00:00Z' }),
        event('mid', 'deal:3', { availableAt: '2026-03-02T08:15:00Z' }),
      ]);
      const w1 = await store.inbox.claim({ workerId: 'w1', limit: 2, leaseMs: 30_000 });
      expect(w1.map((i) => i.dedupeKey)).toEqual(['early', 'mid']);
      expect(w1[0]).toMatchObject({ status: 'leased', leaseOwner: 'w1', claims: 1, attempts: 0, leaseExpiresAt: new Date(clock.now().getTime() + 30_000).toISOString() });
      const w2 = await store.inbox.claim({ workerId: 'w2', limit: 5, leaseMs: 30_000 });
      expect(w2.map((i) => i.dedupeKey)).toEqual(['late']);
      expect(await store.inbox.claim({ workerId: 'w3', limit: 5, leaseMs: 30_000 })).toEqual([]);
      expect(await store.inbox.stats()).toEqual({ pending: 0, leased: 3, done: 0, dead: 0 });
    });

    it('passes over items of a deal another holder has locked, without counting a claim', async () => {
      await store.inbox.enqueue([event('busy', 'deal:7'), event('free', 'deal:8')]);
      expect(await store.locks.tryAcquire('deal:7', 'w1', 10_000)).toBe(true);
      const w2 = await store.inbox.claim({ workerId: 'w2', limit: 5, leaseMs: 30_000 });
      expect(w2.map((i) => i.dedupeKey)).toEqual(['free']);
      // The holder itself may claim it; others once the lock is released or has expired.
      clock.advance(10_000);
      const later = await store.inbox.claim({ workerId: 'w3', limit: 5, leaseMs: 30_000 });
      expect(later).toMatchObject([{ dedupeKey: 'busy', claims: 1 }]);
    });

    it('never hands one item to two concurrent claimers', async () => {
      await store.inbox.enqueue(Array.from({ length: 60 }, (_, i) => event(`c-${i}`)));
      const stores = capabilities.shared ? [store, await open(), await open()] : [store];
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => stores[i % stores.length]!.inbox.claim({ workerId: `w${i}`, limit: 15, leaseMs: 60_000 })),
      );
      const all = results.flat().map((i) => i.id);
      expect(all.length).toBe(60);
      expect(new Set(all).size).toBe(60);
    });

    it('gives an expired lease to the next claimer; the old worker can no longer finish it', async () => {
      await store.inbox.enqueue([event('x')]);
      const [item] = await store.inbox.claim({ workerId: 'crashed', limit: 1, leaseMs: 10_000 });
      clock.advance(9_999);
      expect(await store.inbox.claim({ workerId: 'w2', limit: 1, leaseMs: 10_000 })).toEqual([]);
      clock.advance(1);
      const [again] = await store.inbox.claim({ workerId: 'w2', limit: 1, leaseMs: 10_000 });
      expect(again).toMatchObject({ id: item!.id, leaseOwner: 'w2', claims: 2 });
      expect(await store.inbox.complete([item!.id], 'crashed')).toBe(0);
      expect(await store.inbox.retryLater(item!.id, 'crashed', 'late', clock.now())).toBe(false);
      expect(await store.inbox.deadLetter(item!.id, 'crashed', 'late')).toBe(false);
      expect(await store.inbox.complete([item!.id], 'w2')).toBe(1);
    });

    it('merges expired leases and pending items in availableAt order within the limit', async () => {
      await store.inbox.enqueue([
        event('a', 'deal:1', { availableAt: '2026-03-02T08:00:00Z' }),
        event('b', 'deal:1', { availableAt: '2026-03-02T08:10:00Z' }),
      ]);
      await store.inbox.claim({ workerId: 'crashed', limit: 2, leaseMs: 1000 });
      await store.inbox.enqueue([
        event('c', 'deal:1', { availableAt: '2026-03-02T08:05:00Z' }),
        event('d', 'deal:1', { availableAt: '2026-03-02T08:20:00Z' }),
        event('e', 'deal:1', { availableAt: '2026-03-02T08:30:00Z' }),
      ]);
      clock.advance(1000);
      const claimed = await store.inbox.claim({ workerId: 'w2', limit: 4, leaseMs: 1000 });
      expect(claimed.map((i) => i.dedupeKey)).toEqual(['a', 'c', 'b', 'd']);
      expect(claimed.every((i) => i.leaseOwner === 'w2')).toBe(true);
    });

    it('never returns completed items, even after their lease would have expired', async () => {
      await store.inbox.enqueue([event('done-1'), event('open-1')]);
      const claimed = await store.inbox.claim({ workerId: 'w1', limit: 1, leaseMs: 1000 });
      await store.inbox.complete(ids(claimed), 'w1');
      clock.advance(3_600_000);
      const next = await store.inbox.claim({ workerId: 'w2', limit: 10, leaseMs: 1000 });
      expect(next.map((i) => i.dedupeKey)).toEqual(['open-1']);
    });

    it('extends a lease only for its holder', async () => {
      await store.inbox.enqueue([event('long')]);
      const [item] = await store.inbox.claim({ workerId: 'w1', limit: 1, leaseMs: 1000 });
      expect(await store.inbox.extendLease([item!.id], 'w2', 60_000)).toBe(0);
      expect(await store.inbox.extendLease([item!.id], 'w1', 60_000)).toBe(1);
      clock.advance(30_000);
      expect(await store.inbox.claim({ workerId: 'w2', limit: 1, leaseMs: 1000 })).toEqual([]);
    });

    it('retries later: attempts+1, lastError kept, not claimable before availableAt', async () => {
      await store.inbox.enqueue([event('r')]);
      const [item] = await store.inbox.claim({ workerId: 'w1', limit: 1, leaseMs: 30_000 });
      const retryAt = new Date(clock.now().getTime() + 60_000);
      expect(await store.inbox.retryLater(item!.id, 'w1', 'HubSpot 429', retryAt)).toBe(true);
      expect(await store.inbox.get(item!.id)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HubSpot 429', availableAt: retryAt.toISOString(), leaseOwner: null });
      clock.advance(59_999);
      expect(await store.inbox.claim({ workerId: 'w1', limit: 1, leaseMs: 30_000 })).toEqual([]);
      clock.advance(1);
      const [again] = await store.inbox.claim({ workerId: 'w1', limit: 1, leaseMs: 30_000 });
      expect(again).toMatchObject({ id: item!.id, attempts: 1, claims: 2 });
    });

    it('defers without an attempt: claim taken back, not claimable before availableAt, only by the lease holder', async () => {
      await store.inbox.enqueue([event('blocked')]);
      const [item] = await store.inbox.claim({ workerId: 'w1', limit: 1, leaseMs: 30_000 });
      const until = new Date(clock.now().getTime() + 15 * 60_000);
      expect(await store.inbox.defer(item!.id, 'w2', 'not mine', until)).toBe(false);
      expect(await store.inbox.defer(item!.id, 'w1', 'deferred: HubSpot daily limit', until)).toBe(true);
      expect(await store.inbox.get(item!.id)).toMatchObject({ status: 'pending', attempts: 0, claims: 0, lastError: 'deferred: HubSpot daily limit', availableAt: until.toISOString(), leaseOwner: null });
      clock.advance(15 * 60_000 - 1);
      expect(await store.inbox.claim({ workerId: 'w1', limit: 1, leaseMs: 30_000 })).toEqual([]);
      clock.advance(1);
      const [again] = await store.inbox.claim({ workerId: 'w1', limit: 1, leaseMs: 30_000 });
      expect(again).toMatchObject({ id: item!.id, attempts: 0, claims: 1 });
      expect(await store.inbox.defer(again!.id, 'w1', 'again', clock.now())).toBe(true);
      expect(await store.inbox.defer(again!.id, 'w1', 'twice', clock.now())).toBe(false);
    });

    it('dead-letters with the error, lists them, and requeues all or some', async () => {
      await store.inbox.enqueue([event('d1'), event('d2'), event('d3')]);
      const claimed = await store.inbox.claim({ workerId: 'w1', limit: 3, leaseMs: 30_000 });
      for (const item of claimed) expect(await store.inbox.deadLetter(item.id, 'w1', `boom ${item.dedupeKey}`)).toBe(true);
      expect(await store.inbox.claim({ workerId: 'w1', limit: 3, leaseMs: 30_000 })).toEqual([]);
      const dead = await store.inbox.listDeadLetters();
      expect(dead.map((d) => [d.dedupeKey, d.status, d.lastError, d.attempts, d.deadAt])).toEqual([
        ['d1', 'dead', 'boom d1', 1, clock.now().toISOString()],
        ['d2', 'dead', 'boom d2', 1, clock.now().toISOString()],
        ['d3', 'dead', 'boom d3', 1, clock.now().toISOString()],
      ]);
      expect(await store.inbox.stats()).toEqual({ pending: 0, leased: 0, done: 0, dead: 3 });

      expect(await store.inbox.requeueDeadLetters([dead[0]!.id, 'junk'])).toBe(1);
      expect(await store.inbox.get(dead[0]!.id)).toMatchObject({ status: 'pending', attempts: 0, lastError: 'boom d1' });
      expect(await store.inbox.requeueDeadLetters()).toBe(2);
      expect(await store.inbox.listDeadLetters()).toEqual([]);
      expect((await store.inbox.claim({ workerId: 'w2', limit: 10, leaseMs: 30_000 })).length).toBe(3);
      expect(await store.inbox.requeueDeadLetters([])).toBe(0);
    });

    it('stores rejected items straight as dead letters, with the same dedupe as enqueue', async () => {
      await store.inbox.enqueue([event('same')]);
      const dead = [{ ...event('r1'), error: 'events[3].occurredAt: bad' }, { ...event('r2'), error: 'events[4]: bad' }, { ...event('r1'), error: 'again' }, { ...event('same'), error: 'x' }];
      expect(await store.inbox.enqueueDead(dead)).toEqual({ inserted: 2, duplicates: 2 });
      expect(await store.inbox.enqueueDead(dead.slice(0, 2))).toEqual({ inserted: 0, duplicates: 2 });
      // A dead key is taken: the same item enqueued later is a duplicate, not a second row.
      expect(await store.inbox.enqueue([event('r2')])).toEqual({ inserted: 0, duplicates: 1 });
      expect((await store.inbox.listDeadLetters()).map((d) => [d.dedupeKey, d.status, d.lastError, d.attempts, d.claims, d.deadAt])).toEqual([
        ['r1', 'dead', 'events[3].occurredAt: bad', 0, 0, clock.now().toISOString()],
        ['r2', 'dead', 'events[4]: bad', 0, 0, clock.now().toISOString()],
      ]);
      expect(await store.inbox.claim({ workerId: 'w', limit: 10, leaseMs: 1000 })).toMatchObject([{ dedupeKey: 'same' }]);
      const err = await rejection(store.inbox.enqueueDead([{ ...event('r3'), error: '' }]));
      expect((err as StoreError).field).toBe('items[0].error');
      expect(await store.inbox.enqueueDead([])).toEqual({ inserted: 0, duplicates: 0 });
    });

    it('prunes done items older than the cut-off, and only those', async () => {
      await store.inbox.enqueue([event('old'), event('pending')]);
      const [old] = await store.inbox.claim({ workerId: 'w', limit: 1, leaseMs: 1000 });
      await store.inbox.complete([old!.id], 'w');
      clock.advance(86_400_000);
      expect(await store.inbox.pruneDone(clock.now())).toBe(1);
      expect(await store.inbox.stats()).toEqual({ pending: 1, leased: 0, done: 0, dead: 0 });
      expect(await store.inbox.enqueue([event('old')])).toEqual({ inserted: 1, duplicates: 0 });
    });

    it('rejects nonsense claim options by field', async () => {
      const err = await rejection(store.inbox.claim({ workerId: 'w', limit: 0, leaseMs: 1000 }));
      expect((err as StoreError).field).toBe('limit');
    });

    if (capabilities.concurrentWriters) {
      it('lets a second connection claim while the first holds its claimed rows locked (SKIP LOCKED)', async () => {
        await store.inbox.enqueue(Array.from({ length: 10 }, (_, i) => event(`s-${i}`)));
        const other = await open();
        await store.transaction(async (tx) => {
          const mine = await tx.inbox.claim({ workerId: 'a', limit: 4, leaseMs: 60_000 });
          expect(mine.length).toBe(4);
          // Without SKIP LOCKED the other claim would wait for this transaction: fail fast instead.
          const theirs = await Promise.race([
            other.inbox.claim({ workerId: 'b', limit: 10, leaseMs: 60_000 }),
            new Promise<never>((_, reject) => setTimeout(() => reject(new Error('second claimer blocked on locked rows')), 5000)),
          ]);
          expect(theirs.length).toBe(6);
          expect(ids(mine).filter((id) => ids(theirs).includes(id))).toEqual([]);
        });
      });
    }
  });
}
