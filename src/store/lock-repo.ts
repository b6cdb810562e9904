import type { LockRepo } from './store';
import type { StoreContext } from './store-context';
import { requireText } from './store-codec';
import { StoreError } from './store-error';

export function createLockRepo(ctx: StoreContext): LockRepo {
  const { db } = ctx;
  return {
    // One upsert decides: insert when free; take over when expired; renew when we already hold it.
    // Otherwise the WHERE on DO UPDATE fails and nothing comes back — someone else holds the lock.
    async tryAcquire(name, holder, ttlMs) {
      requireText(name, 'name');
      requireText(holder, 'holder');
      if (!Number.isInteger(ttlMs) || ttlMs <= 0) throw new StoreError('ttlMs must be a positive integer', { field: 'ttlMs' });
      const now = ctx.now();
      const at = now.toISOString();
      const expires = new Date(now.getTime() + ttlMs).toISOString();
      const row = await db
        .insertInto('locks')
        .values({ name, holder, acquired_at: at, expires_at: expires })
        .onConflict((oc) =>
          oc
            .column('name')
            .doUpdateSet((eb) => ({
              holder: eb.ref('excluded.holder'),
              expires_at: eb.ref('excluded.expires_at'),
              // A renewal keeps the original acquisition time; a takeover starts a new one.
              acquired_at: eb.case().when('locks.holder', '=', holder).then(eb.ref('locks.acquired_at')).else(eb.ref('excluded.acquired_at')).end(),
            }))
            .where((eb) => eb.or([eb('locks.holder', '=', holder), eb('locks.expires_at', '<=', at)])),
        )
        .returning('holder')
        .executeTakeFirst();
      return row?.holder === holder;
    },

    async release(name, holder) {
      await db.deleteFrom('locks').where('name', '=', name).where('holder', '=', holder).execute();
    },
  };
}
