import type { CursorRepo } from './store';
import { nowIso } from './store-context';
import type { StoreContext } from './store-context';
import { requireText } from './store-codec';
import { StoreError } from './store-error';

export function createCursorRepo(ctx: StoreContext): CursorRepo {
  const { db } = ctx;
  return {
    async get(name) {
      const row = await db.selectFrom('cursors').select('value').where('name', '=', name).executeTakeFirst();
      return row?.value ?? null;
    },

    async set(name, value) {
      requireText(name, 'name');
      if (typeof value !== 'string') throw new StoreError('value must be a string', { field: 'value' });
      const at = nowIso(ctx);
      await db
        .insertInto('cursors')
        .values({ name, value, updated_at: at })
        .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), updated_at: eb.ref('excluded.updated_at') })))
        .execute();
    },
  };
}
