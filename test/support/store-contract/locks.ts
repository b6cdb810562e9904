// Store contract: locks (run on SQLite and Postgres by ./index.ts).
import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store';
import type { ContractHarness, TestClock } from './harness';

export function locksContract(h: ContractHarness): void {
  let store: Store;
  let clock: TestClock;
  beforeEach(() => {
    store = h.store();
    clock = h.clock();
  });
  const open = h.open;
  const capabilities = h.capabilities;

  describe('locks', () => {
    it('is exclusive until the TTL, renewable by its holder, free after release', async () => {
      expect(await store.locks.tryAcquire('scheduler', 'a', 10_000)).toBe(true);
      expect(await store.locks.tryAcquire('scheduler', 'b', 10_000)).toBe(false);
      expect(await store.locks.tryAcquire('other', 'b', 10_000)).toBe(true);
      clock.advance(8_000);
      expect(await store.locks.tryAcquire('scheduler', 'a', 10_000)).toBe(true); // renew → until +18 s
      clock.advance(9_000);
      expect(await store.locks.tryAcquire('scheduler', 'b', 10_000)).toBe(false);
      clock.advance(1_000);
      expect(await store.locks.tryAcquire('scheduler', 'b', 10_000)).toBe(true); // a's lease ran out
      expect(await store.locks.tryAcquire('scheduler', 'a', 10_000)).toBe(false);
      await store.locks.release('scheduler', 'a'); // not the holder: no effect
      expect(await store.locks.tryAcquire('scheduler', 'a', 10_000)).toBe(false);
      await store.locks.release('scheduler', 'b');
      expect(await store.locks.tryAcquire('scheduler', 'a', 10_000)).toBe(true);
    });

    it('takes many at once, reports who holds the rest, extends only what is still held', async () => {
      expect(await store.locks.tryAcquire('deal:2', 'b', 10_000)).toBe(true);
      const got = await store.locks.tryAcquireMany(['deal:3', 'deal:1', 'deal:2', 'deal:1'], 'a', 10_000);
      expect(got.acquired.sort()).toEqual(['deal:1', 'deal:3']);
      expect(got.heldByOthers).toEqual([{ name: 'deal:2', holder: 'b', acquiredAt: clock.now().toISOString(), expiresAt: new Date(clock.now().getTime() + 10_000).toISOString() }]);
      clock.advance(10_000);
      expect(await store.locks.tryAcquire('deal:3', 'c', 10_000)).toBe(true); // a's ran out: c takes it over
      expect((await store.locks.extend(['deal:1', 'deal:3'], 'a', 10_000)).sort()).toEqual([]);
      expect(await store.locks.tryAcquireMany(['deal:1'], 'a', 10_000)).toEqual({ acquired: ['deal:1'], heldByOthers: [] });
      clock.advance(5_000);
      expect(await store.locks.extend(['deal:1', 'deal:3'], 'a', 10_000)).toEqual(['deal:1']);
      await store.locks.releaseMany(['deal:1', 'deal:3'], 'a');
      expect(await store.locks.tryAcquire('deal:1', 'z', 1_000)).toBe(true);
      expect(await store.locks.tryAcquire('deal:3', 'z', 1_000)).toBe(false); // c's, not a's to release
    });

    it('counts live locks by prefix (instance heartbeats)', async () => {
      await store.locks.tryAcquire('instance:a', 'a', 6_000);
      await store.locks.tryAcquire('instance:b', 'b', 3_000);
      await store.locks.tryAcquire('scheduler', 'a', 6_000);
      expect(await store.locks.countLive('instance:')).toBe(2);
      clock.advance(3_000);
      expect(await store.locks.countLive('instance:')).toBe(1);
    });

    it('grants a free lock to exactly one of many concurrent contenders', async () => {
      const stores = capabilities.shared ? [store, await open()] : [store];
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => stores[i % stores.length]!.locks.tryAcquire('race', `h${i}`, 10_000)));
      expect(results.filter(Boolean).length).toBe(1);
    });
  });
}
