// Store contract: lifecycle (run on SQLite and Postgres by ./index.ts).
import { beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { KyselyStore } from '../../../src/store/kysely-store';
import { migrateToLatest } from '../../../src/store/migrations';
import type { Store } from '../../../src/store/store';
import type { ContractHarness } from './harness';

export function lifecycleContract(h: ContractHarness): void {
  let store: Store;
  beforeEach(() => {
    store = h.store();
  });
  const open = h.open;
  const capabilities = h.capabilities;

  describe('lifecycle', () => {
    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('applies migrations idempotently: starting twice keeps the data and re-runs nothing', async () => {
      await store.cursors.set('c', 'kept');
      if (capabilities.shared) {
        const second = await open();
        expect(await second.cursors.get('c')).toBe('kept');
        const third = await open();
        expect(await third.cursors.get('c')).toBe('kept');
      }
      if (!(store instanceof KyselyStore)) throw new Error('contract expects the Kysely store');
      if (store.dialect === 'sqlite') {
        // Same handle, second run: nothing left to apply, no error.
        const again = await migrateToLatest(store.db as unknown as Kysely<unknown>, 'sqlite');
        expect(again.error).toBeUndefined();
        expect(again.results).toEqual([]);
      }
      const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(store.db);
      expect(applied.rows.map((r) => r.name)).toEqual(['0001_initial', '0002_account_index', '0004_ledger_chain', '0006_idempotency_and_registration_lifecycle', '0008_account_index_company_name', '0010_account_keys', '0014_account_keys_public_suffix_list', '0015_app_settings', '0016_commission_ledger', '0018_company_index', '0019_account_maps', '0020_notifications', '0022_disputes', '0024_pairings']);
    });
  });
}
