// Store contract: app settings (run on SQLite and Postgres by ./index.ts).
import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store';
import type { ContractHarness } from './harness';

export function appSettingsContract(h: ContractHarness): void {
  let store: Store;
  beforeEach(() => {
    store = h.store();
  });

  describe('app settings', () => {
    it('gets null, then the last value put with who put it', async () => {
      expect(await store.appSettings.get('notifications')).toBeNull();
      await store.appSettings.put('notifications', { stages: ['contractsent'], kind: 'task' }, '7');
      const saved = await store.appSettings.put('notifications', { stages: [], kind: 'note', partnerOps: { ownerId: '12' } }, '9');
      await store.appSettings.put('disputes', { alertAfterDays: 7 }, '9');
      expect(saved).toMatchObject({ key: 'notifications', updatedBy: '9' });
      const read = await store.appSettings.get('notifications');
      expect(read).toEqual({ key: 'notifications', value: { stages: [], kind: 'note', partnerOps: { ownerId: '12' } }, updatedBy: '9', updatedAt: saved.updatedAt });
      expect((await store.appSettings.get('disputes'))?.value).toEqual({ alertAfterDays: 7 });
    });

    it('rolls back with the transaction', async () => {
      await store.appSettings.put('k', 1, 'system');
      await expect(
        store.transaction(async (tx) => {
          await tx.appSettings.put('k', 2, 'system');
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect((await store.appSettings.get('k'))?.value).toBe(1);
    });
  });
}
