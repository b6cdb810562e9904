// Store contract: idempotency keys (run on SQLite and Postgres by ./index.ts).
import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store';
import type { ContractHarness, TestClock } from './harness';

export function idempotencyContract(h: ContractHarness): void {
  let store: Store;
  let clock: TestClock;
  beforeEach(() => {
    store = h.store();
    clock = h.clock();
  });

  describe('idempotency keys', () => {
    const opts = () => ({ expiresAt: new Date(clock.now().getTime() + 7 * 86_400_000), staleAfterMs: 120_000 });

    it('one claim per scope and key; the answer is replayed with the request it answered', async () => {
      expect(await store.idempotency.claim('p:createTouchpoint:1', 'k1', { summary: 'a' }, opts())).toEqual({ state: 'new' });
      expect(await store.idempotency.claim('p:createTouchpoint:1', 'k1', { summary: 'a' }, opts())).toEqual({ state: 'in_progress', request: { summary: 'a' } });
      // Another deal (scope) is another key.
      expect(await store.idempotency.claim('p:createTouchpoint:2', 'k1', { summary: 'a' }, opts())).toEqual({ state: 'new' });
      await store.idempotency.answer('p:createTouchpoint:1', 'k1', 201, { id: '7', amount: 5n });
      expect(await store.idempotency.claim('p:createTouchpoint:1', 'k1', { summary: 'b' }, opts())).toEqual({ state: 'answered', request: { summary: 'a' }, status: 201, response: { id: '7', amount: 5n } });
    });

    it('a released claim, a stale claim and an expired key free the key', async () => {
      await store.idempotency.claim('s', 'k', {}, opts());
      await store.idempotency.release('s', 'k');
      expect((await store.idempotency.claim('s', 'k', {}, opts())).state).toBe('new');
      clock.advance(121_000);
      expect((await store.idempotency.claim('s', 'k', {}, opts())).state).toBe('new');
      await store.idempotency.answer('s', 'k', 201, { id: '1' });
      // An answered key is not released by release(), only by expiring.
      await store.idempotency.release('s', 'k');
      expect((await store.idempotency.claim('s', 'k', {}, opts())).state).toBe('answered');
      clock.advance(7 * 86_400_000);
      expect(await store.idempotency.pruneExpired(clock.now())).toBe(1);
      expect((await store.idempotency.claim('s', 'k', {}, opts())).state).toBe('new');
    });
  });
}
