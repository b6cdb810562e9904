import type { AppSetting, AppSettingsRepo } from './store';
import { nowIso } from './store-context';
import type { StoreContext } from './store-context';
import { decodeJson, encodeJson, fromDbTime, requireText } from './store-codec';

export function createAppSettingsRepo(ctx: StoreContext): AppSettingsRepo {
  const { db } = ctx;
  const toSetting = (row: { key: string; value: string; updated_by: string; updated_at: string | Date }): AppSetting => ({
    key: row.key,
    value: decodeJson(row.value),
    updatedBy: row.updated_by,
    updatedAt: fromDbTime(row.updated_at),
  });
  return {
    async get(key) {
      const row = await db.selectFrom('app_settings').selectAll().where('key', '=', key).executeTakeFirst();
      return row ? toSetting(row) : null;
    },

    async put(key, value, updatedBy) {
      const row = {
        key: requireText(key, 'key'),
        value: encodeJson(value, 'value'),
        updated_by: requireText(updatedBy, 'updatedBy'),
        updated_at: nowIso(ctx),
      };
      await db
        .insertInto('app_settings')
        .values(row)
        .onConflict((oc) =>
          oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), updated_by: eb.ref('excluded.updated_by'), updated_at: eb.ref('excluded.updated_at') })),
        )
        .execute();
      return toSetting(row);
    },
  };
}
