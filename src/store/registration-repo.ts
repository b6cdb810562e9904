import type { Selectable } from 'kysely';
import type { RegistrationsTable } from './database-schema';
import type { Registration, RegistrationRepo, RegistrationStatus } from './store';
import { atomically, nowIso } from './store-context';
import type { StoreContext } from './store-context';
import { decodeJson, encodeJson, fromDbTime, fromDbTimeOrNull, idString, requireText, toIso } from './store-codec';

function toRegistration(row: Selectable<RegistrationsTable>): Registration {
  return {
    id: idString(row.id),
    dealId: row.deal_id,
    snapshot: decodeJson(row.snapshot),
    registeredBy: row.registered_by,
    registeredAt: fromDbTime(row.registered_at),
    status: row.status as RegistrationStatus,
    supersededBy: row.superseded_by,
    closedAt: fromDbTimeOrNull(row.closed_at),
  };
}

export function createRegistrationRepo(ctx: StoreContext): RegistrationRepo {
  const { db } = ctx;
  return {
    async create(r) {
      const snapshot = encodeJson(r.snapshot, 'snapshot');
      const dealId = requireText(r.dealId, 'dealId');
      const registeredBy = requireText(r.registeredBy, 'registeredBy');
      const registeredAt = r.registeredAt === undefined ? nowIso(ctx) : toIso(r.registeredAt, 'registeredAt');
      return atomically(ctx, async (trx) => {
        const row = await trx
          .insertInto('registrations')
          .values({ deal_id: dealId, snapshot, registered_by: registeredBy, registered_at: registeredAt, status: 'open', superseded_by: null, closed_at: null })
          .returningAll()
          .executeTakeFirstOrThrow();
        // Re-registering keeps the history ("who registered first" stays answerable) but only the newest is open.
        await trx
          .updateTable('registrations')
          .set({ status: 'superseded', superseded_by: idString(row.id) })
          .where('deal_id', '=', dealId)
          .where('status', '=', 'open')
          .where('id', '<>', row.id)
          .execute();
        return toRegistration(row);
      });
    },

    async latestForDeal(dealId) {
      const row = await db.selectFrom('registrations').selectAll().where('deal_id', '=', dealId).orderBy('id', 'desc').limit(1).executeTakeFirst();
      return row ? toRegistration(row) : null;
    },

    async listForDeal(dealId) {
      const rows = await db.selectFrom('registrations').selectAll().where('deal_id', '=', dealId).orderBy('id').execute();
      return rows.map(toRegistration);
    },

    async listOpen() {
      const rows = await db.selectFrom('registrations').selectAll().where('status', '=', 'open').orderBy('registered_at').orderBy('id').execute();
      return rows.map(toRegistration);
    },

    async close(dealId) {
      await db
        .updateTable('registrations')
        .set({ status: 'closed', closed_at: nowIso(ctx) })
        .where('deal_id', '=', dealId)
        .where('status', '=', 'open')
        .execute();
    },
  };
}
