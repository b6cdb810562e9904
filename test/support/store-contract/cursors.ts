// Store contract: cursors (run on SQLite and Postgres by ./index.ts).
import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store';
import type { ContractHarness } from './harness';

export function cursorsContract(h: ContractHarness): void {
  let store: Store;
  beforeEach(() => {
    store = h.store();
  });

  describe('cursors', () => {
    it('gets null, then what was set last', async () => {
      expect(await store.cursors.get('reconcile')).toBeNull();
      await store.cursors.set('reconcile', '2026-03-01T00:00:00Z');
      await store.cursors.set('reconcile', '2026-03-02T00:00:00Z');
      await store.cursors.set('other', 'x');
      expect(await store.cursors.get('reconcile')).toBe('2026-03-02T00:00:00Z');
    });
  });
}
